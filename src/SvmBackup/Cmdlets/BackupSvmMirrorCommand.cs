using System;
using System.Linq;
using System.Management.Automation;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.PowerShell.Infrastructure;
using SvmBackup.Scripts;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>
    /// The whole online backup of one mirror: read-only preflight (also under -WhatIf); lock, split and unlock in ONE
    /// trapped remote script (the file system is unlocked even if the connection dies); fsck -n of the copy; ufsdump;
    /// rejoin in a finally that runs after any failure or Ctrl+C; optionally wait for the resync.
    /// </summary>
    [Cmdlet(VerbsData.Backup, "SvmMirror", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(SvmBackupResult), typeof(SvmBackupPlan))]
    public sealed class BackupSvmMirrorCommand : SvmHostCmdlet
    {
        /// <summary>The mirror (d1); bound from Get-SvmMirror output by Name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(MirrorNameCompleter))]
        public string Mirror { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DiskSetNameCompleter))]
        public string? DiskSet { get; set; }

        /// <summary>The submirror to split; by default the last Okay one (another Okay submirror always stays).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SubmirrorNameCompleter))]
        public string? Submirror { get; set; }

        /// <summary>Offline (metaoffline/metaonline, optimized resync; default) or Detach (metadetach/metattach, full resync).</summary>
        [Parameter]
        public SvmSplitMethod Method { get; set; } = SvmSplitMethod.Offline;

        [Parameter]
        [ValidateRange(0, 9)]
        public int Level { get; set; }

        [Parameter]
        public SwitchParameter UpdateDumpDates { get; set; }

        [Parameter]
        public string? TapeDevice { get; set; }

        [Parameter]
        public string? RemotePath { get; set; }

        [Parameter]
        [Alias("OutFile")]
        public string? Destination { get; set; }

        /// <summary>Replace an existing -Destination file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Wait for the resync after the rejoin.</summary>
        [Parameter]
        public SwitchParameter WaitForResync { get; set; }

        [Parameter]
        [ValidateRange(0.05, 3600)]
        public double PollIntervalSeconds { get; set; } = 5;

        /// <summary>Run the read-only preflight and return the plan (steps, commands, the trapped script) without changing anything.</summary>
        [Parameter]
        public SwitchParameter PlanOnly { get; set; }

        protected override void ProcessRecord()
        {
            var targetKind = SubmirrorDumpOperations.ChooseTarget(TapeDevice, RemotePath, Destination);
            if (targetKind == null)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give exactly one of -TapeDevice, -RemotePath or -Destination."), "DumpTargetRequired", ErrorCategory.InvalidArgument, null));
            foreach (var session in Sessions()) BackUp(session);
        }

        private void BackUp(SvmBackup.Sessions.SvmSession session)
        {
            var tripsAtStart = session.RoundTrips;
            // 1. Preflight: read-only, always (also under -WhatIf, so a rehearsal tells the truth about the host).
            var pre = RunQuiet(session, ct => MirrorBackup.PreflightAsync(session, DiskSet, Mirror, Submirror, Method, ct), Mirror);
            if (pre.Mirror == null) return;
            var m = pre.Mirror;
            var sub = pre.Submirror;
            var split = SubmirrorOperations.SplitCommand(DiskSet, Mirror, sub, Method, false);
            var rejoin = SubmirrorOperations.RejoinCommand(DiskSet, Mirror, sub, Method);
            var rawDevice = SubmirrorDumpOperations.ResolveDevice(DiskSet, sub, null);
            var where = $"{m.FullName} ({m.MountPoint}) on {session.ComputerName}";
            var result = new SvmBackupResult
            {
                Session = session, ComputerName = session.ComputerName, DiskSet = DiskSet, Mirror = Mirror, Submirror = sub, MountPoint = m.MountPoint,
                Method = Method, Level = Level, Target = TapeDevice ?? RemotePath ?? GetUnresolvedProviderPathFromPSPath(Destination!), Start = DateTime.Now,
            };

            var checkCmd = UfsCheckOperations.CheckCommand(rawDevice, UfsCheckMode.Check).ToShell();
            var dumpCmd = SubmirrorDumpOperations.DumpCommand(Level, UpdateDumpDates, TapeDevice ?? RemotePath ?? "-", rawDevice).ToShell() + (Destination != null ? " > " + result.Target : "");
            if (PlanOnly)
            {
                WriteObject(new SvmBackupPlan
                {
                    ComputerName = session.ComputerName, DiskSet = DiskSet, Mirror = Mirror, Submirror = sub, MountPoint = m.MountPoint, Method = Method,
                    Steps = new[]
                    {
                        "lock-split-unlock: " + UfsLockOperations.CommandText("-w", m.MountPoint!) + "; " + split.ToShell() + "; " + UfsLockOperations.CommandText("-u", m.MountPoint!),
                        "check: " + checkCmd,
                        "dump: " + dumpCmd,
                        "rejoin: " + rejoin.ToShell(),
                    }.Concat(WaitForResync ? new[] { "wait: " + SvmBackup.Scripts.SolarisPaths.Metastat + (DiskSet == null ? "" : " -s " + DiskSet) + " (until Okay)" } : Array.Empty<string>()).ToArray(),
                    FreezeScript = FreezeSplitThaw.Preview(session, m.MountPoint!, DiskSet, Mirror, sub, Method),
                });
                return;
            }

            // 2. Lock + split + unlock: one trapped script.
            var lockText = $"{UfsLockOperations.CommandText("-w", m.MountPoint!)}; {split.ToShell()}; {UfsLockOperations.CommandText("-u", m.MountPoint!)} (one script; unlocks on any exit)";
            var lockAction = "Write-lock, split submirror " + sub + " and unlock: " + lockText;
            if (!ShouldProcess($"Performing the operation \"{lockAction}\" on target \"{where}\".", $"{lockAction} on {where}?", "Confirm", out var reason))
            {
                if (reason != ShouldProcessReason.WhatIf) return; // declined under -Confirm: nothing was changed
                // -WhatIf: describe the remaining steps with their exact commands, change nothing.
                ShouldProcess(where, "Check the copy: " + checkCmd);
                ShouldProcess(where, "Dump: " + dumpCmd);
                ShouldProcess(where, "Rejoin: " + rejoin.ToShell());
                return;
            }
            var fst = RunQuiet(session, ct => FreezeSplitThaw.RunAsync(session, m.MountPoint!, DiskSet, Mirror, sub, Method, ct), Mirror);
            if (fst == null) return;
            result.WriteLockWindow = fst.WriteLockWindow;
            if (!fst.Unlocked)
            {
                result.Status = "Incomplete";
                WriteObject(result);
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"{m.MountPoint} on {session.ComputerName} may still be write-locked: the unlock reported a failure. Run: lockfs -u {m.MountPoint}"), "FileSystemLeftLocked", ErrorCategory.InvalidResult, m.MountPoint));
            }
            if (fst.SplitExitCode == null)
            {
                // lockfs -w itself failed (or the script died before the split): nothing was split; the trap unlocked.
                result.Status = "Failed";
                result.End = DateTime.Now;
                WriteError(ToErrorRecord(new SvmToolException(session.ComputerName, new CommandResult(new RemoteCommand(SolarisPaths.Lockfs, "-w", m.MountPoint!), "", fst.Stderr, fst.ExitCode), Array.Empty<SvmToolError>()), m.MountPoint, session.Secrets));
                WriteObject(result);
                return;
            }
            if (fst.SplitExitCode != 0)
            {
                var r = new CommandResult(split, fst.Stdout, fst.Stderr, fst.SplitExitCode);
                result.Status = "Failed";
                result.End = DateTime.Now;
                WriteError(ToErrorRecord(new SvmToolException(session.ComputerName, r, SvmBackup.Parsing.MetaErrorParser.Parse(fst.Stderr)), Mirror, session.Secrets));
                WriteObject(result);
                return;
            }
            var splitAt = DateTime.Now;
            var failed = false;
            try
            {
                // 3. Check (read-only: fsck -n never writes; an offlined submirror must never be written).
                if (ShouldProcess(where, "Check the copy: " + UfsCheckOperations.CheckCommand(rawDevice, UfsCheckMode.Check).ToShell()))
                    result.Check = RunQuiet(session, ct => UfsCheckOperations.CheckAsync(session, rawDevice, UfsCheckMode.Check, Method, ct), sub);
                // 4. Dump.
                var request = new SubmirrorDumpRequest { DiskSet = DiskSet, Mirror = Mirror, Submirror = sub, RawDevice = rawDevice, Level = Level, UpdateDumpDates = UpdateDumpDates,
                    TargetKind = SubmirrorDumpOperations.ChooseTarget(TapeDevice, RemotePath, Destination)!.Value, HostTarget = TapeDevice ?? RemotePath ?? "" };
                if (ShouldProcess(where, "Dump: " + SubmirrorDumpOperations.DumpCommand(Level, UpdateDumpDates, TapeDevice ?? RemotePath ?? "-", rawDevice).ToShell()))
                {
                    result.Dump = RunQuiet(session, ct => Destination != null
                        ? SubmirrorDumpOperations.DumpToLocalFileAsync(session, request, result.Target, Force, null, ct)
                        : SubmirrorDumpOperations.DumpOnHostAsync(session, request, ct), sub);
                    failed = result.Dump == null;
                    result.Bytes = result.Dump?.Bytes;
                    result.Sha256 = result.Dump?.Sha256;
                }
            }
            finally
            {
                // 5. Rejoin, whatever happened above (errors, Ctrl+C): a submirror is never left out silently.
                // Uses a fresh token: after Ctrl+C the pipeline's token is cancelled, but the rejoin must still run.
                SvmMirror? back = null;
                try
                {
                    back = System.Threading.Tasks.Task.Run(() => SubmirrorOperations.RejoinAsync(session, DiskSet, Mirror, sub, Method, System.Threading.CancellationToken.None)).GetAwaiter().GetResult();
                }
                catch (Exception ex)
                {
                    result.Status = "Incomplete";
                    result.End = DateTime.Now;
                    WriteObject(result);
                    var record = new ErrorRecord(new InvalidOperationException(
                        $"{sub} is still out of {m.FullName} on {session.ComputerName} ({(Method == SvmSplitMethod.Offline ? "offline" : "detached")}): the rejoin failed: {session.Secrets.Apply(ex.Message)}. Recover with: {rejoin.ToShell()}", ex),
                        "SubmirrorNotRejoined", ErrorCategory.InvalidResult, sub);
                    record.ErrorDetails = new ErrorDetails(record.Exception.Message) { RecommendedAction = "Run on " + session.ComputerName + ": " + rejoin.ToShell() };
                    ThrowTerminatingError(record);
                }
                result.TimeWithoutRedundancy = DateTime.Now - splitAt;
                result.FinalMirror = back;
            }
            if (WaitForResync)
                result.FinalMirror = RunQuiet(session, ct => ResyncOperations.WaitAsync(session, DiskSet, Mirror, null, TimeSpan.FromSeconds(PollIntervalSeconds), null, ct), Mirror) ?? result.FinalMirror;
            result.End = DateTime.Now;
            result.RoundTrips = session.RoundTrips - tripsAtStart;
            result.Status = failed ? "Failed" : "Succeeded";
            WriteObject(result);
        }
    }
}
