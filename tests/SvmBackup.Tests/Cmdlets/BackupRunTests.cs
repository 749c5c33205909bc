using System.Diagnostics;
using SvmBackup.Journal;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.Sessions;
using SvmBackup.Simulator;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>
/// Backup-SvmMirror's run bookkeeping: the local journal and the host marker, refusing a second backup of a mirror,
/// finishing the undo of an interrupted run on a re-run, Repair-SvmMirror from a marker, freeze/thaw hooks, -NoLock,
/// many hosts in parallel, the disk-set owner among several nodes, and dump targets that would collide.
/// </summary>
public class BackupRunTests : IClassFixture<SshSimulatorFixture>, IDisposable
{
    private static readonly string[] Changing = { "lockfs -w", "lockfs -u", "metaoffline", "metaonline", "metadetach", "metattach", "fsck -y", "ufsdump", "/usr/bin/mkdir", "/usr/bin/rm" };
    private readonly SshSimulatorFixture _f;
    private readonly string _journal = Path.Combine(Path.GetTempPath(), "svmjournal-test-" + Guid.NewGuid().ToString("N")[..8]);

    public BackupRunTests(SshSimulatorFixture fixture) => _f = fixture;

    public void Dispose()
    {
        try { Directory.Delete(_journal, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <returns>The simulator's state directory and a session to the node.</returns>
    private (string Sim, SvmSession Session) FreshLocal(string node = "myhost")
    {
        var r = _f.Engine.Invoke("param($n) $sim = New-SvmSimulator; $sim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1e9 }); $sim.Path; New-SvmSession -Simulator $sim -ComputerName $n", node);
        r.AssertNoErrors();
        return (Assert.IsType<string>(r.Output[0].BaseObject), Assert.IsType<SvmSession>(r.Output[1].BaseObject));
    }

    private static string MarkerDir(string sim, string node, string set, string mirror) => Path.Combine(sim, "roots", node, "var", "opt", "svmbackup", "runs", set, mirror);

    // ufsdump NS only prints a size estimate: a read.
    private static string[] ChangingCommands(SvmSession s, int after = 0) => s.Transcript.Skip(after).Select(t => t.Command).Where(c => Changing.Any(c.Contains) && !System.Text.RegularExpressions.Regex.IsMatch(c, "ufsdump [0-9]S ")).ToArray();

    /// <summary>What an interrupted run leaves: marker made, submirror out, lock released by the trap.</summary>
    private static async Task<string> InterruptedRun(SvmSession s, SvmSplitMethod method, string ownerToken, string client, int pid)
    {
        var runId = BackupJournal.NewRunId();
        var r = await FreezeSplitThaw.RunAsync(s, new FreezeSplitThawOptions
        {
            MountPoint = "/home1",
            Split = SubmirrorOperations.SplitCommand(null, "d1", "d3", method, false),
            Marker = new BackupMarker { Mirror = "d1", RunId = runId, Submirror = "d3", Method = method, Owner = BackupOwner.HashOf(ownerToken), Client = client, ClientProcessId = pid },
        }, CancellationToken.None);
        Assert.Equal(0, r.SplitExitCode);
        Assert.True(r.Marked);
        return runId;
    }

    [Fact]
    public void A_run_journals_each_step_and_leaves_no_marker()
    {
        var (sim, s) = FreshLocal();
        using (s)
        {
            var tripsBefore = s.RoundTrips;
            var r = _f.Engine.Invoke("param($s, $j) Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -JournalPath $j; Get-SvmBackupJournal -JournalPath $j", s, _journal);
            r.AssertNoErrors();
            var b = Assert.IsType<SvmBackupResult>(r.Output[0].BaseObject);
            var entry = Assert.IsType<SvmBackupJournalEntry>(r.Output[1].BaseObject);
            Assert.Equal(("Succeeded", b.RunId, "d1", "d3"), (entry.Status, entry.RunId, entry.Mirror, entry.Submirror));
            Assert.Equal(new[] { "lock-split-unlock:begin", "lock-split-unlock:done", "check:begin", "check:done", "dump:begin", "dump:done", "rejoin:begin", "rejoin:done" },
                entry.Events.Select(e => e.Step + ":" + e.Phase));
            Assert.Equal(new[] { "lock-split-unlock", "check", "dump", "rejoin" }, b.Steps.Select(x => x.Name));
            Assert.All(b.Steps, x => Assert.Equal(("Done", 0), (x.Status, x.ExitCode ?? -1)));
            Assert.False(Directory.Exists(MarkerDir(sim, "myhost", "local", "d1")));
            // The marker travels with the lock (one round trip) and goes with the rejoin (one round trip).
            var t = s.Transcript;
            Assert.Equal(t.Single(x => x.Command.StartsWith("/usr/bin/mkdir", StringComparison.Ordinal)).RoundTrip, t.Single(x => x.Command == "/usr/sbin/lockfs -w /home1").RoundTrip);
            Assert.Equal(t.Single(x => x.Command.StartsWith("/usr/bin/rm -rf", StringComparison.Ordinal)).RoundTrip, t.Single(x => x.Command == "/usr/sbin/metaonline d1 d3").RoundTrip);
            Assert.Equal(s.RoundTrips - tripsBefore, b.RoundTrips);
            Assert.Equal(5, b.RoundTrips); // preflight, lock-split-unlock, check, dump, rejoin
        }
    }

    [Fact]
    public void WhatIf_writes_no_journal_and_no_marker()
    {
        var (sim, s) = FreshLocal();
        using (s)
        {
            var r = _f.Engine.Invoke("param($s, $j) Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -JournalPath $j -WhatIf", s, _journal);
            r.AssertNoErrors();
            Assert.Empty(ChangingCommands(s));
            Assert.False(Directory.Exists(_journal) && Directory.EnumerateFiles(_journal).Any());
            Assert.False(Directory.Exists(MarkerDir(sim, "myhost", "local", "d1")));
        }
    }

    [Fact]
    public async Task A_second_backup_of_the_same_mirror_is_refused_with_the_first_runs_id()
    {
        var (sim, s) = FreshLocal();
        using (s)
        {
            var first = await InterruptedRun(s, SvmSplitMethod.Offline, "job:someone-else", "otherhost", 4242);
            var before = s.Transcript.Length;
            var r = _f.Engine.Invoke("param($s, $j) Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -JournalPath $j", s, _journal);
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("BackupInProgress,", e.FullyQualifiedErrorId);
            Assert.Contains(first, e.ErrorDetails.Message);
            Assert.Contains("Repair-SvmMirror", e.ErrorDetails.Message);
            Assert.Empty(ChangingCommands(s, before));
            Assert.True(Directory.Exists(MarkerDir(sim, "myhost", "local", "d1"))); // the other run's marker is untouched
        }
    }

    [Fact]
    public async Task A_restarted_Azure_job_finishes_the_undo_of_its_interrupted_run_then_backs_up_afresh()
    {
        const string job = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
        var (sim, s) = FreshLocal();
        using (s)
        {
            var old = await InterruptedRun(s, SvmSplitMethod.Offline, "job:" + job, "worker-1", 4242);
            // The run had journalled too (on a worker whose disk may be gone; here it is kept).
            BackupJournal.Create(_journal, new SvmBackupJournalEntry { RunId = old, ComputerName = "myhost", Mirror = "d1", Submirror = "d3", Method = SvmSplitMethod.Offline, Owner = "job:" + job, ClientMachine = "worker-1", ClientProcessId = 4242, Started = DateTime.UtcNow })
                .Step("lock-split-unlock", "done");
            var before = s.Transcript.Length;
            var r = _f.Engine.Invoke("param($s, $j, $id) $PSPrivateMetadata = @{ JobId = [guid]$id }; Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -JournalPath $j -PollIntervalSeconds 0.1; Get-SvmBackupJournal -JournalPath $j -RunId " + old, s, _journal, job);
            r.AssertNoErrors();
            var b = Assert.IsType<SvmBackupResult>(r.Output[0].BaseObject);
            Assert.Equal(("Succeeded", old), (b.Status, b.RecoveredRunId));
            Assert.Contains(r.Warnings, w => w.Contains(old) && w.Contains("interrupted"));
            Assert.Equal("Recovered", Assert.IsType<SvmBackupJournalEntry>(r.Output[1].BaseObject).Status);
            Assert.Equal(new[]
            {
                "/usr/sbin/metaonline d1 d3", "/usr/bin/rm -rf /var/opt/svmbackup/runs/local/d1",                 // the undo
                "/usr/bin/mkdir /var/opt/svmbackup/runs/local/d1", "/usr/sbin/lockfs -w /home1", "/usr/sbin/metaoffline d1 d3", "/usr/sbin/lockfs -u /home1", // afresh
                "/usr/sbin/ufsdump 0f /dev/rmt/0 /dev/md/rdsk/d3", "/usr/sbin/metaonline d1 d3", "/usr/bin/rm -rf /var/opt/svmbackup/runs/local/d1",
            }, ChangingCommands(s, before));
            Assert.False(Directory.Exists(MarkerDir(sim, "myhost", "local", "d1")));
        }
    }

    [Fact]
    public async Task A_run_of_a_dead_process_on_this_machine_is_taken_over()
    {
        using var p = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
        p.WaitForExit();
        var (sim, s) = FreshLocal();
        using (s)
        {
            var old = await InterruptedRun(s, SvmSplitMethod.Offline, "process:gone", BackupMarker.SanitizeClient(Environment.MachineName), p.Id);
            var r = _f.Engine.Invoke("param($s, $j) Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -JournalPath $j -PollIntervalSeconds 0.1", s, _journal);
            r.AssertNoErrors();
            Assert.Equal(("Succeeded", old), (r.Single<SvmBackupResult>().Status, r.Single<SvmBackupResult>().RecoveredRunId));
        }
    }

    [Fact]
    public async Task Repair_SvmMirror_RunId_reattaches_a_detached_submirror_the_host_state_alone_cannot_name()
    {
        var (sim, s) = FreshLocal();
        using (s)
        {
            var old = await InterruptedRun(s, SvmSplitMethod.Detach, "job:elsewhere", "otherhost", 1);
            var r = _f.Engine.Invoke("param($s, $id) Repair-SvmMirror -Session $s -RunId $id; (Get-SvmMirror -Session $s d1 | Wait-SvmResync -PollIntervalSeconds 0.1).Submirrors.Name", s, old);
            r.AssertNoErrors();
            var actions = r.Output.Where(o => o.BaseObject is SvmRepairAction).Select(o => (SvmRepairAction)o.BaseObject).ToList();
            Assert.Equal(new[] { ("Rejoin", "/usr/sbin/metattach d1 d3", true), ("ClearMarker", "/usr/bin/rm -rf /var/opt/svmbackup/runs/local/d1", true) }, actions.Select(a => (a.Action, a.Command, a.Done)));
            Assert.All(actions, a => Assert.Equal(old, a.RunId));
            Assert.Equal(new object[] { "d2", "d3" }, r.Output.Where(o => o.BaseObject is string).Select(o => o.BaseObject));
            Assert.False(Directory.Exists(MarkerDir(sim, "myhost", "local", "d1")));
        }
    }

    [Fact]
    public void A_failing_freeze_command_aborts_the_split_and_thaws()
    {
        var (sim, s) = FreshLocal();
        var thawed = Path.Combine(Path.GetTempPath(), "svm-thawed-" + Guid.NewGuid().ToString("N")[..8]);
        using (s)
        {
            try
            {
                var r = _f.Engine.Invoke("param($s, $j, $t) Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -JournalPath $j -FreezeCommand '/bin/sh','-c','echo quiesce failed >&2; exit 3' -ThawCommand '/usr/bin/touch',$t; (Get-SvmMirror -Session $s d1).IsHealthy", s, _journal, thawed);
                Assert.Contains("quiesce failed", Assert.Single(r.Errors).ErrorDetails.Message);
                var b = Assert.IsType<SvmBackupResult>(r.Output[0].BaseObject);
                Assert.Equal("Failed", b.Status);
                Assert.Equal(("lock-split-unlock", "Failed"), (b.Steps.Single().Name, b.Steps.Single().Status));
                Assert.Null(b.WriteLockWindow);
                Assert.Equal(true, r.Output[1].BaseObject); // nothing was split: no resync, every submirror Okay
                Assert.True(File.Exists(thawed), "the thaw ran after the failed freeze");
                Assert.False(Directory.Exists(MarkerDir(sim, "myhost", "local", "d1")));
            }
            finally { File.Delete(thawed); }
        }
    }

    [Fact]
    public void Freeze_and_thaw_run_around_the_lock_in_the_same_round_trip()
    {
        var (_, s) = FreshLocal();
        var dir = Directory.CreateTempSubdirectory("svm-hooks-").FullName;
        using (s)
        {
            try
            {
                var r = _f.Engine.Invoke("param($s, $j, $f, $t) Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -JournalPath $j -FreezeCommand '/usr/bin/touch',$f -ThawCommand '/usr/bin/touch',$t", s, _journal, Path.Combine(dir, "frozen"), Path.Combine(dir, "thawed"));
                r.AssertNoErrors();
                Assert.True(File.Exists(Path.Combine(dir, "frozen")) && File.Exists(Path.Combine(dir, "thawed")));
                var t = s.Transcript;
                var trip = t.Single(x => x.Command == "/usr/sbin/lockfs -w /home1").RoundTrip;
                Assert.Equal(new[] { "/usr/bin/mkdir", "/usr/bin/touch", "/usr/sbin/lockfs", "/usr/sbin/metaoffline", "/usr/sbin/lockfs", "/usr/bin/touch" }, t.Where(x => x.RoundTrip == trip).Select(x => x.Command.Split(' ')[0]));
            }
            finally { Directory.Delete(dir, true); }
        }
    }

    [Fact]
    public void NoLock_splits_without_write_locking_and_says_so()
    {
        var (_, s) = FreshLocal();
        using (s)
        {
            var r = _f.Engine.Invoke("param($s, $j) Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -JournalPath $j -NoLock", s, _journal);
            r.AssertNoErrors();
            Assert.Contains(r.Warnings, w => w.Contains("NOT be write-locked"));
            var b = r.Single<SvmBackupResult>();
            Assert.Equal("Succeeded", b.Status);
            Assert.Null(b.WriteLockWindow);
            Assert.DoesNotContain(ChangingCommands(s), c => c.Contains("lockfs"));
        }
    }

    [Fact]
    public void Several_nodes_of_a_cluster_back_up_the_disk_set_on_its_owner()
    {
        var r = _f.Engine.Invoke("param($j) $sim = New-SvmSimulator; $sim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1e9 }); $ss = New-SvmSession -Simulator $sim -ComputerName phys-schost-2,phys-schost-1; " +
                                 "try { Backup-SvmMirror -Session $ss -DiskSet schost-1 d0 -Method Detach -TapeDevice /dev/rmt/0 -JournalPath $j -Verbose } finally { $ss | Remove-SvmSession }", _journal);
        r.AssertNoErrors();
        var b = r.Single<SvmBackupResult>();
        Assert.Equal(("phys-schost-1", "Succeeded"), (b.ComputerName, b.Status));
        Assert.Contains(r.Verbose, v => v.Contains("owned by phys-schost-1"));
    }

    [Fact]
    public void Different_hosts_run_in_parallel_each_with_its_own_target()
    {
        var r = _f.Engine.Invoke("param($j) $sim = New-SvmSimulator; $sim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1e9 }); " +
                                 "$sim.Engine.InjectFault([SvmBackup.Simulator.SimulatorFault]::Latency(1500, 'ufsdump', 'myhost')); $sim.Engine.InjectFault([SvmBackup.Simulator.SimulatorFault]::Latency(1500, 'ufsdump', 'phys-schost-1')); " +
                                 "$a = New-SvmSession -Simulator $sim -ComputerName myhost; $b = New-SvmSession -Simulator $sim -ComputerName phys-schost-1; " +
                                 "foreach ($n in 'myhost','phys-schost-1') { [IO.Directory]::CreateDirectory([IO.Path]::Combine($sim.Path, 'roots', $n, 'backup')) | Out-Null }; " +
                                 "try { @(Get-SvmMirror -Session $a d1; Get-SvmMirror -Session $b -DiskSet schost-1 d0) | Backup-SvmMirror -RemotePath '/backup/{host}-{set}-{mirror}.ufsdump' -JournalPath $j -ThrottleLimit 2 } finally { Remove-SvmSession $a, $b }", _journal);
        r.AssertNoErrors();
        var results = r.All<SvmBackupResult>().OrderBy(x => x.ComputerName).ToList();
        Assert.Equal(new[] { ("myhost", "/backup/myhost-local-d1.ufsdump", "Succeeded"), ("phys-schost-1", "/backup/phys-schost-1-schost-1-d0.ufsdump", "Succeeded") },
            results.Select(x => (x.ComputerName, x.Target, x.Status)));
        // Both ran at once: each started before the other ended.
        Assert.True(results[0].Start < results[1].End && results[1].Start < results[0].End);
    }

    [Fact]
    public void One_local_file_for_two_mirrors_is_refused_before_anything_runs()
    {
        const string target = "-Destination '/tmp/one-file.ufsdump'";
        var r = _f.Engine.Invoke("$sim = New-SvmSimulator; $a = New-SvmSession -Simulator $sim -ComputerName myhost; $b = New-SvmSession -Simulator $sim -ComputerName phys-schost-1; " +
                                 "try { @(Get-SvmMirror -Session $a d1; Get-SvmMirror -Session $b -DiskSet schost-1 d0) | Backup-SvmMirror " + target + " } finally { Remove-SvmSession $a, $b }");
        Assert.StartsWith("TargetConflict,", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Empty(r.Output);
    }
}
