using System.Management.Automation;
using SvmBackup.Model;
using SvmBackup.Sessions;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>One simulated host, reached through real sshd rigs (one per node and profile) and locally.</summary>
public sealed class SshSimulatorFixture : IDisposable
{
    private readonly Dictionary<(string, SshdProfile), SshdRig> _rigs = new();

    public SimulatedHost Host { get; } = new();
    public ModuleHost Engine { get; } = new();

    public SshdRig Rig(string node, SshdProfile profile)
    {
        RigRequirement.EnsureOrSkip();
        lock (_rigs)
        {
            if (!_rigs.TryGetValue((node, profile), out var rig))
            {
                rig = SshdRig.Start(new SshdRigOptions { NodeName = node, SolarisRoot = Host.RootFor(node), Profile = profile });
                _rigs[(node, profile)] = rig;
            }
            return rig;
        }
    }

    public void Dispose()
    {
        foreach (var r in _rigs.Values) r.Dispose();
        Engine.Dispose();
        Host.Dispose();
    }
}

/// <summary>
/// Get-SvmMirror over real sshd (a modern profile and Solaris 10 SunSSH's algorithms) returns the same objects as
/// over the local session to the same simulated host; host keys are enforced; secrets never leak.
/// </summary>
public class GetSvmMirrorSshTests : IClassFixture<SshSimulatorFixture>
{
    private readonly SshSimulatorFixture _f;

    public GetSvmMirrorSshTests(SshSimulatorFixture fixture) => _f = fixture;

    private HostResult Local(string node, string? diskSet) =>
        _f.Engine.Invoke("param($p, $n, $d) $sim = New-SvmSimulator -Path $p; $s = New-SvmSession -Simulator $sim -ComputerName $n; if ($d) { Get-SvmMirror -Session $s -DiskSet $d } else { Get-SvmMirror -Session $s }; Remove-SvmSession $s",
            _f.Host.StateDirectory, node, diskSet ?? "");

    private static string Snap(HostResult r) => MirrorSnapshot.Of(r.All<SvmMirror>());

    [SkippableTheory]
    [InlineData("myhost", null, SshdProfile.Modern)]
    [InlineData("myhost", null, SshdProfile.SunSsh)]
    [InlineData("phys-schost-1", "schost-1", SshdProfile.Modern)]
    [InlineData("phys-schost-1", "schost-1", SshdProfile.SunSsh)]
    public void Same_objects_over_ssh_as_over_the_local_session(string node, string? diskSet, SshdProfile profile)
    {
        var rig = _f.Rig(node, profile);
        var key = profile == SshdProfile.SunSsh ? rig.RootRsaKeyPath : rig.RootKeyPath;
        var ssh = _f.Engine.Invoke(
            "param($port, $key, $kh, $d) $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh; " +
            "if ($d) { Get-SvmMirror -Session $s -DiskSet $d } else { Get-SvmMirror -Session $s }; Remove-SvmSession $s",
            rig.Port, key, rig.KnownHostsFile, diskSet ?? "");
        ssh.AssertNoErrors();
        var local = Local(node, diskSet);
        local.AssertNoErrors();
        Assert.NotEmpty(ssh.Output);
        Assert.Equal(Snap(local), Snap(ssh));
        Assert.All(ssh.All<SvmMirror>(), m => Assert.Equal(node, m.ComputerName));
    }

    [SkippableFact]
    public void SunSsh_profile_negotiates_Solaris_10_algorithms_and_the_pin_is_checked()
    {
        var rig = _f.Rig("myhost", SshdProfile.SunSsh);
        var r = _f.Engine.Invoke("param($port, $key, $fp) New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -HostKeyFingerprint $fp",
            rig.Port, rig.RootRsaKeyPath, rig.HostKeyFingerprints["ssh-rsa"]);
        r.AssertNoErrors();
        var s = r.Single<SvmSession>();
        try
        {
            Assert.Contains(s.KeyExchangeAlgorithm, new[] { "diffie-hellman-group-exchange-sha1", "diffie-hellman-group1-sha1" });
            Assert.Equal("ssh-rsa", s.HostKeyAlgorithm);
            Assert.Equal("aes128-ctr", s.Cipher);
            Assert.Equal("hmac-sha1", s.Mac);
            Assert.Equal(rig.HostKeyFingerprints["ssh-rsa"], s.HostKeyFingerprint);
            Assert.Equal("myhost", s.ComputerName);
        }
        finally { s.Dispose(); }
    }

    [SkippableFact]
    public void Unknown_host_key_is_refused_with_its_fingerprint_and_the_trusting_parameter()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        var empty = Path.GetTempFileName();
        var r = _f.Engine.Invoke("param($port, $key, $kh) New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh",
            rig.Port, rig.RootKeyPath, empty);
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("HostKeyUnknown,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.SecurityError, e.CategoryInfo.Category);
        Assert.Contains(rig.HostKeyFingerprints.Values, fp => e.Exception.Message.Contains($"-HostKeyFingerprint '{fp}'"));
        Assert.Equal("", File.ReadAllText(empty));
    }

    [SkippableFact]
    public void A_pin_that_does_not_match_is_refused_as_a_possible_man_in_the_middle()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        var r = _f.Engine.Invoke("param($port, $key) New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -HostKeyFingerprint 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'",
            rig.Port, rig.RootKeyPath);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("HostKeyMismatch,", e.FullyQualifiedErrorId);
        Assert.Contains("man-in-the-middle", e.Exception.Message);
    }

    [SkippableFact]
    public void Accept_new_host_key_warns_records_and_connects()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        var kh = Path.Combine(Directory.CreateTempSubdirectory("svm-tofu-").FullName, "known_hosts");
        var r = _f.Engine.Invoke("param($port, $key, $kh) $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh -AcceptNewHostKey; $s.ComputerName; Remove-SvmSession $s",
            rig.Port, rig.RootKeyPath, kh);
        r.AssertNoErrors();
        Assert.Equal("myhost", r.Output.Single().BaseObject);
        Assert.Contains(r.Warnings, w => w.Contains("first use"));
        Assert.StartsWith($"[127.0.0.1]:{rig.Port} ", File.ReadAllText(kh));
    }

    [SkippableFact]
    public void Password_login_of_a_sudo_user_reads_the_same_mirrors_and_the_password_never_appears()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        // The simulated host is shared with root sessions: let the non-root login read (and lock) its state.
        foreach (var p in Directory.EnumerateFileSystemEntries(_f.Host.StateDirectory, "*", SearchOption.AllDirectories).Append(_f.Host.StateDirectory))
            File.SetUnixFileMode(p, File.GetUnixFileMode(p) | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | (Directory.Exists(p) ? UnixFileMode.OtherExecute | UnixFileMode.GroupExecute : 0));
        var ok = _f.Engine.Invoke(
            "param($port, $c, $kh) " +
            "$s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -Credential $c -KnownHostsFile $kh -Elevation Sudo -Verbose; Get-SvmMirror -Session $s -Verbose; Remove-SvmSession $s",
            rig.Port, Credential(rig.UserName, rig.UserPassword), rig.KnownHostsFile);
        ok.AssertNoErrors();
        Assert.Equal(Snap(Local("myhost", null)), Snap(ok));
        Assert.DoesNotContain(ok.Verbose, v => v.Contains(rig.UserPassword));

        var bad = _f.Engine.Invoke(
            "param($port, $c, $kh) New-SvmSession -ComputerName 127.0.0.1 -Port $port -Credential $c -KnownHostsFile $kh -Verbose",
            rig.Port, Credential(rig.UserName, "Wrong-Secret-42"), rig.KnownHostsFile);
        var e = Assert.Single(bad.Errors);
        Assert.StartsWith("AuthenticationFailed,", e.FullyQualifiedErrorId);
        Assert.DoesNotContain("Wrong-Secret-42", e.Exception.ToString());
        Assert.DoesNotContain(bad.Verbose, v => v.Contains("Wrong-Secret-42"));
    }

    private static PSCredential Credential(string user, string password)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in password) secure.AppendChar(c);
        return new PSCredential(user, secure);
    }

    [SkippableFact]
    public void One_shot_parameters_open_and_close_their_own_connection()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        var r = _f.Engine.Invoke("param($port, $key, $kh) $before = @(Get-SvmSession).Count; Get-SvmMirror -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh -Name d1; @(Get-SvmSession).Count - $before",
            rig.Port, rig.RootKeyPath, rig.KnownHostsFile);
        r.AssertNoErrors();
        Assert.Equal("d1", Assert.IsType<SvmMirror>(r.Output[0].BaseObject).Name);
        Assert.Equal(0, r.Output[1].BaseObject);
        Assert.Equal("Closed", ((SvmMirror)r.Output[0].BaseObject).Session!.State);
    }
}
