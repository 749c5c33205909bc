using Renci.SshNet;
using Renci.SshNet.Common;
using Xunit;

namespace SvmBackup.Tests.Rig;

public sealed class SshdRigTests(FakeNodeFixture fixture) : IClassFixture<FakeNodeFixture>
{
    private static string Run(SshClient client, string command, int expectedExit = 0)
    {
        using var cmd = client.RunCommand(command);
        Assert.True(cmd.ExitStatus == expectedExit, $"'{command}' exit {cmd.ExitStatus}, stdout: {cmd.Result} stderr: {cmd.Error}");
        return cmd.Result.TrimEnd('\n');
    }

    [SkippableFact]
    public async Task RootKeyLogin_RunsShimsOfTheRoot_AndLeavesTheHostUntouched()
    {
        RigRequirement.EnsureOrSkip();
        Assert.False(File.Exists("/usr/sbin/metastat"), "host must not have /usr/sbin/metastat for this test");
        var hostName = File.ReadAllText("/proc/sys/kernel/hostname").Trim();
        var root = FakeSolarisRoot.Create();
        string work;
        try
        {
            await using (var rig = await SshdRig.StartAsync(new SshdRigOptions { NodeName = "phys-schost-9", SolarisRoot = root }))
            {
                work = rig.WorkDirectory;
                using var client = rig.CreateRootClient();
                client.Connect();
                Assert.Equal(FakeSolarisRoot.MetastatText + "\nargs: -p", Run(client, "/usr/sbin/metastat -p"));
                Assert.Equal("phys-schost-9", Run(client, "uname -n"));
                Assert.Equal("phys-schost-9", Run(client, "hostname"));
                Assert.Equal("SunOS phys-schost-9 5.10 Generic_150400-40 sun4v sparc sun4v", Run(client, "uname -a"));
                Assert.Equal(FakeSolarisRoot.MnttabLine, Run(client, "cat /etc/mnttab"));
                Assert.Contains("Solaris 10", Run(client, "cat /etc/release"));
                Assert.Equal("0", Run(client, "id -u"));
                Assert.True(File.Exists(rig.KnownHostsFile));
                Assert.Contains($"[127.0.0.1]:{rig.Port} ssh-ed25519 ", File.ReadAllText(rig.KnownHostsFile));
                Assert.False(File.Exists("/usr/sbin/metastat"), "overlay leaked to the host");
            }
            Assert.False(File.Exists("/usr/sbin/metastat"));
            Assert.False(File.Exists("/etc/mnttab"));
            Assert.Equal(hostName, File.ReadAllText("/proc/sys/kernel/hostname").Trim());
            Assert.False(Directory.Exists(work), "rig temp dir must be deleted");
            Assert.DoesNotContain(File.ReadLines("/etc/passwd"), l => l.StartsWith("svmop:", StringComparison.Ordinal));
            Assert.DoesNotContain(Directory.EnumerateDirectories("/proc"), d =>
            {
                try { return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(work, StringComparison.Ordinal); }
                catch (IOException) { return false; }
                catch (UnauthorizedAccessException) { return false; }
            });
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [SkippableFact]
    public void Path_IsSolarisLike_ForRootAndForOtherUsers()
    {
        var rig = fixture.GetRig();
        using (var client = rig.CreateRootClient())
        {
            client.Connect();
            Assert.Equal("/usr/sbin:/usr/bin", Run(client, "echo $PATH"));
            Assert.StartsWith(FakeSolarisRoot.MetastatText, Run(client, "metastat"));
        }
        using (var client = rig.CreateUserClient(usePassword: false))
        {
            client.Connect();
            Assert.Equal("/usr/bin", Run(client, "echo $PATH"));
            using var cmd = client.RunCommand("metastat");
            Assert.Equal(127, cmd.ExitStatus);
            Assert.Contains("metastat: not found", cmd.Error);
            Assert.StartsWith(FakeSolarisRoot.MetastatText, Run(client, "/usr/sbin/metastat"));
        }
    }

    [SkippableFact]
    public void PasswordLogin_AndSudo()
    {
        var rig = fixture.GetRig();
        using (var client = rig.CreateUserClient(usePassword: true))
        {
            client.Connect();
            Assert.Equal("svmop", client.ConnectionInfo.Username);
            Assert.Equal("4711", Run(client, "id -u"));
            Assert.Equal("0", Run(client, "sudo -n id -u"));
            Assert.StartsWith(FakeSolarisRoot.MetastatText, Run(client, "sudo -n /usr/sbin/metastat"));
        }
        using (var client = rig.CreateClient(rig.PasswordSudoUserConnectionInfo()))
        {
            client.Connect();
            Assert.Equal("4712", Run(client, "id -u"));
            using (var cmd = client.RunCommand("sudo -n id -u"))
            {
                Assert.NotEqual(0, cmd.ExitStatus);
                Assert.Contains("password is required", cmd.Error);
            }
            Assert.Equal("0", Run(client, $"echo '{rig.PasswordSudoUserPassword}' | sudo -S -p '' id -u"));
            // never cached: the next sudo asks again
            using var again = client.RunCommand("sudo -n true");
            Assert.NotEqual(0, again.ExitStatus);
        }
        using var wrong = rig.CreateClient(rig.CreateConnectionInfo(rig.UserName, new PasswordAuthenticationMethod(rig.UserName, "wrong")));
        Assert.Throws<SshAuthenticationException>(() => wrong.Connect());
    }

    [SkippableFact]
    public void HostKeyFingerprint_MatchesWhatSshNetReports()
    {
        var rig = fixture.GetRig();
        Assert.Equal(["ssh-ed25519", "ssh-rsa"], rig.HostKeyFingerprints.Keys.Order(StringComparer.Ordinal));
        Assert.All(rig.HostKeyFingerprints.Values, v => Assert.Matches("^SHA256:[A-Za-z0-9+/]{43}$", v));

        string? seen = null, name = null;
        using var client = new SshClient(rig.RootConnectionInfo());
        client.HostKeyReceived += (_, e) => { seen = e.FingerPrintSHA256; name = e.HostKeyName; e.CanTrust = true; };
        client.Connect();
        Assert.NotNull(seen);
        Assert.DoesNotContain("SHA256:", seen);
        Assert.Equal(rig.FingerprintFor(name!), "SHA256:" + seen);
        Assert.Equal(name, client.ConnectionInfo.CurrentHostKeyAlgorithm);

        // the RSA host key, explicitly
        var info = rig.RootConnectionInfo(rsa: true);
        foreach (var alg in info.HostKeyAlgorithms.Keys.Where(k => !k.StartsWith("rsa-sha2", StringComparison.Ordinal) && k != "ssh-rsa").ToList())
            info.HostKeyAlgorithms.Remove(alg);
        using var rsaClient = new SshClient(info);
        rsaClient.HostKeyReceived += (_, e) => { seen = e.FingerPrintSHA256; e.CanTrust = true; };
        rsaClient.Connect();
        Assert.Equal(rig.HostKeyFingerprints["ssh-rsa"], "SHA256:" + seen);

        // CreateClient refuses a foreign host key
        Assert.False(rig.IsRigHostKey("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    }

    [SkippableFact]
    public void SunSshProfile_NegotiatesSolaris10Algorithms_AndRejectsModernOnlyClients()
    {
        var rig = fixture.GetRig(SshdProfile.SunSsh);
        Assert.Equal(["ssh-rsa"], rig.HostKeyFingerprints.Keys);
        using (var client = rig.CreateRootClient())
        {
            client.Connect();
            var ci = client.ConnectionInfo;
            Assert.Contains(ci.CurrentKeyExchangeAlgorithm, new[] { "diffie-hellman-group-exchange-sha1", "diffie-hellman-group1-sha1" });
            Assert.Equal("ssh-rsa", ci.CurrentHostKeyAlgorithm);
            Assert.Equal("aes128-ctr", ci.CurrentClientEncryption);
            Assert.Equal("aes128-ctr", ci.CurrentServerEncryption);
            Assert.Equal("hmac-sha1", ci.CurrentClientHmacAlgorithm);
            Assert.Equal("hmac-sha1", ci.CurrentServerHmacAlgorithm);
            Assert.StartsWith(FakeSolarisRoot.MetastatText, Run(client, "metastat"));
        }
        using (var client = rig.CreateUserClient(usePassword: true))
        {
            client.Connect();
            Assert.Equal("0", Run(client, "sudo -n id -u"));
        }

        var modern = rig.RootConnectionInfo();
        foreach (var kex in modern.KeyExchangeAlgorithms.Keys.Where(k => k.EndsWith("-sha1", StringComparison.Ordinal)).ToList())
            modern.KeyExchangeAlgorithms.Remove(kex);
        using var modernClient = rig.CreateClient(modern);
        var ex = Assert.ThrowsAny<SshException>(() => modernClient.Connect());
        Assert.False(modernClient.IsConnected, ex.ToString());
    }

    [SkippableFact]
    public async Task TwoRigsAtOnce_SeeTheirOwnHostNames()
    {
        RigRequirement.EnsureOrSkip();
        var root = FakeSolarisRoot.Create();
        try
        {
            var a = SshdRig.StartAsync(new SshdRigOptions { NodeName = "phys-schost-1", SolarisRoot = root });
            var b = SshdRig.StartAsync(new SshdRigOptions { NodeName = "phys-schost-2", SolarisRoot = root, Profile = SshdProfile.SunSsh });
            await using var rigA = await a;
            await using var rigB = await b;
            Assert.NotEqual(rigA.Port, rigB.Port);
            using var ca = rigA.CreateRootClient();
            using var cb = rigB.CreateRootClient();
            ca.Connect();
            cb.Connect();
            Assert.Equal("phys-schost-1", Run(ca, "uname -n"));
            Assert.Equal("phys-schost-2", Run(cb, "uname -n"));
            Assert.Equal("phys-schost-1", Run(ca, "hostname"));
            Assert.Equal("phys-schost-2", Run(cb, "hostname"));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [SkippableFact]
    public async Task StartFailure_ReportsSshdOutput()
    {
        RigRequirement.EnsureOrSkip();
        var root = Directory.CreateTempSubdirectory("svmrig-broken-root-").FullName;
        try
        {
            // The root's usr/sbin is overlaid on /usr/sbin, so this shadows the real sshd.
            var sbin = Directory.CreateDirectory(Path.Combine(root, "usr", "sbin")).FullName;
            File.WriteAllText(Path.Combine(sbin, "sshd"), "#!/bin/sh\necho 'rig-broken-sshd says no' >&2\nexit 3\n");
            File.SetUnixFileMode(Path.Combine(sbin, "sshd"), (UnixFileMode)0b111_101_101);
            var ex = await Assert.ThrowsAsync<SshdRig.RigStartException>(() =>
                SshdRig.StartAsync(new SshdRigOptions { NodeName = "phys-broken", SolarisRoot = root, StartTimeout = TimeSpan.FromSeconds(5) }));
            Assert.Contains("rig-broken-sshd says no", ex.Message);
            Assert.Contains("exited with code 3", ex.Message);
            Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), "svmrig-phys-broken-*"));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void Requirement_Variable_IsDocumented()
    {
        Assert.Equal("SVMBACKUP_REQUIRE_SSHD", RigRequirement.RequireVariable);
        Assert.Contains("openssh-server", RigRequirement.HowToEnable);
    }
}
