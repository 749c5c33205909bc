using System.Diagnostics;
using System.Management.Automation;
using System.Security;
using SvmBackup.Model;
using SvmBackup.Scripts;
using SvmBackup.Sessions;
using SvmBackup.Simulator;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;
using SvmBackup.Transport;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>
/// Security of sessions over real sshd: every authentication path, every host-key verdict, legacy key exchange,
/// elevation (sudo -n, sudo -S, pfexec), timeouts and cancellation that leave nothing running on the host,
/// transcript and verbose output without secrets, and a dropped connection.
/// </summary>
public class SessionSecuritySshTests : IClassFixture<SshSimulatorFixture>
{
    private const string Node = "myhost";
    private static readonly TimeSpan GoneTimeout = TimeSpan.FromSeconds(20);
    private readonly SshSimulatorFixture _f;

    public SessionSecuritySshTests(SshSimulatorFixture fixture) => _f = fixture;

    // ---- helpers --------------------------------------------------------------------------------

    private static SecureString Secure(string text)
    {
        var s = new SecureString();
        foreach (var c in text) s.AppendChar(c);
        s.MakeReadOnly();
        return s;
    }

    private static PSCredential Credential(string user, string password) => new(user, Secure(password));

    private HostResult Invoke(string script, params object[] args) => _f.Engine.Invoke(script, args);

    private void Remove(SvmSession s) => _f.Engine.Invoke("param($s) Remove-SvmSession -Session $s", s);

    /// <summary>Opens a session with the given New-SvmSession parameters (as a splat) and returns it.</summary>
    private SvmSession Open(SshdRig rig, Dictionary<string, object> parameters)
    {
        var p = new Dictionary<string, object>(parameters) { ["ComputerName"] = "127.0.0.1", ["Port"] = rig.Port };
        if (!p.ContainsKey("HostKeyFingerprint") && !p.ContainsKey("AcceptNewHostKey")) p.TryAdd("KnownHostsFile", rig.KnownHostsFile);
        var r = Invoke("param($p) New-SvmSession @p", new System.Collections.Hashtable(p));
        r.AssertNoErrors();
        var s = r.Single<SvmSession>();
        Assert.Equal(Node, s.ComputerName);
        Assert.Equal("Opened", s.State);
        return s;
    }

    private HostResult TryOpen(SshdRig rig, Dictionary<string, object> parameters, bool verbose = false)
    {
        var p = new Dictionary<string, object>(parameters) { ["ComputerName"] = "127.0.0.1", ["Port"] = rig.Port };
        if (verbose) p["Verbose"] = true;
        var r = Invoke("param($p) $s = New-SvmSession @p; if ($s) { Remove-SvmSession $s; $s }", new System.Collections.Hashtable(p));
        return r;
    }

    private void ShareState() => RigTools.ShareState(_f.Host.StateDirectory);

    private static string RunTool(string tool, params string[] args) => RigTools.RunTool(tool, args);

    private static string ProtectedCopy(string keyPath, string passphrase, bool pem) => RigTools.ProtectedCopy(keyPath, passphrase, pem);

    private static RemoteBatch Batch(SvmSession s, params RemoteCommand[] commands)
    {
        var b = s.NewBatch();
        foreach (var c in commands) b.Add(c);
        return b;
    }

    /// <summary>Solaris 10 /usr/bin/id has no -u (the simulated host's id is Solaris'): it prints "uid=0(root) gid=0(root)".</summary>
    private static RemoteCommand IdU() => new("/usr/bin/id") { NeedsRoot = true };

    private static RemoteCommand IdPlain() => new("/usr/bin/id");

    private static void AssertUid(int uid, CommandResult r)
    {
        Assert.True(r.ExitCode == 0, $"id exit {r.ExitCode}: {r.Stderr}");
        Assert.StartsWith($"uid={uid}(", r.Stdout);
        Assert.EndsWith("\n", r.Stdout);
    }

    private static bool IsSimulatorOrSleep(RigProcess p) => p.CommandLine.Contains("svmsim", StringComparison.Ordinal) || p.Name == "sleep";

    private static void AssertNoSecret(HostResult r, string secret)
    {
        foreach (var e in r.Errors)
        {
            Assert.DoesNotContain(secret, e.Exception.ToString());
            Assert.DoesNotContain(secret, e.ToString());
            Assert.DoesNotContain(secret, e.ErrorDetails?.Message ?? "");
        }
        Assert.DoesNotContain(r.Verbose, v => v.Contains(secret));
        Assert.DoesNotContain(r.Warnings, w => w.Contains(secret));
    }

    // ---- 1. authentication --------------------------------------------------------------------------

    [SkippableFact]
    public void Root_logs_in_with_an_ed25519_key_file()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        var s = Open(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath });
        try { Assert.Equal("root", s.UserName); }
        finally { Remove(s); }
    }

    [SkippableFact]
    public void Root_logs_in_with_a_pem_rsa_key_on_sunssh()
    {
        var rig = _f.Rig(Node, SshdProfile.SunSsh);
        var s = Open(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootRsaKeyPath });
        try { Assert.Equal("ssh-rsa", s.HostKeyAlgorithm); }
        finally { Remove(s); }
    }

    [SkippableFact]
    public void Key_text_as_a_secure_string_logs_in()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        var s = Open(rig, new() { ["UserName"] = "root", ["KeyText"] = Secure(File.ReadAllText(rig.RootKeyPath)) });
        Remove(s);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Passphrase_protected_key_logs_in_with_KeyPassphrase_and_a_wrong_one_is_a_clear_error(bool pemRsa)
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        const string pass = "Key-Pass-Phrase-9";
        var key = ProtectedCopy(pemRsa ? rig.RootRsaKeyPath : rig.RootKeyPath, pass, pemRsa);

        var s = Open(rig, new() { ["UserName"] = "root", ["KeyFile"] = key, ["KeyPassphrase"] = Secure(pass) });
        Remove(s);

        // Key text with its passphrase works too.
        s = Open(rig, new() { ["UserName"] = "root", ["KeyText"] = Secure(File.ReadAllText(key)), ["KeyPassphrase"] = Secure(pass) });
        Remove(s);

        const string wrong = "Not-The-Pass-Phrase-3";
        var bad = TryOpen(rig, new() { ["UserName"] = "root", ["KeyFile"] = key, ["KeyPassphrase"] = Secure(wrong), ["KnownHostsFile"] = rig.KnownHostsFile }, verbose: true);
        Assert.Empty(bad.Output);
        var e = Assert.Single(bad.Errors);
        Assert.StartsWith("ConnectionFailed,", e.FullyQualifiedErrorId);
        Assert.Contains(key, e.Exception.Message);
        Assert.Contains("passphrase", e.Exception.Message, StringComparison.OrdinalIgnoreCase);
        AssertNoSecret(bad, wrong);
        AssertNoSecret(bad, pass);

        // No passphrase at all for an encrypted key: also clear, never a hang or a prompt.
        var none = TryOpen(rig, new() { ["UserName"] = "root", ["KeyFile"] = key, ["KnownHostsFile"] = rig.KnownHostsFile });
        e = Assert.Single(none.Errors);
        Assert.StartsWith("ConnectionFailed,", e.FullyQualifiedErrorId);
        Assert.Contains("passphrase", e.Exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public void Password_login_with_a_credential()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        ShareState();
        var s = Open(rig, new() { ["Credential"] = Credential(rig.UserName, rig.UserPassword) });
        try { Assert.Equal(rig.UserName, s.UserName); }
        finally { Remove(s); }
    }

    [SkippableFact]
    public void Pam_only_host_is_reached_by_keyboard_interactive_with_the_credential_password()
    {
        var rig = _f.Rig(Node, SshdProfile.PamOnly);
        ShareState();
        // The rig really refuses the plain password method.
        using (var plain = rig.CreateClient(rig.UserPasswordConnectionInfo()))
            Assert.ThrowsAny<Renci.SshNet.Common.SshAuthenticationException>(() => plain.Connect());

        var s = Open(rig, new() { ["Credential"] = Credential(rig.UserName, rig.UserPassword) });
        Remove(s);

        var bad = TryOpen(rig, new() { ["Credential"] = Credential(rig.UserName, "Wrong-Pam-Secret-5"), ["KnownHostsFile"] = rig.KnownHostsFile }, verbose: true);
        var e = Assert.Single(bad.Errors);
        Assert.StartsWith("AuthenticationFailed,", e.FullyQualifiedErrorId);
        Assert.Contains("keyboard-interactive", e.Exception.Message);
        AssertNoSecret(bad, "Wrong-Pam-Secret-5");
    }

    [SkippableFact]
    public void Wrong_password_is_AuthenticationFailed_without_the_password_anywhere()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        const string wrong = "Wrong-Secret-Pw-77";
        var bad = TryOpen(rig, new() { ["Credential"] = Credential(rig.UserName, wrong), ["KnownHostsFile"] = rig.KnownHostsFile }, verbose: true);
        Assert.Empty(bad.Output);
        var e = Assert.Single(bad.Errors);
        Assert.StartsWith("AuthenticationFailed,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
        Assert.Contains(rig.UserName, e.Exception.Message);
        AssertNoSecret(bad, wrong);
    }

    // ---- 2. host keys ------------------------------------------------------------------------------

    [SkippableFact]
    public void Known_host_key_from_known_hosts_connects_and_reports_its_fingerprint()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        var s = Open(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath, ["KnownHostsFile"] = rig.KnownHostsFile });
        try
        {
            Assert.Contains(s.HostKeyFingerprint, rig.HostKeyFingerprints.Values);
            Assert.Equal(HostKeyVerdict.Trusted, ((SshTransport)s.Transport).HostKeyVerdict);
        }
        finally { Remove(s); }
    }

    [SkippableFact]
    public void Unknown_host_key_names_the_fingerprint_and_the_pin_parameter()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        var empty = Path.GetTempFileName();
        var r = TryOpen(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath, ["KnownHostsFile"] = empty });
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("HostKeyUnknown,", e.FullyQualifiedErrorId);
        Assert.Contains(rig.HostKeyFingerprints.Values, fp => e.Exception.Message.Contains(fp) && e.Exception.Message.Contains($"-HostKeyFingerprint '{fp}'"));
        Assert.Equal("", File.ReadAllText(empty));
    }

    /// <summary>known_hosts lines for [127.0.0.1]:port with freshly generated keys of each of the rig's types.</summary>
    private static string ImpostorKnownHosts(SshdRig rig)
    {
        var dir = Directory.CreateTempSubdirectory("svm-impostor-").FullName;
        var sb = new System.Text.StringBuilder();
        foreach (var t in new[] { "ed25519", "rsa" })
        {
            var k = Path.Combine(dir, t);
            RunTool("ssh-keygen", "-q", "-t", t, "-N", "", "-f", k);
            var parts = File.ReadAllText(k + ".pub").Trim().Split(' ');
            sb.Append($"[127.0.0.1]:{rig.Port} {parts[0]} {parts[1]}\n");
        }
        var kh = Path.Combine(dir, "known_hosts");
        File.WriteAllText(kh, sb.ToString());
        return kh;
    }

    [SkippableFact]
    public void Changed_host_key_is_HostKeyMismatch_naming_the_offered_key_and_a_man_in_the_middle()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        var kh = ImpostorKnownHosts(rig);
        var before = File.ReadAllText(kh);
        var r = TryOpen(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath, ["KnownHostsFile"] = kh, ["AcceptNewHostKey"] = true });
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("HostKeyMismatch,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.SecurityError, e.CategoryInfo.Category);
        Assert.Contains("man-in-the-middle", e.Exception.Message);
        Assert.Contains(rig.HostKeyFingerprints.Values, fp => e.Exception.Message.Contains("Offered") && e.Exception.Message.Contains(fp));
        Assert.Equal(before, File.ReadAllText(kh)); // -AcceptNewHostKey never overwrites a changed key
    }

    [SkippableFact]
    public void Hashed_known_hosts_is_understood()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        var kh = Path.Combine(Directory.CreateTempSubdirectory("svm-hashed-").FullName, "known_hosts");
        File.Copy(rig.KnownHostsFile, kh);
        RunTool("ssh-keygen", "-q", "-H", "-f", kh);
        var text = File.ReadAllText(kh);
        Assert.StartsWith("|1|", text);
        Assert.DoesNotContain("127.0.0.1", text);
        var s = Open(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath, ["KnownHostsFile"] = kh });
        Remove(s);

        // And a hashed entry with the wrong key is still a mismatch.
        var imp = ImpostorKnownHosts(rig);
        RunTool("ssh-keygen", "-q", "-H", "-f", imp);
        var r = TryOpen(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath, ["KnownHostsFile"] = imp });
        Assert.StartsWith("HostKeyMismatch,", Assert.Single(r.Errors).FullyQualifiedErrorId);
    }

    [SkippableFact]
    public void Pinned_fingerprint_connects_without_known_hosts_and_a_wrong_pin_is_refused()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        var nowhere = Path.Combine(Path.GetTempPath(), "svm-no-such-dir-" + Guid.NewGuid().ToString("N"), "known_hosts");
        var s = Open(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath, ["HostKeyFingerprint"] = rig.HostKeyFingerprints.Values.ToArray(), ["KnownHostsFile"] = nowhere });
        try { Assert.Contains(s.HostKeyFingerprint, rig.HostKeyFingerprints.Values); }
        finally { Remove(s); }

        // A pin wins over a known_hosts that would trust the key.
        const string wrongPin = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        var r = TryOpen(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath, ["HostKeyFingerprint"] = wrongPin, ["KnownHostsFile"] = rig.KnownHostsFile });
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("HostKeyMismatch,", e.FullyQualifiedErrorId);
        Assert.Contains("man-in-the-middle", e.Exception.Message);
        Assert.Contains(wrongPin, e.Exception.Message);
        Assert.Contains(rig.HostKeyFingerprints.Values, fp => e.Exception.Message.Contains(fp));
    }

    [SkippableFact]
    public void Accept_new_host_key_appends_it_with_a_warning_and_then_trusts_it_silently()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        var kh = Path.Combine(Directory.CreateTempSubdirectory("svm-tofu-").FullName, "sub", "known_hosts");
        var first = TryOpen(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath, ["KnownHostsFile"] = kh, ["AcceptNewHostKey"] = true });
        first.AssertNoErrors();
        var w = Assert.Single(first.Warnings, x => x.Contains("first use"));
        Assert.Contains(rig.HostKeyFingerprints.Values, fp => w.Contains(fp));
        var lines = File.ReadAllLines(kh);
        var line = Assert.Single(lines);
        Assert.StartsWith($"[127.0.0.1]:{rig.Port} ", line);

        var second = TryOpen(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath, ["KnownHostsFile"] = kh, ["AcceptNewHostKey"] = true });
        second.AssertNoErrors();
        Assert.Empty(second.Warnings);
        Assert.Single(File.ReadAllLines(kh));
    }

    [SkippableFact]
    public void Revoked_host_key_is_refused_even_with_accept_new()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        var kh = Path.Combine(Directory.CreateTempSubdirectory("svm-revoked-").FullName, "known_hosts");
        File.WriteAllLines(kh, File.ReadAllLines(rig.KnownHostsFile).Where(l => l.Length > 0).Select(l => "@revoked " + l));
        var before = File.ReadAllText(kh);
        var r = TryOpen(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath, ["KnownHostsFile"] = kh, ["AcceptNewHostKey"] = true });
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("HostKeyRevoked,", e.FullyQualifiedErrorId);
        Assert.Contains("@revoked", e.Exception.Message);
        Assert.Equal(before, File.ReadAllText(kh));
    }

    [SkippableFact]
    public void Dsa_only_host_is_ConnectionFailed_naming_ssh_dss()
    {
        RigRequirement.EnsureOrSkip(SshdProfile.DsaOnly);
        var rig = _f.Rig(Node, SshdProfile.DsaOnly);
        var r = TryOpen(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath, ["KnownHostsFile"] = rig.KnownHostsFile });
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("ConnectionFailed,", e.FullyQualifiedErrorId);
        Assert.Contains("ssh-dss", e.Exception.Message);
    }

    // ---- 3. legacy key exchange ---------------------------------------------------------------------

    [SkippableFact]
    public void SunSsh_with_KeyExchangeAlgorithm_group1_negotiates_exactly_that()
    {
        var rig = _f.Rig(Node, SshdProfile.SunSsh);
        var s = Open(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootRsaKeyPath, ["KeyExchangeAlgorithm"] = new[] { "diffie-hellman-group1-sha1" } });
        try { Assert.Equal("diffie-hellman-group1-sha1", s.KeyExchangeAlgorithm); }
        finally { Remove(s); }
    }

    [SkippableFact]
    public void Unknown_key_exchange_algorithm_is_a_clear_error()
    {
        var rig = _f.Rig(Node, SshdProfile.SunSsh);
        var r = TryOpen(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootRsaKeyPath, ["KnownHostsFile"] = rig.KnownHostsFile, ["KeyExchangeAlgorithm"] = new[] { "diffie-hellman-group99-md5" } });
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("InvalidArgument,", e.FullyQualifiedErrorId);
        Assert.Contains("diffie-hellman-group99-md5", e.Exception.Message);
        Assert.Contains("diffie-hellman-group1-sha1", e.Exception.Message); // lists what is supported
    }

    // ---- 4. elevation -------------------------------------------------------------------------------

    [SkippableFact]
    public async Task Nopasswd_sudo_user_with_a_key_runs_root_commands_through_sudo_n()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        ShareState();
        var s = Open(rig, new() { ["UserName"] = rig.UserName, ["KeyFile"] = rig.UserKeyPath, ["Elevation"] = "Sudo" });
        try
        {
            var r = await s.RunAsync(Batch(s, IdU(), IdPlain()), CancellationToken.None);
            AssertUid(0, r[0]);
            AssertUid(rig.UserUid, r[1]);
            Assert.Contains(s.Transcript, t => t.Command == "/usr/bin/sudo -n /usr/bin/id" && t.ExitCode == 0);
        }
        finally { Remove(s); }
    }

    [SkippableFact]
    public async Task Password_sudo_user_runs_root_commands_through_sudo_S_with_the_password_on_stdin()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        ShareState();
        var s = Open(rig, new() { ["Credential"] = Credential(rig.PasswordSudoUserName, rig.PasswordSudoUserPassword), ["Elevation"] = "Sudo" });
        try
        {
            // Two elevated commands in one script: each sudo -S reads its own password line (timestamp_timeout=0).
            var r = await s.RunAsync(Batch(s, IdU(), IdPlain(), IdU()), CancellationToken.None);
            AssertUid(0, r[0]);
            AssertUid(rig.PasswordSudoUserUid, r[1]);
            AssertUid(0, r[2]);
            Assert.Contains(s.Transcript, t => t.Command.StartsWith("/usr/bin/sudo -S ", StringComparison.Ordinal) && t.Command.EndsWith("/usr/bin/id", StringComparison.Ordinal) && t.ExitCode == 0);
            Assert.DoesNotContain(s.Transcript, t => t.Command.Contains(rig.PasswordSudoUserPassword));
        }
        finally { Remove(s); }
    }

    /// <summary>A session opened with the core API (the cmdlets always give sudo the login password).</summary>
    private static async Task<SvmSession> CoreSession(SshdRig rig, string user, string password, Elevation elevation, string? sudoPassword)
    {
        var settings = new SshConnectionSettings
        {
            Host = "127.0.0.1", Port = rig.Port, UserName = user, Password = password,
            HostKeyPolicy = new HostKeyPolicy(rig.KnownHostsFile),
        };
        var transport = await SshTransport.ConnectAsync(settings, new List<string>(), CancellationToken.None);
        return await SvmSession.OpenAsync(transport, "127.0.0.1", rig.Port, user, elevation, null, CancellationToken.None, sudoPassword);
    }

    [SkippableFact]
    public async Task Wrong_sudo_password_is_ElevationFailed_WrongPassword_without_the_password()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        ShareState();
        const string wrong = "Wrong-Sudo-Pw-31";
        using var s = await CoreSession(rig, rig.PasswordSudoUserName, rig.PasswordSudoUserPassword, Elevation.Sudo, wrong);
        var sw = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<SvmElevationException>(() => s.RunAsync(Batch(s, IdU()), CancellationToken.None));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), "sudo -S with a wrong password took " + sw.Elapsed);
        Assert.Equal(ElevationFailure.WrongPassword, ex.Reason);
        Assert.DoesNotContain(wrong, ex.ToString());
        Assert.DoesNotContain(rig.PasswordSudoUserPassword, ex.ToString());
        Assert.DoesNotContain(s.Transcript, t => t.Command.Contains(wrong));
    }

    [SkippableFact]
    public async Task Sudo_without_a_password_for_a_password_sudo_user_is_ElevationFailed_PasswordRequired()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        ShareState();
        using var s = await CoreSession(rig, rig.PasswordSudoUserName, rig.PasswordSudoUserPassword, Elevation.Sudo, sudoPassword: null);
        var b = Batch(s, IdU());
        Assert.False(b.SudoReadsPassword);
        var ex = await Assert.ThrowsAsync<SvmElevationException>(() => s.RunAsync(b, CancellationToken.None));
        Assert.Equal(ElevationFailure.PasswordRequired, ex.Reason);
        Assert.Contains("-Credential", ex.Message);
    }

    [SkippableFact]
    public async Task Rbac_user_cannot_use_sudo_but_pfexec_runs_as_root()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        ShareState();
        var sudo = Open(rig, new() { ["UserName"] = rig.RbacUserName, ["KeyFile"] = rig.RbacUserKeyPath, ["Elevation"] = "Sudo" });
        try
        {
            // sudo -n cannot tell a key-only user more than "a password is required" (it must authenticate first).
            var ex = await Assert.ThrowsAsync<SvmElevationException>(() => sudo.RunAsync(Batch(sudo, IdU()), CancellationToken.None));
            Assert.Contains(ex.Reason, new[] { ElevationFailure.NotInSudoers, ElevationFailure.NotPermitted, ElevationFailure.PasswordRequired });
            Assert.Contains(Node, ex.Message);
        }
        finally { Remove(sudo); }

        // With its (right) password sudo -S says what is wrong: not permitted. The password appears nowhere.
        var withPw = Open(rig, new() { ["Credential"] = Credential(rig.RbacUserName, rig.RbacUserPassword), ["Elevation"] = "Sudo" });
        try
        {
            var ex = await Assert.ThrowsAsync<SvmElevationException>(() => withPw.RunAsync(Batch(withPw, IdU()), CancellationToken.None));
            Assert.Contains(ex.Reason, new[] { ElevationFailure.NotInSudoers, ElevationFailure.NotPermitted });
            Assert.DoesNotContain(rig.RbacUserPassword, ex.ToString());
        }
        finally { Remove(withPw); }

        // pfexec on a rig without the simulated Solaris root: the rig's pfexec emulation asks /usr/bin/id -u, which the
        // simulated Solaris id (no -u) rejects, so with a simulated root it never elevates (a rig limitation).
        await using var plain = await SshdRig.StartAsync(new SshdRigOptions { NodeName = Node, Profile = SshdProfile.Modern });
        var pf = Open(plain, new() { ["UserName"] = plain.RbacUserName, ["KeyFile"] = plain.RbacUserKeyPath, ["Elevation"] = "Pfexec", ["KnownHostsFile"] = plain.KnownHostsFile });
        try
        {
            var r = await pf.RunAsync(Batch(pf, IdU(), IdPlain()), CancellationToken.None);
            AssertUid(0, r[0]);
            AssertUid(rig.RbacUserUid, r[1]);
            Assert.Contains(pf.Transcript, t => t.Command == "/usr/bin/pfexec /usr/bin/id" && t.ExitCode == 0);
        }
        finally { Remove(pf); }
    }

    [SkippableFact]
    public async Task The_sudo_password_never_appears_on_a_remote_command_line()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        ShareState();
        var s = Open(rig, new() { ["Credential"] = Credential(rig.PasswordSudoUserName, rig.PasswordSudoUserPassword), ["Elevation"] = "Sudo" });
        try
        {
            var run = s.RunAsync(Batch(s, new RemoteCommand("/bin/sleep", "5") { NeedsRoot = true }), CancellationToken.None);
            var sawSleep = false;
            var seen = new List<RigProcess>();
            while (!run.IsCompleted)
            {
                var ps = rig.ListProcesses();
                seen.AddRange(ps);
                sawSleep |= ps.Any(p => p.Name == "sleep" && p.Uid == 0 && p.CommandLine.Contains('5'));
                Thread.Sleep(20);
            }
            var r = await run;
            Assert.Equal(0, r[0].ExitCode);
            Assert.True(sawSleep, "the elevated sleep was never seen running as root");
            Assert.DoesNotContain(seen, p => p.CommandLine.Contains(rig.PasswordSudoUserPassword));
        }
        finally { Remove(s); }
    }

    // ---- 5. timeout and cancellation ----------------------------------------------------------------

    [SkippableFact]
    public void Command_timeout_kills_the_hanging_tool_on_the_host()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        var s = Open(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath, ["CommandTimeoutSeconds"] = 2 });
        _f.Host.Simulator.InjectFault(SimulatorFault.Hang("metastat", Node));
        try
        {
            var sw = Stopwatch.StartNew();
            var r = Invoke("param($s) Get-SvmMirror -Session $s", s);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), "timeout took " + sw.Elapsed);
            Assert.Empty(r.Output);
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("RemoteCommandTimeout,", e.FullyQualifiedErrorId);
            Assert.Empty(rig.WaitForProcessesGone(IsSimulatorOrSleep, GoneTimeout));
            Assert.Contains(s.Transcript, t => t.Command == SolarisPaths.Metastat && t.ExitCode == null);
            Assert.Equal("Opened", s.State); // the connection survives a timeout
        }
        finally
        {
            _f.Host.Simulator.ClearFaults();
            Remove(s);
        }
    }

    /// <summary>Waits until a process matching <paramref name="match"/> runs in the rig.</summary>
    private static RigProcess WaitForProcess(SshdRig rig, Func<RigProcess, bool> match, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            var p = rig.ListProcesses().FirstOrDefault(x => x.State is not ("Z" or "X") && match(x));
            if (p != null) return p;
            Thread.Sleep(25);
        }
        Assert.Fail("No matching process appeared in the rig: " + string.Join(" | ", rig.ListProcesses()));
        return null!;
    }

    [SkippableFact]
    public void Stopping_the_pipeline_kills_the_remote_tool()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        var s = Open(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath });
        _f.Host.Simulator.InjectFault(SimulatorFault.Hang("metastat", Node));
        using var host = new PipelineHost();
        try
        {
            using var p = host.Start("param($s) Get-SvmMirror -Session $s", s);
            WaitForProcess(rig, x => x.CommandLine.Contains("svmsim", StringComparison.Ordinal) && x.CommandLine.Contains("metastat", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            Assert.Equal(PSInvocationState.Running, p.State);
            var sw = Stopwatch.StartNew();
            Assert.True(p.Stop(TimeSpan.FromSeconds(30)), "Stop() did not return");
            Assert.True(p.Wait(TimeSpan.FromSeconds(5)));
            Assert.Equal(PSInvocationState.Stopped, p.State);
            Assert.Empty(p.Output);
            Assert.Empty(rig.WaitForProcessesGone(IsSimulatorOrSleep, GoneTimeout));
            Assert.Equal("Opened", s.State);
        }
        finally
        {
            _f.Host.Simulator.ClearFaults();
            Remove(s);
        }
        // The session is still usable afterwards.
    }

    [SkippableFact]
    public async Task Elevated_hanging_command_is_killed_as_root_on_timeout_and_on_cancel()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        ShareState();
        var s = Open(rig, new() { ["Credential"] = Credential(rig.PasswordSudoUserName, rig.PasswordSudoUserPassword), ["Elevation"] = "Sudo" });
        _f.Host.Simulator.InjectFault(SimulatorFault.Hang("metastat", Node));
        Func<RigProcess, bool> hung = x => x.CommandLine.Contains("svmsim", StringComparison.Ordinal) && x.CommandLine.Contains("metastat", StringComparison.Ordinal);
        try
        {
            // Timeout.
            var run = s.RunAsync(Batch(s, new RemoteCommand(SolarisPaths.Metastat) { NeedsRoot = true }), CancellationToken.None, null, TimeSpan.FromSeconds(3));
            var proc = WaitForProcess(rig, hung, TimeSpan.FromSeconds(30));
            Assert.Equal(0, proc.Uid);
            var ex = await Assert.ThrowsAsync<SvmRemoteTimeoutException>(() => run);
            Assert.DoesNotContain(rig.PasswordSudoUserPassword, ex.ToString());
            Assert.Empty(rig.WaitForProcessesGone(p => IsSimulatorOrSleep(p) || p.Name == "sudo", GoneTimeout));

            // Cancellation.
            using var cts = new CancellationTokenSource();
            run = s.RunAsync(Batch(s, new RemoteCommand(SolarisPaths.Metastat) { NeedsRoot = true }), cts.Token);
            proc = WaitForProcess(rig, hung, TimeSpan.FromSeconds(30));
            Assert.Equal(0, proc.Uid);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            Assert.Empty(rig.WaitForProcessesGone(p => IsSimulatorOrSleep(p) || p.Name == "sudo", GoneTimeout));
            Assert.DoesNotContain(s.Transcript, t => t.Command.Contains(rig.PasswordSudoUserPassword));
        }
        finally
        {
            _f.Host.Simulator.ClearFaults();
            Remove(s);
        }
    }

    // ---- 6. transcript and verbose ------------------------------------------------------------------

    [SkippableFact]
    public void Transcript_and_verbose_list_every_command()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        var s = Open(rig, new() { ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath });
        try
        {
            var r = Invoke("param($s) Get-SvmMirror -Session $s -Verbose", s);
            r.AssertNoErrors();
            Assert.NotEmpty(r.All<SvmMirror>());
            var t = s.Transcript;
            Assert.Contains(t, e => e.Command == "/usr/sbin/metastat" && e.ExitCode == 0 && e.ComputerName == Node);
            Assert.Contains(t, e => e.Command == "/usr/bin/cat /etc/mnttab" && e.ExitCode == 0);
            Assert.Contains(t, e => e.Command == "/usr/bin/uname -n" && e.ExitCode == 0);
            Assert.Contains(r.Verbose, v => v.Contains("/usr/sbin/metastat"));
            Assert.Contains(r.Verbose, v => v.Contains("/usr/bin/cat /etc/mnttab"));
        }
        finally { Remove(s); }
    }

    [SkippableFact]
    public void Password_sudo_session_keeps_the_password_out_of_transcript_and_verbose()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        ShareState();
        var pw = rig.PasswordSudoUserPassword;
        var r = Invoke("param($port, $c, $kh) $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -Credential $c -KnownHostsFile $kh -Elevation Sudo -Verbose; " +
                       "Get-SvmMirror -Session $s -Verbose; $s; Remove-SvmSession $s -Verbose",
            rig.Port, Credential(rig.PasswordSudoUserName, pw), rig.KnownHostsFile);
        r.AssertNoErrors();
        var s = Assert.IsType<SvmSession>(r.Output.Last().BaseObject);
        Assert.NotEmpty(r.Output.Select(o => o.BaseObject).OfType<SvmMirror>());
        Assert.Contains(s.Transcript, e => e.Command.Contains("/usr/sbin/metastat") && e.ExitCode == 0);
        Assert.DoesNotContain(s.Transcript, e => e.Command.Contains(pw) || e.ToString().Contains(pw));
        Assert.DoesNotContain(r.Verbose, v => v.Contains(pw));
        Assert.Contains(r.Verbose, v => v.Contains("/usr/sbin/metastat"));
        Assert.DoesNotContain(pw, s.ToString());
    }

    // ---- 7. dropped connection ----------------------------------------------------------------------

    private static List<RigProcess> SshdOf(SshdRig rig, string user) =>
        rig.ListProcesses().Where(p => p.Name.StartsWith("sshd", StringComparison.Ordinal) && p.CommandLine.Contains("sshd: " + user, StringComparison.Ordinal)).ToList();

    /// <summary>Kills the sshd session processes (monitor and child) of <paramref name="user"/> on the rig.</summary>
    private static void DropConnections(SshdRig rig, string user)
    {
        var sshd = SshdOf(rig, user);
        Assert.NotEmpty(sshd);
        foreach (var p in sshd) rig.KillProcess(p.Pid);
        Assert.Empty(rig.WaitForProcessesGone(p => p.Name.StartsWith("sshd", StringComparison.Ordinal) && p.CommandLine.Contains("sshd: " + user, StringComparison.Ordinal), GoneTimeout));
    }

    /// <summary>A dropped connection: the session is no longer "Opened" ("Broken" until removed, or "Closed").</summary>
    private static readonly string[] DroppedStates = ["Broken", "Closed"];

    private static async Task WaitUntilDropped(SvmSession s)
    {
        for (var i = 0; i < 200 && s.State == "Opened"; i++) await Task.Delay(50);
        Assert.Contains(s.State, DroppedStates);
    }

    [SkippableFact]
    public async Task Dropped_connection_fails_a_command_that_changes_the_host_with_ConnectionLost_and_leaves_the_session_unusable()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        ShareState();
        var s = Open(rig, new() { ["UserName"] = rig.UserName, ["KeyFile"] = rig.UserKeyPath });
        try
        {
            DropConnections(rig, rig.UserName);
            await WaitUntilDropped(s);
            var b = s.NewBatch();
            b.Add(new RemoteCommand("/usr/bin/uname", "-n"));
            Assert.False(b.SafeToRetry); // a batch is never retried unless it says so
            var run = s.RunAsync(b, CancellationToken.None);
            Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))) == run, "RunAsync hung on a dead connection");
            await Assert.ThrowsAsync<SvmConnectionLostException>(() => run);
            Assert.Contains(s.State, DroppedStates);
            Assert.Empty(SshdOf(rig, rig.UserName)); // no silent reconnect
        }
        finally { Remove(s); }
    }

    [SkippableFact]
    public async Task Dropped_connection_before_Get_SvmMirror_reconnects_with_a_warning_because_a_status_read_is_safe_to_redo()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        ShareState();
        var s = Open(rig, new() { ["UserName"] = rig.UserName, ["KeyFile"] = rig.UserKeyPath });
        try
        {
            var ok = Invoke("param($s) Get-SvmMirror -Session $s", s);
            ok.AssertNoErrors();
            DropConnections(rig, rig.UserName);
            await WaitUntilDropped(s);

            var call = Task.Run(() => Invoke("param($s) Get-SvmMirror -Session $s", s));
            Assert.True(await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(60))) == call, "Get-SvmMirror hung on a dead connection");
            var r = await call;
            // A status read reconnects (nothing had been sent, the host key is checked again), but never silently.
            r.AssertNoErrors();
            Assert.Contains(r.Warnings, w => w.Contains("reconnect", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(MirrorSnapshot.Of(ok.All<SvmMirror>()), MirrorSnapshot.Of(r.All<SvmMirror>()));
            Assert.Equal("Opened", s.State);
        }
        finally { Remove(s); }
    }

    [SkippableFact]
    public async Task Connection_dropped_while_a_command_runs_is_ConnectionLost_not_a_hang()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        ShareState();
        var s = Open(rig, new() { ["UserName"] = rig.UserName, ["KeyFile"] = rig.UserKeyPath });
        _f.Host.Simulator.InjectFault(SimulatorFault.Hang("metastat", Node));
        try
        {
            var call = Task.Run(() => Invoke("param($s) Get-SvmMirror -Session $s", s));
            WaitForProcess(rig, x => x.CommandLine.Contains("svmsim", StringComparison.Ordinal) && x.CommandLine.Contains("metastat", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            DropConnections(rig, rig.UserName);
            Assert.True(await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(90))) == call, "Get-SvmMirror hung after the connection dropped");
            var r = await call;
            Assert.Empty(r.Output);
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("ConnectionLost,", e.FullyQualifiedErrorId);
            Assert.Contains(s.State, DroppedStates);
        }
        finally
        {
            _f.Host.Simulator.ClearFaults();
            foreach (var p in rig.ListProcesses().Where(IsSimulatorOrSleep)) rig.KillProcess(p.Pid);
            Remove(s);
        }
    }
}
