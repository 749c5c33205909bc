using System;
using System.Linq;
using System.Management.Automation;
using SvmBackup.Inventory;
using SvmBackup.Model;
using SvmBackup.PowerShell.Infrastructure;
using SvmBackup.Scripts;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>
    /// Reads the SVM mirrors of a node (metastat + /etc/mnttab in one round trip) as typed objects: state of every
    /// submirror, resync progress, mount point and raw device.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SvmMirror", DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(SvmMirror))]
    public sealed class GetSvmMirrorCommand : SvmHostCmdlet
    {
        /// <summary>Mirror names (d1) or mount points (/home1); wildcards allowed. All mirrors when omitted.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [Alias("Mirror")]
        [ArgumentCompleter(typeof(MirrorNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Mount points (/home1); wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(MirrorNameCompleter))]
        public string[]? MountPoint { get; set; }

        /// <summary>Disk set (metastat -s SET); the local set when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("SetName")]
        [ArgumentCompleter(typeof(DiskSetNameCompleter))]
        public string? DiskSet { get; set; }

        private string[]? _names;
        private string[]? _mountPoints;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _names = ValidPatterns(Name, nameof(Name));
            _mountPoints = ValidPatterns(MountPoint, nameof(MountPoint));
        }

        protected override void ProcessRecord()
        {
            if (DiskSet != null)
            {
                try { SolarisName.ValidateDiskSet(DiskSet, nameof(DiskSet)); }
                catch (ArgumentException ex) { ThrowTerminatingError(ToErrorRecord(ex, DiskSet)); }
            }
            // Every pattern of a filter was invalid (each an error already): nothing can match, nothing is read.
            if (_names is { Length: 0 } || _mountPoints is { Length: 0 }) return;
            try
            {
                foreach (var session in TargetSessions())
                {
                    FlushWarnings();
                    WriteVerbose($"Reading mirrors on {session.ComputerName}{(DiskSet == null ? "" : " in disk set " + DiskSet)}.");
                    try
                    {
                        var warnings = new System.Collections.Concurrent.ConcurrentQueue<string>();
                        var mirrors = Await(ct => MirrorInventory.GetAsync(session, DiskSet, warnings.Enqueue, ct));
                        foreach (var w in warnings) WriteWarning(w);
                        WriteMatches(mirrors, session.ComputerName);
                    }
                    catch (Exception ex) when (!(ex is PipelineStoppedException))
                    {
                        WriteError(ToErrorRecord(ex, session, session.Secrets));
                    }
                }
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                // A one-shot connection that could not be opened.
                FlushWarnings();
                ThrowTerminatingError(ToErrorRecord(ex, string.Join(",", ComputerName)));
            }
        }

        private void WriteMatches(System.Collections.Generic.IReadOnlyList<SvmMirror> mirrors, string node)
        {
            var selected = mirrors.AsEnumerable();
            // -Name matches the name (d1, schost-1/d0) or, for convenience, the mount point; -MountPoint only the mount point.
            selected = Filter(selected, _names, (m, wc) => wc.IsMatch(m.Name) || wc.IsMatch(m.FullName) || (m.MountPoint != null && wc.IsMatch(m.MountPoint)), node, "named or mounted at");
            selected = Filter(selected, _mountPoints, (m, wc) => m.MountPoint != null && wc.IsMatch(m.MountPoint), node, "mounted at");
            WriteObject(selected.ToArray(), true);
        }

        private System.Collections.Generic.IEnumerable<SvmMirror> Filter(System.Collections.Generic.IEnumerable<SvmMirror> mirrors, string[]? patterns, Func<SvmMirror, WildcardPattern, bool> match, string node, string what)
        {
            if (patterns == null || patterns.Length == 0) return mirrors;
            var list = mirrors.ToList();
            var kept = new System.Collections.Generic.List<SvmMirror>();
            foreach (var p in patterns)
            {
                var wc = new WildcardPattern(p, WildcardOptions.IgnoreCase);
                var hits = list.Where(m => match(m, wc)).ToList();
                if (hits.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(p))
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No mirror {what} '{p}' on {node}{(DiskSet == null ? "" : " in disk set " + DiskSet)}."), "MirrorNotFound", ErrorCategory.ObjectNotFound, p));
                kept.AddRange(hits.Where(h => !kept.Contains(h)));
            }
            return kept;
        }
    }
}
