using System;
using System.Globalization;
using System.Management.Automation;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.PowerShell.Infrastructure;
using SvmBackup.Sessions;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>
    /// ufsdump of a split submirror's raw device: to a tape drive or a file on the host, or streamed (ufsdump f -) into
    /// a local file that appears under its final name only after a successful dump, with its SHA-256. Refuses a
    /// submirror that the input does not show as split (a dump of a live submirror is inconsistent) unless -Force.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "SubmirrorDump", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(SvmDumpResult))]
    public sealed class InvokeSubmirrorDumpCommand : SvmSubmirrorCmdlet
    {
        /// <summary>The mirror the submirror belongs to (informational, carried into the result).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(MirrorNameCompleter))]
        public string? Mirror { get; set; }

        [Parameter]
        [ValidateRange(0, 9)]
        public int Level { get; set; }

        /// <summary>ufsdump u: record the dump in the host's /etc/dumpdates after success.</summary>
        [Parameter]
        public SwitchParameter UpdateDumpDates { get; set; }

        /// <summary>A tape device on the host (/dev/rmt/0n).</summary>
        [Parameter]
        public string? TapeDevice { get; set; }

        /// <summary>A file on the host (/backup/home1.0).</summary>
        [Parameter]
        public string? RemotePath { get; set; }

        /// <summary>A local file: the dump is streamed over the session (ufsdump f -).</summary>
        [Parameter]
        [Alias("OutFile")]
        public string? Destination { get; set; }

        /// <summary>Dump even if the input does not show the submirror as split; replace an existing -Destination file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private static int _activity;

        protected override void ProcessRecord()
        {
            var targetKind = SubmirrorDumpOperations.ChooseTarget(TapeDevice, RemotePath, Destination);
            if (targetKind == null)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give exactly one of -TapeDevice, -RemotePath or -Destination."), "DumpTargetRequired", ErrorCategory.InvalidArgument, null));
                return;
            }
            string device;
            SubmirrorDumpRequest request;
            string command;
            try
            {
                device = SubmirrorDumpOperations.ResolveDevice(DiskSet, Submirror, RawDevice);
                if (Mirror != null) Scripts.SolarisName.ValidateMetadevice(Mirror, "Mirror");
                request = new SubmirrorDumpRequest
                {
                    DiskSet = DiskSet, Mirror = string.IsNullOrEmpty(Mirror) ? null : Mirror, Submirror = string.IsNullOrEmpty(Submirror) ? null : Submirror,
                    RawDevice = device, Level = Level, UpdateDumpDates = UpdateDumpDates,
                    TargetKind = targetKind.Value,
                    HostTarget = TapeDevice ?? RemotePath ?? "-",
                };
                // Validates the whole command line (host paths; "-" only for the local stream) before anything is sent.
                command = (targetKind == SvmDumpTargetKind.LocalFile ? SubmirrorDumpOperations.DumpCommand(Level, UpdateDumpDates, "-", device) : SubmirrorDumpOperations.HostDumpCommand(request)).ToShell();
            }
            catch (ArgumentException ex)
            {
                WriteError(ToErrorRecord(ex, Submirror ?? RawDevice));
                return;
            }
            if (SplitMethod == null && !Force)
            {
                WriteError(ToErrorRecord(new SvmRefusedException(SvmRefusal.SubmirrorNotSplit,
                    $"Refusing to dump {device}: the input does not show it as split from its mirror (no SplitMethod). A dump of a submirror that is still active in the mirror is taken while it changes and is inconsistent. " +
                    "Split it first (Disconnect-Submirror) and pipe its output here, or give -SplitMethod, or -Force to dump it anyway.", device), device));
                return;
            }
            string? local = Destination == null ? null : GetUnresolvedProviderPathFromPSPath(Destination);
            foreach (var session in Sessions())
            {
                var target = local ?? session.ComputerName + ":" + request.HostTarget;
                if (!ShouldProcess($"{device} on {session.ComputerName}", $"Level {Level} dump ({command}) to {target}")) continue;
                var result = RunDump(session, request, local);
                if (result != null) WriteObject(result);
            }
        }

        private SvmDumpResult? RunDump(SvmSession session, SubmirrorDumpRequest request, string? local)
        {
            var activityId = System.Threading.Interlocked.Increment(ref _activity);
            var activity = $"ufsdump level {request.Level} of {request.RawDevice} on {session.ComputerName}";
            try
            {
                SvmDumpResult result;
                if (local == null)
                {
                    result = Await(ct => SubmirrorDumpOperations.DumpOnHostAsync(session, request, ct));
                }
                else
                {
                    Action<long> progress = bytes => Post(() => WriteProgress(new ProgressRecord(activityId, activity,
                        string.Format(CultureInfo.InvariantCulture, "{0:0.0} MB received into {1}", bytes / 1048576.0, local))));
                    result = Await(ct => SubmirrorDumpOperations.DumpToLocalFileAsync(session, request, local, Force, progress, ct));
                }
                WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
                foreach (var m in result.Messages) WriteVerbose($"{session.ComputerName}: DUMP: {m}");
                return result;
            }
            catch (SubmirrorDumpException ex)
            {
                foreach (var m in ex.Messages.Messages) WriteVerbose($"{session.ComputerName}: DUMP: {m}");
                var record = new ErrorRecord(ex, "UfsdumpFailed", ex.NeedsAttention ? ErrorCategory.DeviceError : ErrorCategory.WriteError, request.RawDevice);
                record.ErrorDetails = new ErrorDetails(session.Secrets.Apply(ex.Message))
                {
                    RecommendedAction = ex.NeedsAttention
                        ? "ufsdump needed an operator (no tty, so it aborted): check that the tape is loaded and ready or that the output path exists and is writable, then run the dump again."
                        : "Nothing usable was kept. Check the messages (-Verbose), the target's free space and the device, then run the dump again.",
                };
                WriteError(record);
                return null;
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(ex, "DestinationNotWritable", ErrorCategory.WriteError, local));
                return null;
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                WriteError(ToErrorRecord(ex, request.RawDevice, session.Secrets));
                return null;
            }
        }
    }
}
