using SvmBackup.Tests.Support;
using SvmBackup.Transport;

namespace SvmBackup.Tests.Transport;

public class LocalShellTransportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("svm-root-").FullName;
    private static readonly string[] Provided = { "/usr/sbin/metastat", "/usr/sbin/metaset", "/etc/mnttab", "/usr/bin/uname" };

    private LocalShellTransport Transport() => new(_root, "myhost", Provided);

    [Theory]
    [InlineData("/usr/sbin/metastat -p </dev/null", "{R}/usr/sbin/metastat -p </dev/null")]
    [InlineData("/usr/bin/cat /etc/mnttab", "/usr/bin/cat {R}/etc/mnttab")]
    [InlineData("/usr/bin/sudo -n /usr/sbin/metaset -s 'schost-1'", "/usr/bin/sudo -n {R}/usr/sbin/metaset -s 'schost-1'")]
    [InlineData("x='/usr/sbin/metastat'", "x='{R}/usr/sbin/metastat'")]
    [InlineData("x=`/usr/sbin/metastat -p`", "x=`{R}/usr/sbin/metastat -p`")]
    [InlineData("x=`/usr/bin/uname`", "x=`{R}/usr/bin/uname`")]
    [InlineData("/usr/sbin/metastatx /x/usr/sbin/metastat /etc/mnttab.bak", "/usr/sbin/metastatx /x/usr/sbin/metastat /etc/mnttab.bak")]
    public void Only_provided_Solaris_paths_standing_as_words_are_redirected(string script, string expected)
    {
        Assert.Equal(expected.Replace("{R}", _root), Transport().Rewrite(script));
    }

    [Fact]
    public async Task Runs_under_bin_sh_with_closed_stdin_and_keeps_streams_apart()
    {
        Directory.CreateDirectory(Path.Combine(_root, "usr", "sbin"));
        var shim = Path.Combine(_root, "usr", "sbin", "metastat");
        await File.WriteAllTextAsync(shim, "#!/bin/sh\necho \"out $*\"; echo err >&2; [ -t 0 ] && echo tty; exit 7\n");
        File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var r = await Transport().ExecuteAsync(new ExecutionRequest("/usr/sbin/metastat -p d1"), CancellationToken.None);
        Assert.Equal(7, r.ExitCode);
        Assert.Equal("out -p d1\n", r.Stdout);
        Assert.Equal("err\n", r.Stderr);
    }

    [Fact]
    public async Task Cancellation_kills_a_hanging_command_and_its_children()
    {
        var pidFile = Path.Combine(_root, "pid");
        using var cts = new CancellationTokenSource();
        var run = Transport().ExecuteAsync(new ExecutionRequest($"sleep 300 & echo $! > {pidFile}; wait"), cts.Token);
        while (!File.Exists(pidFile) || (await File.ReadAllTextAsync(pidFile)).Trim().Length == 0) await Task.Delay(20);
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim());
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        // The child (sleep) must be gone too, not left running on the host.
        for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z "); i++) await Task.Delay(50);
        Assert.True(!Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z "), "sleep survived the cancellation");
    }

    [Fact]
    public async Task Stdout_is_streamed_into_a_sink_not_buffered()
    {
        var sink = new CountingStream();
        var r = await Transport().ExecuteAsync(new ExecutionRequest("head -c 33554432 /dev/zero; echo done >&2") { StdoutSink = sink }, CancellationToken.None);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(33554432, sink.Length);
        Assert.Equal("", r.Stdout); // nothing was kept in memory
        Assert.Equal("done\n", r.Stderr);
    }

    [Fact]
    public async Task Secret_input_reaches_stdin_only()
    {
        var r = await Transport().ExecuteAsync(new ExecutionRequest("read line; echo \"got ${#line}\"; cat /proc/$$/cmdline | tr '\\0' ' '") { SecretInput = "Top-Secret-1\n" }, CancellationToken.None);
        Assert.StartsWith("got 12", r.Stdout);
        Assert.DoesNotContain("Top-Secret-1", r.Stdout);
    }

    [Fact]
    public void Without_provided_paths_nothing_is_rewritten()
    {
        Assert.Equal("/usr/bin/uname -n", new LocalShellTransport(_root, "n", Array.Empty<string>()).Rewrite("/usr/bin/uname -n"));
    }

    [Fact]
    public void Root_with_shell_characters_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new LocalShellTransport("/tmp/a b", "n", Provided));
        Assert.Throws<ArgumentException>(() => new LocalShellTransport("/tmp/a'b", "n", Provided));
    }

    public void Dispose() => Directory.Delete(_root, true);
}
