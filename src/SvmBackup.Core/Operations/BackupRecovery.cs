using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Inventory;
using SvmBackup.Model;
using SvmBackup.Parsing;
using SvmBackup.Scripts;
using SvmBackup.Sessions;
using SvmBackup.Transport;

namespace SvmBackup.Operations
{
    /// <summary>
    /// The undo of an interrupted backup, planned from the host's fresh state and the run's marker (or journal):
    /// unlock the file system if it is write-locked, put the submirror back the way it was taken out (metaonline after
    /// metaoffline, metattach after metadetach), then clear the marker. Unlock first: writers are blocked while a lock
    /// is held, an out-of-mirror submirror is harmless meanwhile.
    /// </summary>
    public static class BackupRecovery
    {
        /// <summary>The host's state for a recovery, in one round trip: metastat, mnttab, lockfs -a, the markers.</summary>
        public static async Task<(IReadOnlyList<SvmMirror> Mirrors, IReadOnlyList<UfsLock> Locks, IReadOnlyList<BackupMarker> Markers)> ReadStateAsync(SvmSession session, string? diskSet, CancellationToken ct)
        {
            var batch = StateBatch(session, diskSet);
            return ParseState(session, diskSet, await session.RunAsync(batch, ct).ConfigureAwait(false));
        }

        /// <summary>
        /// The marker of one mirror as the host has it now (one read round trip), or null when there is none or it
        /// cannot be read: for naming the run that holds a mirror, never for deciding anything.
        /// </summary>
        public static async Task<BackupMarker?> ReadMarkerAsync(SvmSession session, string? diskSet, string mirror, CancellationToken ct)
        {
            try
            {
                var batch = session.NewBatch();
                batch.SafeToRetry = true; // a read
                batch.Add(BackupMarker.ListCommand());
                var results = await session.RunAsync(batch, ct).ConfigureAwait(false);
                return BackupMarker.Parse(results[0]).FirstOrDefault(x => x.DiskSetOrNull == diskSet && x.Mirror == mirror);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                return null;
            }
        }

        /// <summary>
        /// After the connection dropped while a script ran: waits until that script has ended on the host (sshd does
        /// not kill it; a split may still be under way), so the state read afterwards is final, not a snapshot the script
        /// then changes.
        /// </summary>
        public static Task<bool> WaitForScriptEndAsync(SvmSession session, SvmConnectionLostException lost, CancellationToken ct) =>
            WaitForScriptEndAsync(session, lost.RemoteProcessGroup, lost.RemoteTag, ct);

        /// <summary>
        /// Waits until a backup script has ended on the host: by its process group (from a marker's <c>sh=</c> entry or
        /// the transport), narrowed to shells whose command line starts with the transport's tag so a reused PID does
        /// not count; or by the tag alone when the PID was never seen. "[#]" keeps the pattern from matching the polling
        /// shell's own command line. pgrep is a read; polled every 500 ms, bounded by <paramref name="ct"/>. True if the
        /// script was still running at the first look (the caller must re-read the host). Returns at once when neither
        /// is known, or pgrep fails (exit 2 and up: no such tool).
        /// </summary>
        public static async Task<bool> WaitForScriptEndAsync(SvmSession session, int? processGroup, string? tag, CancellationToken ct)
        {
            RemoteCommand probe;
            var pattern = "[#]" + (tag != null && tag.StartsWith("#", StringComparison.Ordinal) ? tag.Substring(1) : RemoteProcessGuard.TagPrefix.Substring(1));
            if (processGroup is int group) probe = new RemoteCommand("/usr/bin/pgrep", "-g", group.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", pattern);
            else if (tag != null) probe = new RemoteCommand("/usr/bin/pgrep", "-f", pattern);
            else return false;
            for (var first = true; ; first = false)
            {
                var batch = session.NewBatch();
                batch.SafeToRetry = true; // a read
                batch.Add(probe);
                var r = (await session.RunAsync(batch, ct).ConfigureAwait(false))[0];
                if (r.ExitCode != 0) return !first; // 1: no such process (any more)
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
            }
        }

        /// <summary>The state reads as the first four commands of a batch (more reads may follow in the same round trip).</summary>
        public static RemoteBatch StateBatch(SvmSession session, string? diskSet)
        {
            var batch = MirrorInventory.BuildBatch(session, diskSet);
            batch.Add(new RemoteCommand(SolarisPaths.Lockfs, "-a"));
            batch.Add(BackupMarker.ListCommand());
            return batch;
        }

        public static (IReadOnlyList<SvmMirror> Mirrors, IReadOnlyList<UfsLock> Locks, IReadOnlyList<BackupMarker> Markers) ParseState(SvmSession session, string? diskSet, IReadOnlyList<CommandResult> r)
        {
            var mirrors = MirrorInventory.FromResults(session, diskSet, r[0], r[1]);
            var locks = r[2].ExitCode == 0 ? LockfsParser.Parse(r[2].Stdout, session.ComputerName) : (IReadOnlyList<UfsLock>)new List<UfsLock>();
            return (mirrors, locks, BackupMarker.Parse(r[3]));
        }

        /// <summary>
        /// What to do for one run: <paramref name="submirror"/>/<paramref name="method"/> come from the marker or the
        /// journal; null when neither knows (then only an offlined submirror can be recognised from the host's state).
        /// </summary>
        public static List<SvmRepairAction> Plan(SvmSession session, SvmMirror mirror, IReadOnlyList<UfsLock> locks, string? submirror, SvmSplitMethod? method, bool clearMarker, string? runId)
        {
            var actions = new List<SvmRepairAction>();
            SvmRepairAction New(string action, string target, RemoteCommand command) => new SvmRepairAction
            {
                Session = session, ComputerName = session.ComputerName, DiskSet = mirror.DiskSet, Mirror = mirror.Name, RunId = runId,
                Action = action, Target = target, Command = command.ToShell(), RemoteCommand = command,
            };
            if (mirror.MountPoint != null && mirror.MountPoint != "/" && locks.Any(l => l.MountPoint == mirror.MountPoint && l.IsWriteLocked))
                actions.Add(New("Unlock", mirror.MountPoint, new RemoteCommand(SolarisPaths.Lockfs, "-u", mirror.MountPoint) { NeedsRoot = true }));
            var offline = mirror.Submirrors.Where(s => s.IsOffline && (submirror == null || s.Name == submirror)).ToList();
            foreach (var s in offline)
                actions.Add(New("Rejoin", s.FullName, SubmirrorOperations.RejoinCommand(mirror.DiskSet, mirror.Name, s.Name, SvmSplitMethod.Offline)));
            if (submirror != null && method == SvmSplitMethod.Detach && mirror.Submirrors.All(s => s.Name != submirror))
                actions.Add(New("Rejoin", SvmDevicePath.FullName(mirror.DiskSet, submirror), SubmirrorOperations.RejoinCommand(mirror.DiskSet, mirror.Name, submirror, SvmSplitMethod.Detach)));
            if (clearMarker)
                actions.Add(New("ClearMarker", BackupMarker.PathOf(mirror.DiskSet, mirror.Name), BackupMarker.RemoveCommand(mirror.DiskSet, mirror.Name)));
            return actions;
        }

        /// <summary>Runs one action (one round trip); a failure throws the tool's error.</summary>
        public static async Task RunAsync(SvmSession session, SvmRepairAction action, CancellationToken ct)
        {
            var batch = session.NewBatch();
            batch.Add(action.RemoteCommand!);
            var r = (await session.RunAsync(batch, ct).ConfigureAwait(false))[0];
            if (r.ExitCode != 0) throw new SvmToolException(session.ComputerName, r, MetaErrorParser.Parse(r.Stderr));
            action.Done = true;
        }
    }
}
