using System.Linq;
using System.Management.Automation;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.PowerShell.Infrastructure;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>Shows the lockfs state of every mounted UFS file system of a node (lockfs -a).</summary>
    [Cmdlet(VerbsCommon.Get, "UfsLock", DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(UfsLock))]
    public sealed class GetUfsLockCommand : SvmHostCmdlet
    {
        /// <summary>Mount points to show; wildcards allowed. All when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(MirrorNameCompleter))]
        public string[]? MountPoint { get; set; }

        protected override void ProcessRecord()
        {
            var patterns = ValidPatterns(MountPoint, nameof(MountPoint));
            if (patterns is { Length: 0 }) return; // every pattern invalid (each an error): nothing can match, nothing is read
            foreach (var session in Sessions())
            {
                var locks = RunQuiet(session, ct => UfsLockOperations.GetAsync(session, ct), session);
                if (locks == null) continue;
                var shown = patterns == null
                    ? locks
                    : locks.Where(l => patterns.Any(p => new WildcardPattern(p, WildcardOptions.IgnoreCase).IsMatch(l.MountPoint))).ToList();
                WriteObject(shown, true);
            }
        }
    }
}
