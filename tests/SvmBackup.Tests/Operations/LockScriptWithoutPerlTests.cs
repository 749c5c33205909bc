using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.Scripts;
using SvmBackup.Tests.Support;
using SvmBackup.Transport;

namespace SvmBackup.Tests.Operations;

/// <summary>
/// The trapped lock-split-unlock script on a host without /usr/bin/perl (the branch that cannot stamp times), run by
/// /bin/sh with shims for lockfs and metaoffline: it must lock, split and unlock in the same order, report the marks
/// without times, and still unlock when lockfs -w fails or the split is refused.
/// </summary>
public sealed class LockScriptWithoutPerlTests : IDisposable
{
    private const string Mark = "#svmbackup-0123456789abcdef:";
    private readonly ShimRoot _shims = new("svm-noperl-");
    private string Log => Path.Combine(_shims.Path, "tools.log");

    public void Dispose() => _shims.Dispose();

    private void Shim(string path, string body) => _shims.Shim(path, body);

    /// <summary>
    /// Runs the script with /usr/bin/perl mapped into the root: absent there unless <paramref name="withPerl"/> puts a
    /// shim that runs the machine's perl.
    /// </summary>
    private async Task<RemoteResult> RunScript(bool withPerl)
    {
        if (withPerl) Shim("usr/bin/perl", "exec perl \"$@\"\n");
        var script = FreezeSplitThaw.BuildScript(new RemoteBatch(), "/home1", SubmirrorOperations.SplitCommand(null, "d1", "d3", SvmSplitMethod.Offline, false), "0123456789abcdef");
        var transport = _shims.Transport("/usr/bin/perl", "/usr/sbin/lockfs", "/usr/sbin/metaoffline");
        return await transport.ExecuteAsync(new ExecutionRequest(script) { TermOnly = true, Timeout = TimeSpan.FromSeconds(60) }, CancellationToken.None);
    }

    private string ToolsRun() => File.Exists(Log) ? File.ReadAllText(Log) : "";

    private static List<string> Marks(string stderr) =>
        stderr.Split('\n').Where(l => l.StartsWith(Mark, StringComparison.Ordinal)).Select(l => l[Mark.Length..]).ToList();

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the same script where perl is there: the marks carry times, the tools run alike
    public async Task Locks_splits_and_unlocks_in_order(bool withPerl)
    {
        Shim("usr/sbin/lockfs", $"echo \"lockfs $*\" >> {Log}\nexit 0\n");
        Shim("usr/sbin/metaoffline", $"echo \"metaoffline $*\" >> {Log}\necho \"d1: submirror d3 is offlined\"\nexit 0\n");
        var r = await RunScript(withPerl);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("lockfs -w /home1\nmetaoffline d1 d3\nlockfs -u /home1\n", ToolsRun());
        Assert.Equal("d1: submirror d3 is offlined\n", r.Stdout);
        var marks = Marks(r.Stderr);
        var time = withPerl ? "[0-9]+\\.[0-9]{6}" : "";
        Assert.Collection(marks,
            m => Assert.Matches("^locking:" + time + "$", m),
            m => Assert.Matches("^locked:" + time + "$", m),
            m => Assert.Matches("^unlocked:0:" + time + "$", m),
            m => Assert.Equal("split:0", m));
    }

    [Fact]
    public async Task A_failed_lock_stops_before_the_split_and_still_runs_the_unlock()
    {
        // lockfs -w fails (e.g. EBUSY); the kernel may have taken the lock all the same, so the trap runs lockfs -u.
        Shim("usr/sbin/lockfs", $"echo \"lockfs $*\" >> {Log}\ncase \"$1\" in -w) echo \"/home1: Device busy\" >&2; exit 1 ;; esac\nexit 0\n");
        Shim("usr/sbin/metaoffline", $"echo \"metaoffline $*\" >> {Log}\nexit 0\n");
        var r = await RunScript(withPerl: false);
        Assert.Equal(10, r.ExitCode);
        Assert.Equal("lockfs -w /home1\nlockfs -u /home1\n", ToolsRun());
        Assert.Equal(new[] { "locking:", "unlocked:0:" }, Marks(r.Stderr));
    }

    [Fact]
    public async Task A_refused_split_still_unlocks_and_reports_its_exit_code()
    {
        Shim("usr/sbin/lockfs", $"echo \"lockfs $*\" >> {Log}\nexit 0\n");
        Shim("usr/sbin/metaoffline", $"echo \"metaoffline $*\" >> {Log}\necho \"metaoffline: myhost: d1: submirror d3 is last Okay submirror\" >&2\nexit 1\n");
        var r = await RunScript(withPerl: false);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("lockfs -w /home1\nmetaoffline d1 d3\nlockfs -u /home1\n", ToolsRun());
        Assert.Equal(new[] { "locking:", "locked:", "unlocked:0:", "split:1" }, Marks(r.Stderr));
    }
}
