using SvmBackup.Model;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>Test-SvmConnection against the simulated host, locally and over real sshd.</summary>
public class TestSvmConnectionTests : IClassFixture<SshSimulatorFixture>
{
    private readonly SshSimulatorFixture _f;

    public TestSvmConnectionTests(SshSimulatorFixture fixture) => _f = fixture;

    private SvmConnectionReport Local(string node)
    {
        var r = _f.Engine.Invoke("param($p, $n) $sim = New-SvmSimulator -Path $p; $s = New-SvmSession -Simulator $sim -ComputerName $n; Test-SvmConnection -Session $s; Remove-SvmSession $s", _f.Host.StateDirectory, node);
        r.AssertNoErrors();
        return r.Single<SvmConnectionReport>();
    }

    [Fact]
    public void Local_owner_node_reports_Solaris_root_tools_and_its_disk_set()
    {
        var t = Local("phys-schost-1");
        Assert.True(t.Reachable);
        Assert.Equal("phys-schost-1", t.ComputerName);
        Assert.Equal("SunOS phys-schost-1 5.10 Generic_150400-59 sun4v sparc sun4v", t.OperatingSystem);
        Assert.Equal("Oracle Solaris 10 1/13 s10s_u11wos_24a SPARC", t.Release);
        Assert.Equal(0, t.RootCommandUid);
        Assert.True(t.ElevationWorks);
        Assert.True(t.SvmToolsPresent);
        Assert.True(t.CanSeeDiskSets);
        Assert.Equal(new[] { "schost-1 (owner)" }, t.DiskSets);
        Assert.Empty(t.Problems);
    }

    [Fact]
    public void Local_non_owner_node_sees_the_set_without_owning_it()
    {
        Assert.Equal(new[] { "schost-1" }, Local("phys-schost-2").DiskSets);
    }

    [Fact]
    public void Quiet_returns_only_a_boolean_and_an_unreachable_host_is_False_not_an_error()
    {
        var r = _f.Engine.Invoke("Test-SvmConnection -ComputerName 127.0.0.1 -Port 1 -UserName root -KeyFile /nonexistent -Quiet");
        r.AssertNoErrors();
        Assert.Equal(false, Assert.Single(r.Output).BaseObject);
        var full = _f.Engine.Invoke("Test-SvmConnection -ComputerName 127.0.0.1 -Port 1 -UserName root -KeyFile /nonexistent");
        var report = full.Single<SvmConnectionReport>();
        Assert.False(report.Reachable);
        Assert.NotEmpty(report.Problems);
    }

    [SkippableTheory]
    [InlineData(SshdProfile.Modern)]
    [InlineData(SshdProfile.SunSsh)]
    public void Over_ssh_as_root_reports_the_negotiated_algorithms_and_host_key(SshdProfile profile)
    {
        var rig = _f.Rig("myhost", profile);
        var key = profile == SshdProfile.SunSsh ? rig.RootRsaKeyPath : rig.RootKeyPath;
        var r = _f.Engine.Invoke("param($port, $key, $kh) $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh; Test-SvmConnection -Session $s; Remove-SvmSession $s",
            rig.Port, key, rig.KnownHostsFile);
        r.AssertNoErrors();
        var t = r.Single<SvmConnectionReport>();
        Assert.True(t.Reachable);
        Assert.Equal("root", t.UserName);
        Assert.Equal(0, t.RootCommandUid);
        Assert.True(t.SvmToolsPresent);
        Assert.Contains(t.HostKeyFingerprint, rig.HostKeyFingerprints.Values);
        Assert.False(string.IsNullOrEmpty(t.KeyExchangeAlgorithm));
        if (profile == SshdProfile.SunSsh)
        {
            Assert.Equal("aes128-ctr", t.Cipher);
            Assert.Equal("hmac-sha1", t.Mac);
        }
        Assert.Equal(Local("myhost").Release, t.Release);
    }

    [SkippableFact]
    public void A_non_root_login_without_elevation_is_reported_and_sudo_fixes_it()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        var r = _f.Engine.Invoke(
            "param($port, $key, $kh, $u) $a = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName $u -KeyFile $key -KnownHostsFile $kh; Test-SvmConnection -Session $a; " +
            "$b = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName $u -KeyFile $key -KnownHostsFile $kh -Elevation Sudo; Test-SvmConnection -Session $b; Remove-SvmSession $a, $b",
            rig.Port, rig.UserKeyPath, rig.KnownHostsFile, rig.UserName);
        r.AssertNoErrors();
        var reports = r.All<SvmConnectionReport>();
        Assert.Equal(rig.UserUid, reports[0].RootCommandUid);
        Assert.False(reports[0].ElevationWorks);
        Assert.Contains(reports[0].Problems, p => p.Contains("not root"));
        Assert.Equal(0, reports[1].RootCommandUid);
        Assert.Empty(reports[1].Problems);
    }
}
