using SvmBackup.Journal;
using SvmBackup.Model;
using SvmBackup.Sessions;
using SvmBackup.Simulator;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>
/// Every failure point of a backup leaves the file system unlocked and either the submirror back in its mirror or a
/// journal entry and host marker that Repair-SvmMirror completes: a rejoin that fails, Ctrl+C during the dump, Ctrl+C
/// while the lock-split-unlock script runs, a backup on a node that does not own the set.
/// </summary>
public sealed class BackupFailurePointTests : IDisposable
{
    private readonly SimulatedHost _host = new();
    private readonly ModuleHost _engine = new();
    private readonly PipelineHost _pipelines = new();
    private readonly string _journal = Path.Combine(Path.GetTempPath(), "svmjournal-fp-" + Guid.NewGuid().ToString("N")[..8]);

    public BackupFailurePointTests() => _host.Simulator.UpdateOptions(o => o.ResyncBlocksPerSecond = 1e9);

    public void Dispose()
    {
        _pipelines.Dispose();
        _engine.Dispose();
        _host.Dispose();
        try { Directory.Delete(_journal, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private SolarisSimulator Sim => _host.Simulator;
    private string Marker(string set, string mirror) => Path.Combine(_host.StateDirectory, "roots", "myhost", "var", "opt", "svmbackup", "runs", set, mirror);

    private SvmSession Open(string node = "myhost")
    {
        var r = _engine.Invoke("param($p, $n) New-SvmSession -Simulator (New-SvmSimulator -Path $p) -ComputerName $n", _host.StateDirectory, node);
        r.AssertNoErrors();
        return r.Single<SvmSession>();
    }

    private string LockedFileSystems()
    {
        using var o = new MemoryStream();
        Sim.Run("myhost", "lockfs", Array.Empty<string>(), Stream.Null, false, o, Stream.Null);
        return System.Text.Encoding.UTF8.GetString(o.ToArray());
    }

    private SvmMirror Mirror(SvmSession s) => Assert.IsType<SvmMirror>(_engine.Invoke("param($s) Get-SvmMirror -Session $s d1 | Wait-SvmResync -PollIntervalSeconds 0.1", s).Output.Single().BaseObject);

    [Fact]
    public void A_failed_rejoin_is_Incomplete_with_the_recovery_and_Repair_SvmMirror_RunId_completes_it_from_the_journal_and_marker()
    {
        using var s = Open();
        s.CommandTimeout = TimeSpan.FromSeconds(4);
        Sim.InjectFault(SimulatorFault.Hang("metaonline", "myhost"));
        var r = _engine.Invoke("param($s, $j) Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -JournalPath $j", s, _journal);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("SubmirrorNotRejoined,", e.FullyQualifiedErrorId);
        var b = r.Single<SvmBackupResult>();
        Assert.Equal("Incomplete", b.Status);
        Assert.Contains("d3 is still out of d1 on myhost (offline; the file system is unlocked)", e.ErrorDetails.Message);
        Assert.Contains("Repair-SvmMirror -RunId " + b.RunId, e.ErrorDetails.RecommendedAction);
        Assert.Equal("", LockedFileSystems());
        Assert.True(Directory.Exists(Marker("local", "d1")));
        Assert.Equal(("Incomplete", "rejoin", "failed"), Status(b.RunId!));

        Sim.ClearFaults();
        s.CommandTimeout = null;
        var repair = _engine.Invoke("param($s, $id, $j) Repair-SvmMirror -Session $s -RunId $id -JournalPath $j", s, b.RunId!, _journal);
        repair.AssertNoErrors();
        Assert.Equal(new[] { ("Rejoin", "/usr/sbin/metaonline d1 d3"), ("ClearMarker", "/usr/bin/rm -rf /var/opt/svmbackup/runs/local/d1") },
            repair.All<SvmRepairAction>().Where(a => a.Done).Select(a => (a.Action, a.Command)));
        Assert.True(Mirror(s).IsHealthy);
        Assert.False(Directory.Exists(Marker("local", "d1")));
        Assert.Equal("Recovered", Status(b.RunId!).Status);
    }

    private (string Status, string? Step, string? Phase) Status(string runId)
    {
        var entry = BackupJournal.Find(_journal, runId)!;
        return (entry.Status, entry.LastStep, entry.LastPhase);
    }

    [Fact]
    public void Ctrl_C_during_the_dump_kills_ufsdump_rejoins_and_journals_the_run_as_failed()
    {
        using var s = Open();
        Sim.Write("myhost", "/home1", 0, System.Text.Encoding.ASCII.GetBytes(new string('x', 65536)));
        Sim.InjectFault(SimulatorFault.Latency(60000, "ufsdump", "myhost"));
        using var p = _pipelines.Start("param($s, $j) Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -JournalPath $j", s, _journal);
        Assert.True(SpinWait.SpinUntil(() => BackupJournal.Read(_journal).Any(x => x.LastStep == "dump"), TimeSpan.FromSeconds(60)), "the dump never started");
        Thread.Sleep(300);
        Assert.True(p.Stop(TimeSpan.FromSeconds(60)), "Stop did not return");
        Assert.Equal(System.Management.Automation.PSInvocationState.Stopped, p.State);
        Assert.Equal("", LockedFileSystems());
        Assert.True(Mirror(s).IsHealthy);
        Assert.False(Directory.Exists(Marker("local", "d1")));
        var entry = Assert.Single(BackupJournal.Read(_journal));
        Assert.Equal(("Failed", "rejoin", "done"), (entry.Status, entry.LastStep, entry.LastPhase));
        Assert.Contains(s.Transcript, t => t.Command == "/usr/sbin/metaonline d1 d3");
    }

    [Fact]
    public void Ctrl_C_while_the_lock_split_script_runs_unlocks_and_clears_the_marker()
    {
        using var s = Open();
        Sim.InjectFault(SimulatorFault.Hang("metaoffline", "myhost"));
        using var p = _pipelines.Start("param($s, $j) Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -JournalPath $j", s, _journal);
        // The marker is made first in the script; lockfs -w runs next, then metaoffline hangs.
        Assert.True(SpinWait.SpinUntil(() => LockedFileSystems().Contains("/home1"), TimeSpan.FromSeconds(60)), "the lock was never taken");
        Assert.True(p.Stop(TimeSpan.FromSeconds(60)), "Stop did not return");
        Sim.ClearFaults();
        Assert.Equal("", LockedFileSystems());
        Assert.True(Mirror(s).IsHealthy);
        Assert.False(Directory.Exists(Marker("local", "d1")));
        Assert.Equal("Failed", Assert.Single(BackupJournal.Read(_journal)).Status);
    }

    [Fact]
    public void A_node_that_does_not_own_the_set_is_refused_in_the_preflight()
    {
        using var s = Open("phys-schost-2");
        var r = _engine.Invoke("param($s, $j) Backup-SvmMirror -Session $s -DiskSet schost-1 d0 -Method Detach -TapeDevice /dev/rmt/0 -JournalPath $j", s, _journal);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("NotSetOwner,", e.FullyQualifiedErrorId);
        Assert.DoesNotContain(s.Transcript, t => t.Command.Contains("lockfs -w") || t.Command.Contains("mkdir"));
    }
}
