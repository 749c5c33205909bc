using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.Scripts;
using SvmBackup.Sessions;
using SvmBackup.Simulator;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>
/// Lock, split and unlock as one trapped remote script: one round trip, host-side lock window, and the file system
/// unlocked whatever happens after the lock (split refused, cancellation, connection lost).
/// </summary>
public class FreezeSplitThawTests : IClassFixture<SshSimulatorFixture>
{
    private readonly SshSimulatorFixture _f;

    public FreezeSplitThawTests(SshSimulatorFixture fixture) => _f = fixture;

    private (SolarisSimulator Sim, SvmSession Session) FreshLocal()
    {
        var r = _f.Engine.Invoke("$sim = New-SvmSimulator; $sim.Engine; New-SvmSession -Simulator $sim -ComputerName myhost");
        r.AssertNoErrors();
        return (Assert.IsType<SolarisSimulator>(r.Output[0].BaseObject), Assert.IsType<SvmSession>(r.Output[1].BaseObject));
    }

    /// <summary>lockfs with no arguments lists only locked file systems (nothing at all when none is locked).</summary>
    private static string LockedFileSystems(SolarisSimulator sim, string node)
    {
        using var o = new MemoryStream();
        sim.Run(node, "lockfs", Array.Empty<string>(), Stream.Null, false, o, Stream.Null);
        return System.Text.Encoding.UTF8.GetString(o.ToArray());
    }

    [Fact]
    public async Task One_round_trip_locks_splits_unlocks_and_reports_the_host_side_lock_window()
    {
        var (sim, s) = FreshLocal();
        try
        {
            var before = s.RoundTrips;
            var r = await FreezeSplitThaw.RunAsync(s, "/home1", null, "d1", "d3", SvmSplitMethod.Offline, CancellationToken.None);
            Assert.Equal(1, s.RoundTrips - before);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(0, r.SplitExitCode);
            Assert.True(r.Unlocked);
            Assert.NotNull(r.WriteLockWindow);
            Assert.True(r.WriteLockWindow > TimeSpan.Zero);
            Assert.True(r.LockedAt >= r.LockRequestedAt && r.UnlockedAt >= r.LockedAt);
            Assert.Equal("", LockedFileSystems(sim, "myhost"));
            Assert.Contains("d1: submirror d3 is offlined", r.Stdout);
            Assert.Empty(BourneShellCheck.Violations(r.Script));
            Assert.Equal(new[] { "/usr/sbin/lockfs -w /home1", "/usr/sbin/metaoffline d1 d3", "/usr/sbin/lockfs -u /home1" }, s.Transcript.Skip(s.Transcript.Length - 3).Select(t => t.Command));
        }
        finally { s.Dispose(); }
    }

    /// <summary>
    /// Between lockfs -w returning and the split starting, nothing but shell builtins runs: the clock is read by the
    /// perl that ran lockfs -w, not by a process started inside the write-lock window.
    /// </summary>
    [Fact]
    public void No_process_starts_between_the_lock_and_the_split()
    {
        var script = FreezeSplitThaw.BuildScript(new RemoteBatch(), "/home1", SubmirrorOperations.SplitCommand(null, "d1", "d3", SvmSplitMethod.Offline, false), "0123456789abcdef");
        var lines = script.Split('\n');
        var timedLock = Array.FindIndex(lines, l => l.Contains("/usr/bin/perl", StringComparison.Ordinal) && l.Contains("/usr/sbin/lockfs -w /home1 ", StringComparison.Ordinal));
        Assert.True(timedLock > 0, script);
        Assert.Contains("#svmbackup-0123456789abcdef:locked:", lines[timedLock]);
        var split = Array.FindIndex(lines, l => l.StartsWith("/usr/sbin/metaoffline d1 d3", StringComparison.Ordinal));
        var between = lines[(timedLock + 1)..split];
        // The no-perl branch (else ... fi) is skipped when perl ran lockfs; what follows fi must be builtins only.
        var afterFi = between.SkipWhile(l => l.Trim() != "fi").Skip(1).ToList();
        Assert.NotEmpty(afterFi);
        Assert.All(afterFi, l => Assert.Matches("^[a-z_]+=[a-z0-9]*$", l.Trim()));
    }

    [Fact]
    public async Task A_split_that_SVM_refuses_still_unlocks()
    {
        var (sim, s) = FreshLocal();
        try
        {
            sim.Run("myhost", "metaoffline", new[] { "d1", "d3" }, Stream.Null, false, Stream.Null, Stream.Null);
            var r = await FreezeSplitThaw.RunAsync(s, "/home1", null, "d1", "d2", SvmSplitMethod.Offline, CancellationToken.None);
            Assert.NotEqual(0, r.SplitExitCode);
            Assert.Contains("operation would result in no readable submirrors", r.Stderr);
            Assert.True(r.Unlocked);
            Assert.Equal("", LockedFileSystems(sim, "myhost"));
        }
        finally { s.Dispose(); }
    }

    [Fact]
    public async Task Cancelling_while_the_lock_is_held_runs_the_trap_and_unlocks()
    {
        var (sim, s) = FreshLocal();
        try
        {
            sim.InjectFault(SimulatorFault.Hang("metaoffline", "myhost"));
            using var cts = new CancellationTokenSource();
            var run = FreezeSplitThaw.RunAsync(s, "/home1", null, "d1", "d3", SvmSplitMethod.Offline, cts.Token);
            for (var i = 0; i < 400 && !LockedFileSystems(sim, "myhost").Contains("/home1"); i++) await Task.Delay(25);
            Assert.Contains("/home1", LockedFileSystems(sim, "myhost")); // the lock is held while metaoffline hangs
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            Assert.Equal("", LockedFileSystems(sim, "myhost"));
        }
        finally { sim.ClearFaults(); s.Dispose(); }
    }

    /// <summary>The lockfs listing while lockfs itself is slow to exit (the fault applies to every lockfs).</summary>
    private static string LockedQuick(SolarisSimulator sim)
    {
        using var o = new MemoryStream();
        using var quick = new CancellationTokenSource(200);
        try { sim.Run("myhost", "lockfs", Array.Empty<string>(), Stream.Null, false, o, Stream.Null, quick.Token); }
        catch (OperationCanceledException) { }
        return System.Text.Encoding.UTF8.GetString(o.ToArray());
    }

    [Fact]
    public async Task A_signal_after_the_kernel_took_the_lock_but_before_lockfs_exited_still_unlocks()
    {
        var (sim, s) = FreshLocal();
        try
        {
            // lockfs -w has locked /home1 but has not exited yet when the cancel arrives.
            sim.InjectFault(SimulatorFault.SlowExit(4000, "lockfs", "myhost"));
            using var cts = new CancellationTokenSource();
            var run = FreezeSplitThaw.RunAsync(s, "/home1", null, "d1", "d3", SvmSplitMethod.Offline, cts.Token);
            for (var i = 0; i < 400 && !LockedQuick(sim).Contains("/home1"); i++) await Task.Delay(25);
            Assert.Contains("/home1", LockedQuick(sim));
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            sim.ClearFaults();
            Assert.Equal("", LockedFileSystems(sim, "myhost"));
            // and nothing was split
            using var o = new MemoryStream();
            sim.Run("myhost", "metastat", new[] { "-c", "d1" }, Stream.Null, false, o, Stream.Null);
            Assert.DoesNotContain("offline", System.Text.Encoding.UTF8.GetString(o.ToArray()));
        }
        finally { sim.ClearFaults(); s.Dispose(); }
    }

    [Fact]
    public async Task A_session_whose_sudo_needs_a_password_is_refused_before_anything_runs()
    {
        var (_, s) = FreshLocal();
        s.Dispose();
        var t = new SvmBackup.Transport.LocalShellTransport("/tmp", "x", Array.Empty<string>());
        var pw = await SvmSessionFactoryForTests.OpenAsync(t, "secret-pw");
        var ex = await Assert.ThrowsAsync<SvmRefusedException>(() => FreezeSplitThaw.RunAsync(pw, "/home1", null, "d1", "d3", SvmSplitMethod.Offline, CancellationToken.None));
        Assert.Equal(SvmRefusal.UnsafeElevation, ex.Refusal);
        Assert.Equal(1, pw.RoundTrips); // only the session's own uname -n
        pw.Dispose();
    }

    [SkippableFact]
    public async Task Losing_the_ssh_connection_while_locked_still_unlocks_on_the_host()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        var r = _f.Engine.Invoke("param($port, $key, $kh) New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh", rig.Port, rig.RootKeyPath, rig.KnownHostsFile);
        r.AssertNoErrors();
        var s = r.Single<SvmSession>();
        var sim = _f.Host.Simulator;
        sim.InjectFault(SimulatorFault.Latency(4000, "metaoffline", "myhost"));
        try
        {
            var run = FreezeSplitThaw.RunAsync(s, "/home1", null, "d1", "d3", SvmSplitMethod.Offline, CancellationToken.None);
            for (var i = 0; i < 400 && !LockedFileSystems(sim, "myhost").Contains("/home1"); i++) await Task.Delay(25);
            Assert.Contains("/home1", LockedFileSystems(sim, "myhost"));
            // The client side vanishes: kill the root sshd session processes on the host.
            foreach (var p in rig.ListProcesses().Where(p => p.CommandLine.StartsWith("sshd: root", StringComparison.Ordinal))) rig.KillProcess(p.Pid);
            await Assert.ThrowsAnyAsync<Exception>(() => run);
            // The script goes on without its client: the split finishes and the trap unlocks.
            for (var i = 0; i < 600 && LockedFileSystems(sim, "myhost").Contains("/home1"); i++) await Task.Delay(50);
            Assert.Equal("", LockedFileSystems(sim, "myhost"));
        }
        finally
        {
            sim.ClearFaults();
            s.Dispose();
            sim.Run("myhost", "metaonline", new[] { "d1", "d3" }, Stream.Null, false, Stream.Null, Stream.Null);
            sim.Run("myhost", "lockfs", new[] { "-u", "/home1" }, Stream.Null, false, Stream.Null, Stream.Null);
        }
    }
}

/// <summary>Opens a session that elevates with sudo -S (a password is known), without a real host.</summary>
internal static class SvmSessionFactoryForTests
{
    public static Task<SvmSession> OpenAsync(SvmBackup.Transport.ISvmTransport transport, string sudoPassword) =>
        SvmSession.OpenAsync(transport, "test", 22, "svmpw", Elevation.Sudo, null, CancellationToken.None, sudoPassword);
}
