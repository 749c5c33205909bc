using SvmBackup.Scripts;

namespace SvmBackup.Tests.Scripts;

public class RemoteBatchTests
{
    private static (RemoteBatch Batch, IReadOnlyList<CommandResult> Results) RunUnderSh(params RemoteCommand[] commands)
    {
        var batch = new RemoteBatch();
        foreach (var c in commands) batch.Add(c);
        var psi = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(batch.ToScript());
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.StandardInput.Close();
        var outTask = p.StandardOutput.ReadToEndAsync();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (batch, batch.Split(outTask.Result, err));
    }

    [Fact]
    public void Each_command_keeps_its_own_stdout_stderr_and_exit_status()
    {
        var (_, r) = RunUnderSh(
            new RemoteCommand("/usr/bin/printf", "a\\n\\tb  \\n"),
            new RemoteCommand("/bin/sh", "-c", "echo oops >&2; exit 3"),
            new RemoteCommand("/usr/bin/printf", "no newline"),
            new RemoteCommand("/bin/true"));
        Assert.Equal("a\n\tb  \n", r[0].Stdout);
        Assert.Equal("", r[0].Stderr);
        Assert.Equal(0, r[0].ExitCode);
        Assert.Equal("", r[1].Stdout);
        Assert.Equal("oops\n", r[1].Stderr);
        Assert.Equal(3, r[1].ExitCode);
        Assert.Equal("no newline", r[2].Stdout);
        Assert.Equal("", r[3].Stdout);
        Assert.Equal(0, r[3].ExitCode);
    }

    [Fact]
    public void Hostile_arguments_reach_the_tool_verbatim_and_run_nothing()
    {
        var marker = Path.Combine(Path.GetTempPath(), "svm-inject-" + Guid.NewGuid().ToString("N"));
        var hostile = $"x'; touch {marker}; echo '$(touch {marker})`touch {marker}`\"\n";
        var (_, r) = RunUnderSh(new RemoteCommand("/usr/bin/printf", "%s", hostile));
        Assert.Equal(hostile, r[0].Stdout);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Output_that_imitates_a_marker_cannot_end_a_section()
    {
        var (batch, r) = RunUnderSh(new RemoteCommand("/usr/bin/printf", "#svmbackup-0000:0:end:0\nstill mine\n"));
        Assert.Equal("#svmbackup-0000:0:end:0\nstill mine\n", r[0].Stdout);
        Assert.Equal(16, batch.Nonce.Length);
    }

    [Fact]
    public void Stdin_is_dev_null_so_no_tool_can_wait_for_input()
    {
        var (_, r) = RunUnderSh(new RemoteCommand("/bin/sh", "-c", "if [ -t 0 ]; then echo tty; else cat; echo eof; fi"));
        Assert.Equal("eof\n", r[0].Stdout);
    }

    [Theory]
    [InlineData(Elevation.Sudo, "/usr/bin/sudo -n /usr/sbin/metaoffline d1 d3 </dev/null")]
    [InlineData(Elevation.Pfexec, "/usr/bin/pfexec /usr/sbin/metaoffline d1 d3 </dev/null")]
    [InlineData(Elevation.None, "\n/usr/sbin/metaoffline d1 d3 </dev/null")]
    public void Elevation_prefixes_only_commands_that_need_root(Elevation elevation, string expected)
    {
        var batch = new RemoteBatch(elevation);
        batch.Add(new RemoteCommand(SolarisPaths.Metastat));
        batch.Add(new RemoteCommand(SolarisPaths.Metaoffline, "d1", "d3") { NeedsRoot = true });
        var script = batch.ToScript();
        Assert.Contains(expected, script);
        Assert.Contains("\n/usr/sbin/metastat </dev/null", script);
    }

    [Fact]
    public void Batch_scripts_are_Bourne_shell()
    {
        var batch = new RemoteBatch(Elevation.Sudo);
        batch.Add(new RemoteCommand(SolarisPaths.Metastat, "-s", "schost-1"));
        batch.Add(new RemoteCommand(SolarisPaths.Cat, SolarisPaths.Mnttab));
        Assert.Empty(BourneShellCheck.Violations(batch.ToScript()));
    }

    [Theory]
    [InlineData("echo $(uname -n)", "$( ) command substitution")]
    [InlineData("if [[ -f x ]]; then :; fi", "[[ ]] test")]
    [InlineData("f() { local x=1; }", "local")]
    [InlineData("echo ${dev#/dev/}", "${var#...}/${var%...}/${var/...}/${var:n} expansion")]
    [InlineData("echo $((1+1))", "$(( )) arithmetic")]
    public void Bourne_check_catches_POSIX_and_bash_constructs(string script, string expected)
    {
        Assert.Contains(expected, BourneShellCheck.Violations(script));
    }

    [Fact]
    public void Bourne_check_ignores_constructs_inside_single_quotes()
    {
        Assert.Empty(BourneShellCheck.Violations("echo '$(not run) [[ x ]]'"));
    }
}
