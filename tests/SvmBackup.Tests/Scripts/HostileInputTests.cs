using SvmBackup.Scripts;
using SvmBackup.Sessions;

namespace SvmBackup.Tests.Scripts;

/// <summary>
/// Hostile strings through the script builder: each is either refused as an invalid name, or quoted so that the
/// shell passes it to the tool byte for byte and runs nothing else.
/// </summary>
public class HostileInputTests
{
    public static IEnumerable<object[]> Hostile() => new[]
    {
        "d1'; touch /tmp/pwn; echo '", "d1; reboot", "d1 | sh", "d1`id`", "d1$(id)", "$HOME", "d1\nreboot", "../../etc/passwd",
        "d1 d2", "d1\n", "d\u00e9", "", " ", "d1&", "d1>x", "*", "d1\\", "\"d1\"", "-s", "d1\0",
    }.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_metadevice_and_set_names_are_refused_as_InvalidName(string value)
    {
        Assert.IsType<SvmInvalidNameException>(Record.Exception(() => SolarisName.ValidateMetadevice(value)));
        Assert.IsType<SvmInvalidNameException>(Record.Exception(() => SolarisName.ValidateDiskSet(value)));
        if (value is not "" and not "-s") // "/" and "/-s" are harmless, legal paths
            Assert.IsType<SvmInvalidNameException>(Record.Exception(() => SolarisName.ValidateAbsolutePath("/" + value)));
        Assert.IsType<SvmInvalidNameException>(Record.Exception(() => SolarisName.ValidateHostName(value)));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_arguments_reach_the_program_literally(string value)
    {
        if (value.Contains('\0')) { Assert.Throws<ArgumentException>(() => ShellQuote.Quote(value)); return; }
        var marker = Path.Combine(Path.GetTempPath(), "pwn-" + Guid.NewGuid().ToString("N"));
        var batch = new RemoteBatch();
        batch.Add(new RemoteCommand("/usr/bin/printf", "[%s]", value.Replace("/tmp/pwn", marker)));
        var psi = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(batch.ToScript());
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        var r = batch.Split(stdout, stderr)[0];
        Assert.Equal("[" + value.Replace("/tmp/pwn", marker) + "]", r.Stdout);
        Assert.False(File.Exists(marker));
        Assert.Empty(BourneShellCheck.Violations(batch.ToScript()));
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("phys-schost-1")]
    [InlineData("sol1.example.com")]
    [InlineData("fe80::1")]
    [InlineData("::1")]
    [InlineData("::ffff:10.0.0.5")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123.b23456789012345678901234567890123456789012345678901234567890123.c23456789012345678901234567890123456789012345678901234567890123.d234567890123456789012345678901234567890123456789012345678901")] // 253 characters
    public void Real_host_names_pass(string host) => Assert.Equal(host, SolarisName.ValidateHostName(host));

    [Fact]
    public void Secrets_are_masked_in_any_text()
    {
        var m = new SecretMasker();
        m.Add("S3cret-pw");
        m.Add("ab"); // too short to mask safely: ignored
        Assert.Equal("sudo: ******** rejected; ab", m.Apply("sudo: S3cret-pw rejected; ab"));
    }

    [Theory]
    [InlineData("svmx is not in the sudoers file.  This incident will be reported.\n", ElevationFailure.NotInSudoers)]
    [InlineData("Sorry, user svmop is not allowed to execute '/usr/sbin/metaoffline d1 d3' as root on myhost.\n", ElevationFailure.NotPermitted)]
    [InlineData("Sorry, try again.\nSorry, try again.\nsudo: 3 incorrect password attempts\n", ElevationFailure.WrongPassword)]
    [InlineData("sudo: a password is required\n", ElevationFailure.PasswordRequired)]
    [InlineData("sudo: no password was provided\n", ElevationFailure.PasswordRequired)]
    public void Sudo_refusals_are_recognised(string stderr, ElevationFailure expected)
    {
        Assert.Equal(expected, SudoErrors.Detect(stderr, out var line));
        Assert.NotEmpty(line);
    }

    [Fact]
    public void A_tool_error_is_not_mistaken_for_sudo()
    {
        Assert.Null(SudoErrors.Detect("metaoffline: myhost: d1: resync in progress\n\n", out _));
    }

    [Fact]
    public void Sudo_with_password_reads_stdin_and_never_puts_the_password_in_the_script()
    {
        var batch = new RemoteBatch(Elevation.Sudo) { SudoReadsPassword = true };
        batch.Add(new RemoteCommand(SolarisPaths.Metastat));
        batch.Add(new RemoteCommand(SolarisPaths.Metaoffline, "d1", "d3") { NeedsRoot = true });
        var script = batch.ToScript();
        Assert.Contains("\n/usr/bin/sudo -S -p '' /usr/sbin/metaoffline d1 d3\n", script);
        Assert.Contains("\n/usr/sbin/metastat </dev/null\n", script);
        Assert.StartsWith("LC_ALL=C; export LC_ALL\n", script);
        Assert.Equal(1, batch.ElevatedCount);
    }
}
