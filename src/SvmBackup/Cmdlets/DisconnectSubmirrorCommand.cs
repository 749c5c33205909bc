using System.Management.Automation;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.PowerShell.Infrastructure;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>
    /// Takes one submirror out of its mirror: metaoffline by default (rejoined later by an optimized resync of the
    /// regions written meanwhile), or -Detach: metadetach (full resync later; the Sun Cluster procedure). The kernel's
    /// rules are checked first and a refusal is explained; at least one Okay submirror always stays in the mirror.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Submirror", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(SvmSubmirrorSplit))]
    public sealed class DisconnectSubmirrorCommand : SvmHostCmdlet
    {
        /// <summary>The mirror (d1); bound from Get-SvmMirror output by its Name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(MirrorNameCompleter))]
        public string Mirror { get; set; } = "";

        /// <summary>The submirror to take out (d3).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ArgumentCompleter(typeof(SubmirrorNameCompleter))]
        public string Submirror { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DiskSetNameCompleter))]
        public string? DiskSet { get; set; }

        /// <summary>metadetach instead of metaoffline.</summary>
        [Parameter]
        public SwitchParameter Detach { get; set; }

        /// <summary>Pass -f where SVM allows it: offline a submirror that is not Okay, detach one with erred components.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var method = Detach ? SvmSplitMethod.Detach : SvmSplitMethod.Offline;
            foreach (var session in Sessions())
            {
                var command = SafeCommand(() => SubmirrorOperations.SplitCommand(DiskSet, Mirror, Submirror, method, Force).ToShell());
                if (command == null) return;
                var where = $"{(DiskSet == null ? "" : "disk set " + DiskSet + ", ")}mirror {Mirror} on {session.ComputerName}";
                var what = method == SvmSplitMethod.Offline
                    ? $"Take submirror {Submirror} offline ({command}); it stays read-only until Connect-Submirror"
                    : $"Detach submirror {Submirror} ({command}); Connect-Submirror will resync it in full";
                if (!ShouldProcess(where, what)) continue;
                Run(session, ct => SubmirrorOperations.SplitAsync(session, DiskSet, Mirror, Submirror, method, Force, ct), Submirror);
            }
        }
    }
}
