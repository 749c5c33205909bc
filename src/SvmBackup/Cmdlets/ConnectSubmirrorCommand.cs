using System.Linq;
using System.Management.Automation;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.PowerShell.Infrastructure;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>
    /// Puts a split submirror back: metaonline for an offlined one (optimized resync), metattach for a detached one
    /// (full resync), matching how it was split. Returns the mirror, which shows the resync (pipe it to Wait-SvmResync).
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Submirror", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(SvmMirror))]
    public sealed class ConnectSubmirrorCommand : SvmHostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(MirrorNameCompleter))]
        public string Mirror { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SubmirrorNameCompleter))]
        public string Submirror { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DiskSetNameCompleter))]
        public string? DiskSet { get; set; }

        /// <summary>How it was split (from Disconnect-Submirror). When omitted it is read from metastat: listed as offline → metaonline; not in the mirror → metattach.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SvmSplitMethod? SplitMethod { get; set; }

        protected override void ProcessRecord()
        {
            // Every name is checked before any connection or read: without -SplitMethod metastat is read first, and a
            // hostile -Submirror must be refused before that round trip, not after it.
            if (SafeCommand(() => SubmirrorOperations.RejoinCommand(DiskSet, Mirror, Submirror, SplitMethod ?? SvmSplitMethod.Offline).ToShell()) == null) return;
            foreach (var session in Sessions())
            {
                var method = SplitMethod ?? RunQuiet<SvmSplitMethod?>(session, async ct =>
                {
                    var m = await SubmirrorOperations.ReadMirrorAsync(session, DiskSet, Mirror, ct).ConfigureAwait(false);
                    var listed = m.Submirrors.FirstOrDefault(s => s.Name == Submirror);
                    if (listed == null) return (SvmSplitMethod?)SvmSplitMethod.Detach;
                    if (listed.IsOffline) return SvmSplitMethod.Offline;
                    throw new SvmRefusedException(SvmRefusal.SubmirrorNotSplit, $"{Submirror} is in {m.FullName} on {session.ComputerName} and not offline ({listed.StateText}): there is nothing to put back.", Submirror);
                }, Submirror);
                if (method == null) continue;
                var command = SafeCommand(() => SubmirrorOperations.RejoinCommand(DiskSet, Mirror, Submirror, method.Value).ToShell());
                if (command == null) return;
                var where = $"{(DiskSet == null ? "" : "disk set " + DiskSet + ", ")}mirror {Mirror} on {session.ComputerName}";
                if (!ShouldProcess(where, $"Put submirror {Submirror} back ({command}); a {(method == SvmSplitMethod.Offline ? "optimized" : "full")} resync starts")) continue;
                Run(session, ct => SubmirrorOperations.RejoinAsync(session, DiskSet, Mirror, Submirror, method.Value, ct), Submirror);
            }
        }
    }
}
