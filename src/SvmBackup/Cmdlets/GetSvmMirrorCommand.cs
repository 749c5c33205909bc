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
        [Alias("Mirror", "MountPoint")]
        public string[]? Name { get; set; }

        /// <summary>Disk set (metastat -s SET); the local set when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("SetName")]
        public string? DiskSet { get; set; }

        protected override void ProcessRecord()
        {
            if (DiskSet != null)
            {
                try { SolarisName.ValidateDiskSet(DiskSet, nameof(DiskSet)); }
                catch (ArgumentException ex) { ThrowTerminatingError(ToErrorRecord(ex, DiskSet)); }
            }
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
                ThrowTerminatingError(ToErrorRecord(ex, ComputerName));
            }
        }

        private void WriteMatches(System.Collections.Generic.IReadOnlyList<SvmMirror> mirrors, string node)
        {
            if (Name == null || Name.Length == 0)
            {
                WriteObject(mirrors, true);
                return;
            }
            foreach (var n in Name)
            {
                var wc = new WildcardPattern(n, WildcardOptions.IgnoreCase);
                var hits = mirrors.Where(m => wc.IsMatch(m.Name) || wc.IsMatch(m.FullName) || (m.MountPoint != null && wc.IsMatch(m.MountPoint))).ToArray();
                if (hits.Length == 0 && !WildcardPattern.ContainsWildcardCharacters(n))
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No mirror named or mounted at '{n}' on {node}{(DiskSet == null ? "" : " in disk set " + DiskSet)}."), "MirrorNotFound", ErrorCategory.ObjectNotFound, n));
                WriteObject(hits, true);
            }
        }
    }
}
