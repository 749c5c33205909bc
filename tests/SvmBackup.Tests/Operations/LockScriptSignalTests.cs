using System.Diagnostics;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.Scripts;
using SvmBackup.Tests.Support;
using SvmBackup.Transport;

namespace SvmBackup.Tests.Operations;

/// <summary>
/// The perl that runs lockfs -w in the trapped script (and stamps the host times) must not die before its lockfs -w:
/// an orphaned lockfs -w could take the lock after the trap's unlock. Run by /bin/sh and the machine's perl with
/// shims for lockfs and metaoffline.
/// </summary>
public sealed class LockScriptSignalTests : IDisposable
{
    private readonly ShimRoot _shims = new("svm-locksig-");
    private string Log => Path.Combine(_shims.Path, "tools.log");
    private string PerlPidFile => Path.Combine(_shims.Path, "perl.pid");

    public void Dispose() => _shims.Dispose();

    private void Shim(string path, string body) => _shims.Shim(path, body);

    /// <summary>
    /// Runs the script with a lockfs -w shim whose TERM handling is <paramref name="onTerm"/> (a shell trap action), and
    /// TERMs the perl alone while lockfs -w runs (as if the group's TERM reached perl and not yet lockfs -w).
    /// </summary>
    private async Task<RemoteResult> RunAndSignalThePerl(string onTerm)
    {
        Assert.True(File.Exists("/usr/bin/perl"), "this test needs /usr/bin/perl");
        // lockfs -w records its parent (the perl) and that it started, then runs for up to 30 s.
        Shim("usr/bin/perl", "exec /usr/bin/perl \"$@\"\n");
        Shim("usr/sbin/lockfs",
            $"case \"$1\" in\n-w) echo $PPID > {PerlPidFile}.tmp; mv {PerlPidFile}.tmp {PerlPidFile}\n" +
            $"   echo \"lockfs -w started\" >> {Log}\n   trap '{onTerm}' 15\n" +
            "   i=0; while [ $i -lt 300 ]; do sleep 0.1; i=`expr $i + 1`; done\n" +
            $"   echo \"lockfs -w ended\" >> {Log}; exit 0 ;;\n*) echo \"lockfs $*\" >> {Log}; exit 0 ;;\nesac\n");
        Shim("usr/sbin/metaoffline", $"echo \"metaoffline $*\" >> {Log}\nexit 0\n");
        var script = FreezeSplitThaw.BuildScript(new RemoteBatch(), "/home1", SubmirrorOperations.SplitCommand(null, "d1", "d3", SvmSplitMethod.Offline, false), "0123456789abcdef");
        var transport = _shims.Transport("/usr/bin/perl", "/usr/sbin/lockfs", "/usr/sbin/metaoffline");
        var run = transport.ExecuteAsync(new ExecutionRequest(script) { TermOnly = true, Timeout = TimeSpan.FromSeconds(60) }, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        while (!File.Exists(PerlPidFile))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "lockfs -w never started");
            if (run.IsCompleted) Assert.Fail("the script ended before lockfs -w started: " + (await run).Stderr);
            await Task.Delay(20);
        }
        var perl = int.Parse(File.ReadAllText(PerlPidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using (var kill = Process.Start("kill", new[] { "-TERM", perl.ToString(System.Globalization.CultureInfo.InvariantCulture) })) kill.WaitForExit();
        return await run;
    }

    [Fact]
    public async Task A_signal_to_the_perl_that_runs_lockfs_w_waits_for_lockfs_w_before_the_trap_unlocks()
    {
        // lockfs -w takes a while to finish even after a TERM (a kernel lock request is not interrupted half-way).
        var r = await RunAndSignalThePerl($"sleep 1; echo \"lockfs -w ended\" >> {Log}; exit 143");
        Assert.Equal(10, r.ExitCode); // lockfs -w failed (killed): stop before the split
        Assert.Equal("lockfs -w started\nlockfs -w ended\nlockfs -u /home1\n", File.ReadAllText(Log));
        Assert.DoesNotContain("#svmbackup-0123456789abcdef:locked:", r.Stderr);
    }

    [Fact]
    public async Task A_signal_to_the_perl_stops_the_script_before_the_split_even_when_lockfs_w_succeeds()
    {
        // lockfs -w does not stop on TERM: it takes the lock and succeeds. The signal still means stop.
        var r = await RunAndSignalThePerl($"sleep 1; echo \"lockfs -w ended\" >> {Log}; exit 0");
        Assert.Equal(10, r.ExitCode);
        Assert.Equal("lockfs -w started\nlockfs -w ended\nlockfs -u /home1\n", File.ReadAllText(Log));
        Assert.DoesNotContain("#svmbackup-0123456789abcdef:locked:", r.Stderr);
    }
}
