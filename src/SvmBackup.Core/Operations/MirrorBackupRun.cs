using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Journal;
using SvmBackup.Model;
using SvmBackup.Parsing;
using SvmBackup.Scripts;
using SvmBackup.Sessions;
using SvmBackup.Transport;

namespace SvmBackup.Operations
{
    /// <summary>
    /// One mirror's online backup, start to end: read-only preflight (which first finishes the undo of this owner's own
    /// interrupted run), then mark+freeze+lock+split+unlock+thaw as ONE trapped remote script, fsck -n of the copy,
    /// ufsdump, and the rejoin in a finally that runs after any failure or cancellation. Every changing step is asked
    /// (ShouldProcess) and journalled before it runs; the host marker exists exactly while a submirror may be out.
    /// </summary>
    public sealed class MirrorBackupRun
    {
        private readonly SvmSession _session;
        private readonly MirrorBackupRequest _r;
        private readonly IBackupHost _host;
        private BackupJournal? _journal;
        private bool _planning; // -PlanOnly: not even the local journal is touched

        public MirrorBackupRun(SvmSession session, MirrorBackupRequest request, IBackupHost host)
        {
            _session = session;
            _r = request;
            _host = host;
        }

        private string Where(SvmMirror m) => $"{m.FullName}{(m.MountPoint != null ? " (" + m.MountPoint + ")" : "")} on {_session.ComputerName}";

        /// <summary>
        /// The preflight: ONE read round trip — metastat, mnttab, lockfs -a, the markers, /etc/dumpdates (incremental
        /// levels), the target's checks (mt status; the host file's folder) and ufsdump's size estimate (local file) —
        /// plus, only when this owner's interrupted run is found, its undo and a re-read.
        /// </summary>
        public async Task<BackupPreflight?> PreflightAsync(CancellationToken ct)
        {
            var pre = new BackupPreflight();
            var batch = BackupRecovery.StateBatch(_session, _r.DiskSet);
            var dumpDatesAt = _r.Level > 0 && _r.Submirror == null ? batch.Add(new RemoteCommand(SolarisPaths.Cat, SolarisPaths.DumpDates)) : -1;
            var target = _r.TargetKind == SvmDumpTargetKind.Tape ? DumpTarget.Tape(_r.HostTarget!)
                : _r.TargetKind == SvmDumpTargetKind.RemoteFile ? DumpTarget.HostFile(_r.HostTarget!, _r.Overwrite) : null;
            var targetAt = batch.Commands.Count;
            if (target != null) foreach (var c in DumpTargetCheck.Commands(target)) batch.Add(c);
            var targetCount = batch.Commands.Count - targetAt;
            // The estimate reads the mirror's own device: the same file system as either submirror.
            var estimateAt = _r.LocalPath != null && _r.Mirror.Length > 0
                ? batch.Add(DumpTargetCheck.EstimateCommand(_r.Level, SubmirrorDumpOperations.ResolveDevice(_r.DiskSet, _r.Mirror, null))) : -1;
            // A disk set is backed up on its owner only (metaset prints Owner "Yes" on the owning node's own row).
            var metasetAt = _r.DiskSet != null ? batch.Add(new RemoteCommand(SolarisPaths.Metaset, "-s", _r.DiskSet)) : -1;
            var results = await _session.RunAsync(batch, ct).ConfigureAwait(false);
            if (metasetAt >= 0) CheckOwner(results[metasetAt]);
            var state = BackupRecovery.ParseState(_session, _r.DiskSet, results);
            var m = Find(state.Mirrors);
            var marker = state.Markers.FirstOrDefault(x => x.DiskSetOrNull == _r.DiskSet && x.Mirror == _r.Mirror);
            if (marker != null)
            {
                if (!await TakeOverAsync(pre, marker, m, state.Locks, ct).ConfigureAwait(false)) return null;
                state = await BackupRecovery.ReadStateAsync(_session, _r.DiskSet, ct).ConfigureAwait(false);
                m = Find(state.Mirrors);
            }
            else if (!_host.IsWhatIf && !_planning)
                CloseStaleJournalEntries();
            MirrorBackup.CheckMirror(m, _r.NoLock);
            if (_r.NoLock && m.MountPoint != null)
                pre.Warnings.Add($"{m.MountPoint} on {_session.ComputerName} is mounted and will NOT be write-locked (-NoLock): the copy is only as consistent as the freeze command makes it.");
            pre.Mirror = m;
            if (_r.Submirror != null)
                pre.Submirror = _r.Submirror;
            else
            {
                var dumpDates = dumpDatesAt >= 0 && results[dumpDatesAt].ExitCode == 0 ? DumpDatesParser.Parse(results[dumpDatesAt].Stdout) : (IReadOnlyList<DumpDatesEntry>)Array.Empty<DumpDatesEntry>();
                var choice = SubmirrorChoice.Choose(m, _r.DiskSet, _r.Level, dumpDates);
                pre.Submirror = choice.Submirror;
                pre.ChoiceReason = choice.Reason;
                if (choice.Warning != null) pre.Warnings.Add($"{m.FullName} on {_session.ComputerName}: {choice.Warning}.");
            }
            SubmirrorOperations.CheckSplit(m, pre.Submirror, _r.Method, force: false);
            pre.RawDevice = SubmirrorDumpOperations.ResolveDevice(_r.DiskSet, pre.Submirror, null);
            // Never a write to an offlined submirror: -RepairCopy is for a detached one only (refused before anything changes).
            if (_r.RepairCopy) UfsCheckOperations.CheckRepairAllowed(_r.Method, pre.RawDevice);
            if (target != null) DumpTargetCheck.Interpret(target, results.Skip(targetAt).Take(targetCount).ToList(), _session.ComputerName);
            if (_r.LocalPath != null)
            {
                var estimate = estimateAt >= 0 ? DumpTargetCheck.ParseEstimate(results[estimateAt]) : 0;
                DumpTargetCheck.CheckLocalSpace(_r.LocalPath, estimate, _r.Overwrite);
                pre.EstimatedBytes = estimateAt >= 0 ? estimate : (long?)null;
            }
            return pre;
        }

        private void CheckOwner(CommandResult metaset)
        {
            if (metaset.ExitCode != 0) throw new SvmToolException(_session.ComputerName, metaset, MetaErrorParser.Parse(metaset.Stderr));
            var set = MetasetParser.Parse(metaset.Stdout, _session.ComputerName).FirstOrDefault(x => x.Name == _r.DiskSet);
            if (set == null) return; // metastat -s names the problem in SVM's words
            var me = set.Hosts.FirstOrDefault(h => string.Equals(h.Name, _session.ComputerName, StringComparison.OrdinalIgnoreCase));
            if (me != null && me.IsOwner) return;
            var owner = set.Hosts.FirstOrDefault(h => h.IsOwner)?.Name;
            throw new SvmRefusedException(SvmRefusal.NotSetOwner,
                $"{_session.ComputerName} does not own disk set {_r.DiskSet}{(owner != null ? " (" + owner + " does)" : "")}: back it up on its owner (give every cluster node to -ComputerName/-Session and the owner is found), or take the set (metaset -s {_r.DiskSet} -t).", _r.DiskSet);
        }

        private SvmMirror Find(IReadOnlyList<SvmMirror> mirrors)
        {
            if (_r.Mirror.Length == 0 && _r.MountPoint != null)
            {
                var byMount = mirrors.FirstOrDefault(x => x.MountPoint == _r.MountPoint)
                              ?? throw new SvmRefusedException(SvmRefusal.MirrorNotFound, $"{_r.MountPoint} on {_session.ComputerName} is not a mounted SVM mirror{(_r.DiskSet != null ? " of set " + _r.DiskSet : "")} (metastat, /etc/mnttab).", _r.MountPoint);
                _r.Mirror = byMount.Name;
            }
            return mirrors.FirstOrDefault(x => x.Name == _r.Mirror)
                   ?? throw new SvmRefusedException(SvmRefusal.MirrorNotFound, $"No mirror {SvmDevicePath.FullName(_r.DiskSet, _r.Mirror)} on {_session.ComputerName}.", _r.Mirror);
        }

        /// <summary>
        /// A marker for this mirror: our own interrupted run is undone (then we back up afresh); anyone else's is refused
        /// with its run id. "Ours": the same owner token (an Azure Automation job restarted from the beginning keeps
        /// its job id), or a process of this machine that is provably gone — never a run still going in this process.
        /// </summary>
        private async Task<bool> TakeOverAsync(BackupPreflight pre, BackupMarker marker, SvmMirror m, IReadOnlyList<UfsLock> locks, CancellationToken ct)
        {
            var entry = marker.RunId == null ? null : SafeFind(marker.RunId);
            var live = marker.RunId != null && ActiveBackups.IsRunning(marker.RunId);
            var ours = !live && (marker.Owner == _r.Owner.Hash || _r.Owner.ProvesDead(marker, entry?.ClientProcessStart));
            if (!ours)
                throw new SvmRefusedException(SvmRefusal.BackupInProgress,
                    $"Another backup of {m.FullName} on {_session.ComputerName} holds it: run {marker.RunId ?? "(unknown)"} from {marker.Client ?? "an unknown client"}" +
                    $"{(marker.ClientProcessId != null ? " (pid " + marker.ClientProcessId.Value.ToString(CultureInfo.InvariantCulture) + ")" : "")}, submirror {marker.Submirror ?? "?"} {marker.Method?.ToString().ToLowerInvariant() ?? ""}. " +
                    $"If that run is over, undo it with: Repair-SvmMirror -Session <session> -RunId {marker.RunId ?? "<id>"}{(live ? "" : " (host marker " + BackupMarker.PathOf(_r.DiskSet, _r.Mirror) + ")")}.", marker.RunId ?? m.FullName);
            pre.RecoveredRunId = marker.RunId;
            // Its script may still run on the host (a killed controller does not stop it): let it end, then re-read.
            using (var wait = PutBackToken(ct))
            {
                if (await BackupRecovery.WaitForScriptEndAsync(_session, marker.ScriptPid, null, wait.Token).ConfigureAwait(false))
                {
                    var fresh = await BackupRecovery.ReadStateAsync(_session, _r.DiskSet, ct).ConfigureAwait(false);
                    m = Find(fresh.Mirrors);
                    locks = fresh.Locks;
                    marker = fresh.Markers.FirstOrDefault(x => x.DiskSetOrNull == _r.DiskSet && x.Mirror == _r.Mirror) ?? marker;
                }
            }
            var actions = BackupRecovery.Plan(_session, m, locks, marker.Submirror ?? entry?.Submirror, marker.Method ?? entry?.Method, clearMarker: true, runId: marker.RunId);
            _host.Warning($"{m.FullName} on {_session.ComputerName}: run {marker.RunId ?? "(unknown)"} of this owner was interrupted; finishing its undo ({string.Join("; ", actions.Select(a => a.Command))}), then backing up afresh.");
            if (_planning)
            {
                // -PlanOnly changes nothing: the plan of a backup that must first finish an undo is that undo.
                _host.Warning($"{m.FullName} on {_session.ComputerName}: a backup would first finish the undo of interrupted run {marker.RunId ?? "(unknown)"}: {string.Join("; ", actions.Select(a => a.Command))}. No plan is returned until that is done (Repair-SvmMirror -RunId {marker.RunId ?? "<id>"}).");
                return false;
            }
            var rejoined = false;
            foreach (var a in actions)
            {
                if (!await _host.ShouldProcessAsync(Where(m), $"Finish the undo of interrupted backup run {marker.RunId ?? "(unknown)"}: {a.Command}").ConfigureAwait(false))
                    return false;
                await BackupRecovery.RunAsync(_session, a, ct).ConfigureAwait(false);
                pre.Recovered.Add(a);
                rejoined |= a.Action == "Rejoin";
            }
            if (entry != null) TryJournal(() => BackupJournal.Open(_r.JournalDirectory, entry.RunId).Finish("Recovered", "undone by a later run"));
            // The rejoin started a resync; SVM refuses a split until it is done.
            if (rejoined)
                await ResyncOperations.WaitAsync(_session, _r.DiskSet, _r.Mirror, null, _r.PollInterval, null, ct).ConfigureAwait(false);
            return true;
        }

        /// <summary>
        /// No marker on the host, yet this owner's journal has an unfinished run of this mirror (its controller died
        /// where the host's traps undid everything, e.g. before the split): say so in that entry.
        /// </summary>
        private void CloseStaleJournalEntries()
        {
            TryJournal(() =>
            {
                foreach (var e in BackupJournal.Read(_r.JournalDirectory).Where(e => e.Status == BackupJournalStatus.Running && e.Mirror == _r.Mirror && e.DiskSet == _r.DiskSet &&
                                                                                  string.Equals(e.ComputerName, _session.ComputerName, StringComparison.OrdinalIgnoreCase) && e.Owner == _r.Owner.Token &&
                                                                                  !ActiveBackups.IsRunning(e.RunId)))
                    BackupJournal.Open(_r.JournalDirectory, e.RunId).Finish(BackupJournalStatus.Failed, "interrupted; the host had nothing left to undo (no marker)");
            });
        }

        private SvmBackupJournalEntry? SafeFind(string runId)
        {
            try { return BackupJournal.Find(_r.JournalDirectory, runId); }
            catch (Exception ex) when (ex is ArgumentException || ex is System.IO.IOException || ex is UnauthorizedAccessException) { return null; }
        }

        private FreezeSplitThawOptions SplitOptions(BackupPreflight pre, string? runId) => new FreezeSplitThawOptions
        {
            MountPoint = _r.NoLock ? null : pre.Mirror.MountPoint,
            Split = SubmirrorOperations.SplitCommand(_r.DiskSet, _r.Mirror, pre.Submirror, _r.Method, false),
            Freeze = _r.Freeze,
            Thaw = _r.Thaw,
            Marker = new BackupMarker
            {
                DiskSet = _r.DiskSet ?? "local", Mirror = _r.Mirror, RunId = runId ?? "preview", Submirror = pre.Submirror, Method = _r.Method,
                Owner = _r.Owner.Hash, Client = BackupMarker.SanitizeClient(_r.Owner.Machine), ClientProcessId = _r.Owner.ProcessId,
            },
        };

        private UfsCheckMode CheckMode => _r.RepairCopy ? UfsCheckMode.Repair : UfsCheckMode.Check;

        private string HostTargetText => _r.TargetKind == SvmDumpTargetKind.LocalFile ? "-" : _r.HostTarget!;

        /// <summary>The steps: name, the exact Solaris commands (what -PlanOnly returns), and the ShouldProcess text.</summary>
        private List<(string Name, string Commands, string Action)> Describe(BackupPreflight pre)
        {
            var split = SubmirrorOperations.SplitCommand(_r.DiskSet, _r.Mirror, pre.Submirror, _r.Method, false).ToShell();
            var parts = new List<string>();
            if (_r.Freeze != null) parts.Add(_r.Freeze.ToShell());
            if (!_r.NoLock) parts.Add(UfsLockOperations.CommandText("-w", pre.Mirror.MountPoint!));
            parts.Add(split);
            if (!_r.NoLock) parts.Add(UfsLockOperations.CommandText("-u", pre.Mirror.MountPoint!));
            if (_r.Thaw != null) parts.Add(_r.Thaw.ToShell());
            var lockSplit = string.Join("; ", parts);
            var steps = new List<(string, string, string)>
            {
                ("lock-split-unlock", lockSplit, $"{(_r.NoLock ? "Split" : "Write-lock, split")} submirror {pre.Submirror}{(_r.NoLock ? "" : " and unlock")}: {lockSplit} (one script; {(_r.NoLock ? "" : "unlocks ")}{(_r.Thaw != null ? "thaws " : "")}on any exit)"),
            };
            var check = UfsCheckOperations.CheckCommand(pre.RawDevice, CheckMode).ToShell();
            if (_r.Check || _r.RepairCopy) steps.Add(("check", check, (_r.RepairCopy ? "Check and repair the detached copy: " : "Check the copy: ") + check));
            var dump = SubmirrorDumpOperations.DumpCommand(_r.Level, _r.UpdateDumpDates, HostTargetText, pre.RawDevice).ToShell() + (_r.LocalPath != null ? " > " + _r.LocalPath : "");
            steps.Add(("dump", dump, "Dump: " + dump));
            var rejoin = SubmirrorOperations.RejoinCommand(_r.DiskSet, _r.Mirror, pre.Submirror, _r.Method).ToShell();
            steps.Add(("rejoin", rejoin, "Rejoin: " + rejoin));
            var wait = SolarisPaths.Metastat + (_r.DiskSet == null ? "" : " -s " + _r.DiskSet) + " (until Okay)";
            if (_r.WaitForResync) steps.Add(("wait", wait, "Wait for the resync: " + wait));
            return steps;
        }

        /// <summary>-PlanOnly: the preflight, then the plan; nothing changes.</summary>
        public async Task<SvmBackupPlan?> PlanAsync(CancellationToken ct)
        {
            _planning = true;
            var pre = await PreflightAsync(ct).ConfigureAwait(false);
            if (pre == null) return null;
            return new SvmBackupPlan
            {
                ComputerName = _session.ComputerName, DiskSet = _r.DiskSet, Mirror = _r.Mirror, Submirror = pre.Submirror, MountPoint = pre.Mirror.MountPoint, Method = _r.Method,
                Steps = Describe(pre).Select(s => s.Name + ": " + s.Commands).ToArray(),
                FreezeScript = FreezeSplitThaw.Preview(_session, SplitOptions(pre, null)),
            };
        }

        /// <summary>The backup. Null under -WhatIf or when the first step is declined (nothing changed).</summary>
        public async Task<SvmBackupResult?> RunAsync(CancellationToken ct)
        {
            var tripsAtStart = _session.RoundTrips;
            // Refused before anything (a rehearsal still runs): the lock script could not unlock after a hang-up.
            if (!_host.IsWhatIf) FreezeSplitThaw.CheckElevation(_session);
            var pre = await PreflightAsync(ct).ConfigureAwait(false);
            if (pre == null) return null;
            foreach (var w in pre.Warnings) _host.Warning(w);
            var m = pre.Mirror;
            var where = Where(m);
            var steps = Describe(pre);
            if (_host.IsWhatIf)
            {
                foreach (var s in steps) await _host.ShouldProcessAsync(where, s.Action).ConfigureAwait(false);
                return null;
            }
            if (!await _host.ShouldProcessAsync(where, steps[0].Action).ConfigureAwait(false)) return null;

            var runId = BackupJournal.NewRunId();
            var result = new SvmBackupResult
            {
                Session = _session, RunId = runId, ComputerName = _session.ComputerName, DiskSet = _r.DiskSet, Mirror = _r.Mirror, Submirror = pre.Submirror,
                MountPoint = m.MountPoint, Method = _r.Method, Level = _r.Level, Target = _r.LocalPath ?? _r.HostTarget ?? "", Start = DateTime.Now,
                RecoveredRunId = pre.RecoveredRunId,
            };
            result.Warnings.AddRange(pre.Warnings);
            foreach (var a in pre.Recovered) result.Steps.Add(new SvmBackupStep { Name = "recover", Command = a.Command, Status = "Done", ExitCode = 0, Start = result.Start });
            var key = ActiveBackups.Key(_session, _r.DiskSet, _r.Mirror);
            if (!ActiveBackups.TryClaim(key, runId, out var holder))
                throw new SvmRefusedException(SvmRefusal.BackupInProgress, $"{m.FullName} on {_session.ComputerName} is being backed up by run {holder} of this process.", holder);
            try
            {
                return await RunClaimedAsync(pre, result, steps, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_journal != null && result.Status == "Running")
            {
                // Ctrl+C after the split: the finally above put the submirror back; say so in the journal.
                result.Status = "Failed";
                result.End = DateTime.Now;
                TryJournal(() => _journal.Finish("Failed", "cancelled; the host was put back"));
                throw;
            }
            finally
            {
                ActiveBackups.Release(key, runId);
                result.RoundTrips = _session.RoundTrips - tripsAtStart;
            }
        }

        private async Task<SvmBackupResult> RunClaimedAsync(BackupPreflight pre, SvmBackupResult result, List<(string Name, string Commands, string Action)> steps, CancellationToken ct)
        {
            var m = pre.Mirror;
            var where = Where(m);
            var journal = BackupJournal.Create(_r.JournalDirectory, new SvmBackupJournalEntry
            {
                RunId = result.RunId!, ComputerName = _session.ComputerName, Port = _session.Port, UserName = _session.UserName, DiskSet = _r.DiskSet, Mirror = _r.Mirror,
                Submirror = pre.Submirror, Method = _r.Method, MountPoint = m.MountPoint, Level = _r.Level, Target = result.Target, Owner = _r.Owner.Token,
                ClientMachine = _r.Owner.Machine, ClientProcessId = _r.Owner.ProcessId, ClientProcessStart = _r.Owner.ProcessStart, Started = DateTime.UtcNow,
            });
            result.JournalPath = journal.Path;
            _journal = journal;
            var options = SplitOptions(pre, result.RunId);

            // 1. Mark, (freeze,) lock, split, unlock (, thaw): one trapped script, one round trip.
            journal.Step("lock-split-unlock", "begin", string.Join(" ", options.Split.ToShell()));
            _host.Progress(result, "Lock, split and unlock", 5);
            var step = Begin(result, "lock-split-unlock", steps[0].Commands);
            FreezeSplitThawResult fst;
            try
            {
                fst = await FreezeSplitThaw.RunAsync(_session, options, ct).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Cancelled or the connection died mid-script: the trap unlocked on the host, but whether the split
                // happened is unknown. Find out from the host and put it back.
                End(step, "Failed", null);
                journal.Step("lock-split-unlock", "unknown", ex.Message);
                await PutBackAfterUnknownAsync(result, journal, pre, ex).ConfigureAwait(false);
                if (ex is OperationCanceledException) throw;
                if (result.Status != "Incomplete") _host.Error(ex, _r.Mirror);
                return result;
            }
            result.WriteLockWindow = _r.NoLock ? null : fst.WriteLockWindow;
            result.LockRequestedAt = fst.LockRequestedAt;
            result.LockedAt = fst.LockedAt;
            result.UnlockedAt = fst.UnlockedAt;
            result.SplitWindow = fst.WriteLockWindow;
            End(step, fst.SplitExitCode == 0 && fst.Unlocked ? "Done" : "Failed", fst.SplitExitCode ?? fst.ExitCode);
            if (fst.Busy)
            {
                // Another process's run is known here only through its host marker: read it, so the refusal names that run.
                var holder = (await BackupRecovery.ReadMarkerAsync(_session, _r.DiskSet, _r.Mirror, ct).ConfigureAwait(false))?.RunId;
                journal.Finish("Failed", "another run holds the mirror" + (holder != null ? ": " + holder : ""));
                throw new SvmRefusedException(SvmRefusal.BackupInProgress, $"Another backup of {m.FullName} on {_session.ComputerName} started meanwhile: run {holder ?? "(unknown: its marker is gone again)"} (its marker {BackupMarker.PathOf(_r.DiskSet, _r.Mirror)} appeared): nothing was changed. If that run is over, undo it with: Repair-SvmMirror -Session <session> -RunId {holder ?? "<id>"}.", holder ?? m.FullName);
            }
            if (fst.MarkFailed)
            {
                journal.Finish("Failed", "the host marker could not be written");
                return Failed(result, new InvalidOperationException($"The host marker {BackupMarker.PathOf(_r.DiskSet, _r.Mirror)} could not be written on {_session.ComputerName} ({_session.Secrets.Apply(fst.Stderr.Trim())}): nothing was locked or split. Check that {BackupMarker.Root} is writable by the elevated login."), _r.Mirror);
            }
            if (!fst.Unlocked)
            {
                journal.Step("lock-split-unlock", "unlock-failed", fst.Stderr.Trim());
                journal.Finish("Incomplete", "file system may be write-locked");
                result.Status = "Incomplete";
                result.End = DateTime.Now;
                _host.Error(new SvmBackupIncompleteException("FileSystemLeftLocked",
                    $"{m.MountPoint} on {_session.ComputerName} may still be write-locked: lockfs -u reported a failure ({_session.Secrets.Apply(fst.Stderr.Trim())}). Run on the host: lockfs -u {m.MountPoint}" +
                    (fst.SplitExitCode == 0 ? $"; then put {pre.Submirror} back: {SubmirrorOperations.RejoinCommand(_r.DiskSet, _r.Mirror, pre.Submirror, _r.Method)}" : ""),
                    "Repair-SvmMirror -RunId " + result.RunId), m.MountPoint);
                return result;
            }
            if (fst.FreezeExitCode.HasValue && fst.FreezeExitCode != 0)
            {
                journal.Finish("Failed", "freeze command failed");
                return Failed(result, new InvalidOperationException($"The freeze command failed on {_session.ComputerName} (exit {fst.FreezeExitCode}): {_session.Secrets.Apply(fst.Stderr.Trim())}. Nothing was split; the thaw command ran (exit {fst.ThawExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"})."), _r.Freeze!.Tool);
            }
            if (fst.SplitExitCode == null)
            {
                // lockfs -w itself failed: nothing was split; the trap unlocked.
                journal.Finish("Failed", "lockfs -w failed");
                return Failed(result, new SvmToolException(_session.ComputerName, new CommandResult(new RemoteCommand(SolarisPaths.Lockfs, "-w", m.MountPoint ?? "?"), "", fst.Stderr, fst.ExitCode), Array.Empty<SvmToolError>()), m.MountPoint);
            }
            if (fst.SplitExitCode != 0)
            {
                journal.Finish("Failed", "split refused");
                return Failed(result, new SvmToolException(_session.ComputerName, new CommandResult(options.Split, fst.Stdout, fst.Stderr, fst.SplitExitCode), MetaErrorParser.Parse(fst.Stderr)), _r.Mirror);
            }
            if (fst.ThawExitCode.HasValue && fst.ThawExitCode != 0)
                Warn(result, $"The thaw command exited {fst.ThawExitCode} on {_session.ComputerName}: check the application.");
            journal.Step("lock-split-unlock", "done", "window=" + fst.WriteLockWindow?.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture));
            var splitAt = DateTime.Now;
            var failed = false;
            Exception? pending = null;
            try
            {
                // 2. Check (read-only: fsck -n never writes; an offlined submirror must never be written).
                if ((_r.Check || _r.RepairCopy) && await _host.ShouldProcessAsync(where, steps.First(s => s.Name == "check").Action).ConfigureAwait(false))
                {
                    journal.Step("check", "begin");
                    _host.Progress(result, "Checking the copy (fsck -n)", 15);
                    step = Begin(result, "check", steps.First(s => s.Name == "check").Commands);
                    try
                    {
                        result.Check = await UfsCheckOperations.CheckAsync(_session, pre.RawDevice, CheckMode, _r.Method, ct).ConfigureAwait(false);
                        End(step, "Done", 0);
                        journal.Step("check", "done");
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException))
                    {
                        // An unclean copy is still dumped (ufsdump reads what is there); the warning says why it may differ.
                        End(step, "Failed", null);
                        journal.Step("check", "failed", ex.Message);
                        Warn(result, "The check of the copy failed: " + _session.Secrets.Apply(ex.Message));
                    }
                }
                // 3. Dump.
                if (await _host.ShouldProcessAsync(where, steps.First(s => s.Name == "dump").Action).ConfigureAwait(false))
                {
                    journal.Step("dump", "begin", result.Target);
                    _host.Progress(result, "Dumping " + pre.RawDevice, 25);
                    step = Begin(result, "dump", steps.First(s => s.Name == "dump").Commands);
                    var request = new SubmirrorDumpRequest
                    {
                        DiskSet = _r.DiskSet, Mirror = _r.Mirror, Submirror = pre.Submirror, RawDevice = pre.RawDevice, Level = _r.Level, UpdateDumpDates = _r.UpdateDumpDates,
                        TargetKind = _r.TargetKind, HostTarget = _r.HostTarget ?? "",
                    };
                    try
                    {
                        result.Dump = _r.TargetKind == SvmDumpTargetKind.LocalFile
                            ? await SubmirrorDumpOperations.DumpToLocalFileAsync(_session, request, _r.LocalPath!, _r.Overwrite, bytes => _host.Progress(result, $"Dumping {pre.RawDevice}: {bytes / 1048576.0:0.0} MB", 50), ct).ConfigureAwait(false)
                            : await SubmirrorDumpOperations.DumpOnHostAsync(_session, request, ct).ConfigureAwait(false);
                        result.Bytes = result.Dump.Bytes;
                        result.Sha256 = result.Dump.Sha256;
                        End(step, "Done", 0);
                        journal.Step("dump", "done", result.Bytes?.ToString(CultureInfo.InvariantCulture));
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException))
                    {
                        End(step, "Failed", (ex as SubmirrorDumpException)?.ExitCode);
                        journal.Step("dump", "failed", ex.Message);
                        failed = true;
                        pending = ex;
                    }
                }
            }
            finally
            {
                // 4. Rejoin, whatever happened above (errors, Ctrl+C): a submirror is never left out silently. Asked only
                // while nobody is stopping the pipeline; after Ctrl+C it runs unasked, with a token nobody cancels.
                await RejoinAsync(result, journal, pre, splitAt, ct).ConfigureAwait(false);
            }
            if (result.Status == "Incomplete") return result;
            if (pending != null) _host.Error(pending, pre.Submirror);
            if (_r.WaitForResync)
            {
                journal.Step("wait", "begin");
                _host.Progress(result, "Waiting for the resync", 90);
                step = Begin(result, "wait", steps.First(s => s.Name == "wait").Commands);
                result.FinalMirror = await ResyncOperations.WaitAsync(_session, _r.DiskSet, _r.Mirror, null, _r.PollInterval, fm => _host.Progress(result, $"Resync {fm.ResyncPercent?.ToString("0.#", CultureInfo.InvariantCulture) ?? "?"} %", 90), ct).ConfigureAwait(false);
                End(step, "Done", 0);
                journal.Step("wait", "done");
            }
            result.End = DateTime.Now;
            result.Status = failed ? "Failed" : "Succeeded";
            journal.Finish(result.Status);
            return result;
        }

        private async Task RejoinAsync(SvmBackupResult result, BackupJournal journal, BackupPreflight pre, DateTime splitAt, CancellationToken ct)
        {
            var rejoin = SubmirrorOperations.RejoinCommand(_r.DiskSet, _r.Mirror, pre.Submirror, _r.Method);
            var asked = true;
            if (!ct.IsCancellationRequested)
            {
                try { asked = await _host.ShouldProcessAsync(Where(pre.Mirror), "Rejoin: " + rejoin.ToShell()).ConfigureAwait(false); }
                catch (Exception) { asked = true; } // the pipeline is stopping: rejoin without asking
            }
            var step = Begin(result, "rejoin", rejoin.ToShell());
            if (!asked)
            {
                End(step, "Skipped", null);
                journal.Step("rejoin", "declined");
                journal.Finish("Incomplete", "rejoin declined");
                LeftOut(result, pre, "SubmirrorLeftOut", "the rejoin was declined", null);
                return;
            }
            journal.Step("rejoin", "begin");
            try
            {
                // After a Ctrl+C earlier on, the rejoin still runs (a token nobody cancelled), bounded by the time limit; a
                // Ctrl+C DURING the rejoin interrupts it (the error and the journal then say what is out).
                using (var rejoinToken = PutBackToken(ct))
                    result.FinalMirror = await Task.Run(() => SubmirrorOperations.RejoinAsync(_session, _r.DiskSet, _r.Mirror, pre.Submirror, _r.Method, rejoinToken.Token, clearMarker: true)).ConfigureAwait(false);
                End(step, "Done", 0);
                journal.Step("rejoin", "done");
                result.TimeWithoutRedundancy = DateTime.Now - splitAt;
            }
            catch (SvmConnectionLostException lost) when (_session.Reconnect != null)
            {
                // The connection dropped: reconnect by re-reading the host (a read may be retried), then put back only
                // what the host shows is still out — never a blind re-send of the rejoin.
                try
                {
                    var actions = await PutBackFromHostAsync(pre, result.RunId!, lost).ConfigureAwait(false);
                    End(step, "Done", 0);
                    step.Command = string.Join("; ", actions.Select(a => a.Command));
                    journal.Step("rejoin", "done", "after reconnecting");
                    result.TimeWithoutRedundancy = DateTime.Now - splitAt;
                    using (var readToken = PutBackToken(CancellationToken.None))
                        result.FinalMirror = await SubmirrorOperations.ReadMirrorAsync(_session, _r.DiskSet, _r.Mirror, readToken.Token).ConfigureAwait(false);
                    Warn(result, $"The connection to {_session.ComputerName} dropped during the rejoin ({_session.Secrets.Apply(lost.Message)}); reconnected and put back: {step.Command}.");
                }
                catch (Exception ex)
                {
                    End(step, "Failed", null);
                    journal.Step("rejoin", "failed", ex.Message);
                    journal.Finish("Incomplete", "submirror not rejoined");
                    LeftOut(result, pre, "SubmirrorNotRejoined", "the connection dropped and the host could not be read back: " + _session.Secrets.Apply(ex.Message), ex);
                }
            }
            catch (Exception ex)
            {
                End(step, "Failed", (ex as SvmToolException)?.Result.ExitCode);
                journal.Step("rejoin", "failed", ex.Message);
                journal.Finish("Incomplete", "submirror not rejoined");
                LeftOut(result, pre, "SubmirrorNotRejoined", ex is OperationCanceledException
                    ? "the rejoin was interrupted (Ctrl+C during it, or no answer within the time limit; the tool was killed on the host)"
                    : "the rejoin failed: " + _session.Secrets.Apply(ex.Message), ex);
            }
        }

        private void LeftOut(SvmBackupResult result, BackupPreflight pre, string id, string why, Exception? inner)
        {
            var rejoin = SubmirrorOperations.RejoinCommand(_r.DiskSet, _r.Mirror, pre.Submirror, _r.Method);
            result.Status = "Incomplete";
            result.End = DateTime.Now;
            _host.Error(new SvmBackupIncompleteException(id,
                $"{pre.Submirror} is still out of {pre.Mirror.FullName} on {_session.ComputerName} ({(_r.Method == SvmSplitMethod.Offline ? "offline" : "detached")}; the file system is unlocked): {why}. " +
                $"Recover with: {rejoin} (then {BackupMarker.RemoveCommand(_r.DiskSet, _r.Mirror)}), or Repair-SvmMirror -RunId {result.RunId}.",
                "Repair-SvmMirror -RunId " + result.RunId + "   # or on the host: " + rejoin, inner), pre.Submirror);
        }

        /// <summary>After a cancelled or broken lock-split script: read the host and undo whatever our run left.</summary>
        private async Task PutBackAfterUnknownAsync(SvmBackupResult result, BackupJournal journal, BackupPreflight pre, Exception cause)
        {
            try
            {
                var actions = await PutBackFromHostAsync(pre, result.RunId!, cause as SvmConnectionLostException).ConfigureAwait(false);
                foreach (var a in actions)
                    result.Steps.Add(new SvmBackupStep { Name = "recover", Command = a.Command, Status = "Done", ExitCode = 0, Start = DateTime.Now });
                result.Status = "Failed";
                result.End = DateTime.Now;
                journal.Finish("Failed", "interrupted during lock-split; put back: " + string.Join("; ", actions.Select(a => a.Command)));
            }
            catch (Exception ex)
            {
                result.Status = "Incomplete";
                result.End = DateTime.Now;
                journal.Finish("Incomplete", "interrupted during lock-split; state unknown");
                _host.Error(new SvmBackupIncompleteException("SubmirrorNotRejoined",
                    $"The lock-split-unlock script on {_session.ComputerName} was interrupted ({_session.Secrets.Apply(cause.Message)}) and the host could not be read back ({_session.Secrets.Apply(ex.Message)}). " +
                    $"The script's trap unlocks {pre.Mirror.MountPoint ?? "the file system"} on the host; {pre.Submirror} may be out of {pre.Mirror.FullName}. " +
                    $"Recover with Repair-SvmMirror -RunId {result.RunId} once the host is reachable.", "Repair-SvmMirror -RunId " + result.RunId, ex), pre.Submirror);
            }
        }

        /// <summary>
        /// Reads the host (reconnecting if needed) and undoes what this run left: unlock, rejoin, its marker. After a
        /// dropped connection the script that was running is waited for first: it may still split or unlock.
        /// </summary>
        private async Task<List<SvmRepairAction>> PutBackFromHostAsync(BackupPreflight pre, string runId, SvmConnectionLostException? lost)
        {
            using (var token = PutBackToken(CancellationToken.None))
            {
                if (lost != null) await BackupRecovery.WaitForScriptEndAsync(_session, lost, token.Token).ConfigureAwait(false);
                var state = await BackupRecovery.ReadStateAsync(_session, _r.DiskSet, token.Token).ConfigureAwait(false);
                var marker = state.Markers.FirstOrDefault(x => x.DiskSetOrNull == _r.DiskSet && x.Mirror == _r.Mirror && x.RunId == runId);
                // Whatever ended the script here (a cancel whose TERM the host has not acted on yet, an error the
                // transport could not tie to the script), our marker names the script's shell: if it still runs, it
                // may still split or unlock, so let it end and read again.
                if (marker?.ScriptPid != null && await BackupRecovery.WaitForScriptEndAsync(_session, marker.ScriptPid, null, token.Token).ConfigureAwait(false))
                {
                    state = await BackupRecovery.ReadStateAsync(_session, _r.DiskSet, token.Token).ConfigureAwait(false);
                    marker = state.Markers.FirstOrDefault(x => x.DiskSetOrNull == _r.DiskSet && x.Mirror == _r.Mirror && x.RunId == runId);
                }
                var m = Find(state.Mirrors);
                var actions = BackupRecovery.Plan(_session, m, state.Locks, pre.Submirror, _r.Method, clearMarker: marker != null, runId: runId);
                foreach (var a in actions) await BackupRecovery.RunAsync(_session, a, token.Token).ConfigureAwait(false);
                return actions;
            }
        }

        /// <summary>
        /// The token of a put-back step: not the pipeline's once it was cancelled (the put-back must still run), but
        /// never unbounded either — a hung tool ends it after the session's time limit (10 minutes by default).
        /// </summary>
        private CancellationTokenSource PutBackToken(CancellationToken ct)
        {
            var cts = ct.IsCancellationRequested ? new CancellationTokenSource() : CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(_session.CommandTimeout ?? TimeSpan.FromMinutes(10));
            return cts;
        }

        private SvmBackupResult Failed(SvmBackupResult result, Exception error, object? target)
        {
            result.Status = "Failed";
            result.End = DateTime.Now;
            _host.Error(error, target);
            return result;
        }

        private void Warn(SvmBackupResult result, string text)
        {
            result.Warnings.Add(text);
            _host.Warning(text);
        }

        private static SvmBackupStep Begin(SvmBackupResult result, string name, string command)
        {
            var s = new SvmBackupStep { Name = name, Command = command, Status = "Running", Start = DateTime.Now };
            result.Steps.Add(s);
            return s;
        }

        private static void End(SvmBackupStep step, string status, int? exitCode)
        {
            step.Status = status;
            step.ExitCode = exitCode;
            step.Duration = DateTime.Now - step.Start;
        }

        private static void TryJournal(Action write)
        {
            try { write(); }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is ArgumentException) { }
        }
    }
}
