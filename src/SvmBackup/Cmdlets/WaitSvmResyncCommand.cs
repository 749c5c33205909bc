using System;
using System.Management.Automation;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.PowerShell.Infrastructure;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>Waits until a mirror's resync is finished (polls metastat), showing progress; returns the final mirror.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "SvmResync", DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(SvmMirror))]
    public sealed class WaitSvmResyncCommand : SvmHostCmdlet
    {
        /// <summary>The mirror (d1); bound from Connect-Submirror or Get-SvmMirror output by its Name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(MirrorNameCompleter))]
        public string Mirror { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DiskSetNameCompleter))]
        public string? DiskSet { get; set; }

        /// <summary>Give up after this many seconds (an error; nothing is undone, the resync goes on). No limit by default.</summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int? TimeoutSeconds { get; set; }

        /// <summary>Seconds between two metastat reads (default 5).</summary>
        [Parameter]
        [ValidateRange(0.05, 3600)]
        public double PollIntervalSeconds { get; set; } = 5;

        protected override void ProcessRecord()
        {
            foreach (var session in Sessions())
            {
                var activity = $"Resync of {(DiskSet == null ? "" : DiskSet + "/")}{Mirror} on {session.ComputerName}";
                Run(session, ct => ResyncOperations.WaitAsync(session, DiskSet, Mirror,
                    TimeoutSeconds.HasValue ? TimeSpan.FromSeconds(TimeoutSeconds.Value) : (TimeSpan?)null,
                    TimeSpan.FromSeconds(PollIntervalSeconds),
                    m => Post(() =>
                    {
                        var pct = m.IsHealthy ? 100 : (int)Math.Min(99, Math.Max(0, m.ResyncPercent ?? 0));
                        WriteProgress(new ProgressRecord(1, activity, m.IsHealthy ? "Okay" : $"{m.ResyncPercent ?? 0} % done") { PercentComplete = pct, RecordType = m.IsHealthy ? ProgressRecordType.Completed : ProgressRecordType.Processing });
                    }), ct), Mirror);
            }
        }
    }
}
