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
    /// Reads the disk sets a node knows (metaset) as typed objects: hosts and which one owns the set (only the
    /// owner node knows it owns it), multi-owner master and members, drives and their state database replicas.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SvmDiskSet", DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(SvmDiskSet))]
    public sealed class GetSvmDiskSetCommand : SvmHostCmdlet
    {
        /// <summary>Disk set names; wildcards allowed. All sets when omitted.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [Alias("DiskSet", "SetName")]
        [ArgumentCompleter(typeof(DiskSetNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            // One exact name is asked for with metaset -s (so "no such set" is the host's own answer); otherwise all sets are read and filtered.
            var exact = Name != null && Name.Length == 1 && !WildcardPattern.ContainsWildcardCharacters(Name[0]) ? Name[0] : null;
            if (exact != null)
            {
                try { SolarisName.ValidateDiskSet(exact, nameof(Name)); }
                catch (ArgumentException ex) { ThrowTerminatingError(ToErrorRecord(ex, exact)); }
            }
            var names = exact != null || Name == null || Name.Length == 0 ? Name : ValidPatterns(Name, nameof(Name));
            if (names is { Length: 0 }) return; // every pattern invalid (each an error): nothing can match, nothing is read
            try
            {
                foreach (var session in TargetSessions())
                {
                    FlushWarnings();
                    try
                    {
                        var sets = Await(ct => DiskSetInventory.GetAsync(session, exact, ct));
                        if (names == null || exact != null) { WriteObject(sets, true); continue; }
                        foreach (var n in names)
                        {
                            var wc = new WildcardPattern(n, WildcardOptions.IgnoreCase);
                            var hits = sets.Where(s => wc.IsMatch(s.Name)).ToArray();
                            if (hits.Length == 0 && !WildcardPattern.ContainsWildcardCharacters(n))
                                WriteError(new ErrorRecord(new ItemNotFoundException($"No disk set '{n}' on {session.ComputerName}."), "DiskSetNotFound", ErrorCategory.ObjectNotFound, n));
                            WriteObject(hits, true);
                        }
                    }
                    catch (Exception ex) when (!(ex is PipelineStoppedException))
                    {
                        WriteError(ToErrorRecord(ex, session, session.Secrets));
                    }
                }
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                FlushWarnings();
                ThrowTerminatingError(ToErrorRecord(ex, string.Join(",", ComputerName)));
            }
        }
    }
}
