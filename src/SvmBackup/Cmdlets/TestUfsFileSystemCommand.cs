using System;
using System.Management.Automation;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.PowerShell.Infrastructure;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>
    /// fsck of a split submirror's raw device: -n by default (never writes), -Quick (fsck -m, superblock sanity),
    /// -Repair (fsck -y) only for a detached submirror — an offlined submirror is never written.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "UfsFileSystem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(UfsCheckResult))]
    public sealed class TestUfsFileSystemCommand : SvmSubmirrorCmdlet
    {
        /// <summary>fsck -m: superblock sanity check only.</summary>
        [Parameter]
        public SwitchParameter Quick { get; set; }

        /// <summary>fsck -y: repair (detached submirrors only).</summary>
        [Parameter]
        public SwitchParameter Repair { get; set; }

        protected override void ProcessRecord()
        {
            if (Quick && Repair)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Quick and -Repair cannot be combined."), "InvalidArgument", ErrorCategory.InvalidArgument, null));
                return;
            }
            var mode = Repair ? UfsCheckMode.Repair : Quick ? UfsCheckMode.Quick : UfsCheckMode.Check;
            string device;
            try
            {
                device = SubmirrorDumpOperations.ResolveDevice(DiskSet, Submirror, RawDevice);
                UfsCheckOperations.CheckCommand(device, mode);
                if (mode == UfsCheckMode.Repair) UfsCheckOperations.CheckRepairAllowed(SplitMethod, device);
            }
            catch (UfsCheckRefusedException ex)
            {
                var record = new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidOperation, Submirror ?? RawDevice);
                record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Nothing was run on the host. Use Test-UfsFileSystem without -Repair (fsck -n) for an offlined submirror." };
                WriteError(record);
                return;
            }
            catch (ArgumentException ex)
            {
                WriteError(ToErrorRecord(ex, Submirror ?? RawDevice));
                return;
            }
            foreach (var session in Sessions())
            {
                var command = UfsCheckOperations.CheckCommand(device, mode).ToShell();
                if (mode == UfsCheckMode.Repair && !ShouldProcess($"{device} on {session.ComputerName}", $"Repair the file system ({command})")) continue;
                UfsCheckResult? result;
                try
                {
                    result = Await(ct => UfsCheckOperations.CheckAsync(session, device, mode, SplitMethod, ct));
                }
                catch (Exception ex) when (!(ex is PipelineStoppedException))
                {
                    WriteError(ToErrorRecord(ex, device, session.Secrets));
                    continue;
                }
                result.DiskSet = DiskSet;
                result.Submirror = string.IsNullOrEmpty(Submirror) ? null : Submirror;
                if (result.ExitCode == 1 || result.ExitCode == 34)
                {
                    var error = new ErrorRecord(new InvalidOperationException($"'{command}' failed on {session.ComputerName} (exit {result.ExitCode}): {result.Output.Trim()}"),
                        "FsckFailed", result.ExitCode == 34 ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidArgument, device);
                    error.ErrorDetails = new ErrorDetails(error.Exception.Message) { RecommendedAction = "Check the device name (metastat -p) and that the session runs as root or with -Elevation." };
                    WriteError(error);
                    continue;
                }
                if (result.Verdict == UfsCheckVerdict.Failed || result.Verdict == UfsCheckVerdict.UncorrectedErrors)
                    WriteWarning($"fsck of {device} on {session.ComputerName} ended with exit {result.ExitCode} ({result.Verdict}): {string.Join("; ", result.Trailers)}");
                WriteObject(result);
            }
        }
    }
}
