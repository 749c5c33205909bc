using System.Security.Cryptography;
using SvmBackup.Scripts;
using SvmBackup.Sessions;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>
/// A streamed command (what `ufsdump f -` will be) delivers its stdout byte for byte into a sink, with no marker in
/// the data and its exit status on stderr, locally and over real sshd, elevated too.
/// </summary>
public class StreamingTests : IClassFixture<SshSimulatorFixture>
{
    private const int Bytes = 48 * 1024 * 1024;
    private readonly SshSimulatorFixture _f;

    public StreamingTests(SshSimulatorFixture fixture) => _f = fixture;

    private static string ExpectedSha()
    {
        return Convert.ToHexString(SHA256.HashData(new byte[Bytes]));
    }

    private static async Task AssertStreams(SvmSession s, bool elevated)
    {
        var batch = s.NewBatch();
        batch.StreamsLastStdout = true;
        batch.Add(new RemoteCommand("/usr/bin/head", "-c", Bytes.ToString(), "/dev/zero") { NeedsRoot = elevated });
        var sink = new CountingStream();
        var r = await s.RunAsync(batch, CancellationToken.None, sink);
        Assert.Equal(0, r[0].ExitCode);
        Assert.Equal("", r[0].Stdout);
        Assert.Equal(Bytes, sink.Length);
        Assert.Equal(ExpectedSha(), sink.Sha256()); // no marker, no echo, nothing else in the data
    }

    [Fact]
    public async Task Local_session_streams()
    {
        var r = _f.Engine.Invoke("param($p) $sim = New-SvmSimulator -Path $p; New-SvmSession -Simulator $sim -ComputerName myhost", _f.Host.StateDirectory);
        var s = r.Single<SvmSession>();
        try { await AssertStreams(s, elevated: false); } finally { s.Dispose(); }
    }

    [SkippableTheory]
    [InlineData(SshdProfile.Modern)]
    [InlineData(SshdProfile.SunSsh)]
    public async Task Ssh_session_streams(SshdProfile profile)
    {
        var rig = _f.Rig("myhost", profile);
        var key = profile == SshdProfile.SunSsh ? rig.RootRsaKeyPath : rig.RootKeyPath;
        var r = _f.Engine.Invoke("param($port, $key, $kh) New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh", rig.Port, key, rig.KnownHostsFile);
        r.AssertNoErrors();
        var s = r.Single<SvmSession>();
        try { await AssertStreams(s, elevated: false); } finally { s.Dispose(); }
    }

    [SkippableFact]
    public async Task Elevated_streaming_through_sudo_with_a_password_keeps_the_password_out_of_the_data()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        var secure = new System.Security.SecureString();
        foreach (var c in rig.PasswordSudoUserPassword) secure.AppendChar(c);
        var cred = new System.Management.Automation.PSCredential(rig.PasswordSudoUserName, secure);
        var r = _f.Engine.Invoke("param($port, $c, $kh) New-SvmSession -ComputerName 127.0.0.1 -Port $port -Credential $c -KnownHostsFile $kh -Elevation Sudo", rig.Port, cred, rig.KnownHostsFile);
        r.AssertNoErrors();
        var s = r.Single<SvmSession>();
        try { await AssertStreams(s, elevated: true); } finally { s.Dispose(); }
    }

    [Fact]
    public async Task A_streamed_batch_must_hold_one_command()
    {
        var r = _f.Engine.Invoke("param($p) $sim = New-SvmSimulator -Path $p; New-SvmSession -Simulator $sim -ComputerName myhost", _f.Host.StateDirectory);
        var s = r.Single<SvmSession>();
        try
        {
            var batch = s.NewBatch();
            batch.StreamsLastStdout = true;
            batch.Add(new RemoteCommand(SolarisPaths.Uname, "-n"));
            batch.Add(new RemoteCommand(SolarisPaths.Uname, "-a"));
            await Assert.ThrowsAsync<ArgumentException>(() => s.RunAsync(batch, CancellationToken.None, new CountingStream()));
        }
        finally { s.Dispose(); }
    }
}
