using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.Scripts;
using SvmBackup.Tests.Support;
using SvmBackup.Transport;

namespace SvmBackup.Tests.Operations;

/// <summary>
/// The trapped script around its host marker, run by /bin/sh with shims for mkdir, lockfs and metaoffline: a signal
/// landing between the kernel's mkdir and the shell seeing its status, entries that cannot be made, and another run's
/// marker. In none of them may a marker be left that cannot say what to put back, or another run's marker be touched.
/// </summary>
public sealed class MarkerSignalTests : IDisposable
{
    private readonly ShimRoot _shims = new("svm-marker-sig-");
    private string Log => Path.Combine(_shims.Path, "tools.log");
    private string MarkerDir => Path.Combine(_shims.Path, "var/opt/svmbackup/runs/local/d1");

    public MarkerSignalTests()
    {
        Directory.CreateDirectory(Path.Combine(_shims.Path, "var/opt/svmbackup/runs"));
        // lockfs and metaoffline only record that they ran.
        Shim("usr/sbin/lockfs", $"echo \"lockfs $*\" >> {Log}\nexit 0\n");
        Shim("usr/sbin/metaoffline", $"echo \"metaoffline $*\" >> {Log}\nexit 0\n");
    }

    public void Dispose() => _shims.Dispose();

    private void Shim(string path, string body) => _shims.Shim(path, body);

    private async Task<RemoteResult> RunScript()
    {
        var options = new FreezeSplitThawOptions
        {
            MountPoint = "/home1",
            Split = SubmirrorOperations.SplitCommand(null, "d1", "d3", SvmSplitMethod.Offline, false),
            Marker = new BackupMarker { Mirror = "d1", RunId = "20261125T140000Z-0a1b2c3d", Submirror = "d3", Method = SvmSplitMethod.Offline },
        };
        var script = FreezeSplitThaw.BuildScript(new RemoteBatch(), options, "0123456789abcdef");
        var transport = _shims.Transport("/usr/bin/mkdir", "/usr/sbin/lockfs", "/usr/sbin/metaoffline", "/var/opt/svmbackup");
        return await transport.ExecuteAsync(new ExecutionRequest(script) { TermOnly = true, Timeout = TimeSpan.FromSeconds(60) }, CancellationToken.None);
    }

    private string ToolsRun() => File.Exists(Log) ? File.ReadAllText(Log) : "";

    [Fact]
    public async Task A_signal_right_after_the_kernel_made_the_marker_removes_it_and_nothing_is_locked()
    {
        // mkdir of the marker succeeds, then the script's shell is sent TERM before it can see mkdir's status.
        Shim("usr/bin/mkdir", "/bin/mkdir \"$@\" || exit $?\ncase \"$*\" in *runs/local/d1) kill -TERM $PPID; sleep 1 ;; esac\nexit 0\n");
        var r = await RunScript();
        Assert.Equal(129, r.ExitCode);
        Assert.False(Directory.Exists(MarkerDir), "an entry-less marker was left");
        Assert.Equal("", ToolsRun());
    }

    [Fact]
    public async Task Entries_that_cannot_be_made_stop_the_script_before_the_lock_and_remove_the_marker()
    {
        Shim("usr/bin/mkdir", "case \"$*\" in *id=*) echo \"mkdir: Failed to make directory: No space left on device\" >&2; exit 2 ;; esac\nexec /bin/mkdir \"$@\"\n");
        var r = await RunScript();
        Assert.Equal(14, r.ExitCode);
        Assert.Contains("#svmbackup-0123456789abcdef:markfailed", r.Stderr);
        Assert.False(Directory.Exists(MarkerDir));
        Assert.Equal("", ToolsRun());
    }

    [Theory]
    [InlineData(true)]  // another run's marker with its entries
    [InlineData(false)] // another run's marker between its two mkdirs
    public async Task Another_runs_marker_is_left_as_it_is(bool withEntries)
    {
        Shim("usr/bin/mkdir", "exec /bin/mkdir \"$@\"\n");
        Directory.CreateDirectory(MarkerDir);
        if (withEntries) Directory.CreateDirectory(Path.Combine(MarkerDir, "id=20261125T130000Z-ffffffff"));
        var r = await RunScript();
        Assert.Equal(12, r.ExitCode);
        Assert.True(Directory.Exists(MarkerDir));
        Assert.Equal(withEntries ? 1 : 0, Directory.GetFileSystemEntries(MarkerDir).Length);
        Assert.Equal("", ToolsRun());
    }

    [Fact]
    public async Task Without_faults_the_marker_stays_with_its_entries_for_the_rejoin()
    {
        Shim("usr/bin/mkdir", "exec /bin/mkdir \"$@\"\n");
        var r = await RunScript();
        Assert.Equal(0, r.ExitCode);
        var entries = Directory.GetFileSystemEntries(MarkerDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "id=20261125T140000Z-0a1b2c3d", "method=Offline" }, entries.Take(2));
        // sh=: the script's own PID, so a recovery can wait for a script still running on the host.
        Assert.Matches("^sh=[1-9][0-9]*$", entries[2]);
        Assert.Equal("sub=d3", entries[3]);
        Assert.Equal("lockfs -w /home1\nmetaoffline d1 d3\nlockfs -u /home1\n", ToolsRun());
    }
}
