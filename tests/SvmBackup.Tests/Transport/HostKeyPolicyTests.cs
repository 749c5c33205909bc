using System.Security.Cryptography;
using System.Text;
using SvmBackup.Transport;

namespace SvmBackup.Tests.Transport;

public class HostKeyPolicyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("svm-kh-").FullName;

    private static byte[] Blob(string type, byte seed)
    {
        var t = Encoding.ASCII.GetBytes(type);
        var body = Enumerable.Range(0, 32).Select(i => (byte)(i + seed)).ToArray();
        var blob = new List<byte>();
        blob.AddRange(new byte[] { 0, 0, 0, (byte)t.Length });
        blob.AddRange(t);
        blob.AddRange(new byte[] { 0, 0, 0, 32 });
        blob.AddRange(body);
        return blob.ToArray();
    }

    private string KnownHosts(params string[] lines)
    {
        var path = Path.Combine(_dir, "known_hosts");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string Hashed(string hostName)
    {
        var salt = RandomNumberGenerator.GetBytes(20);
        using var hmac = new HMACSHA1(salt);
        return "|1|" + Convert.ToBase64String(salt) + "|" + Convert.ToBase64String(hmac.ComputeHash(Encoding.ASCII.GetBytes(hostName)));
    }

    private readonly byte[] _ed = Blob("ssh-ed25519", 1);
    private readonly byte[] _ed2 = Blob("ssh-ed25519", 2);
    private readonly byte[] _rsa = Blob("ssh-rsa", 3);

    [Fact]
    public void Plain_entry_on_port_22_is_trusted()
    {
        var path = KnownHosts($"sol1,10.0.0.5 ssh-ed25519 {Convert.ToBase64String(_ed)} root@sol1");
        Assert.Equal(HostKeyVerdict.Trusted, new HostKeyPolicy(path).Verify("10.0.0.5", 22, _ed, new List<string>()));
    }

    [Fact]
    public void Non_default_port_needs_the_bracketed_form()
    {
        var path = KnownHosts($"sol1 ssh-ed25519 {Convert.ToBase64String(_ed)}", $"[sol2]:2222 ssh-ed25519 {Convert.ToBase64String(_ed)}");
        var policy = new HostKeyPolicy(path);
        Assert.Equal(HostKeyVerdict.Trusted, policy.Verify("sol2", 2222, _ed, new List<string>()));
        var ex = Assert.Throws<HostKeyException>(() => policy.Verify("sol1", 2222, _ed, new List<string>()));
        Assert.Equal(HostKeyVerdict.Unknown, ex.Verdict);
    }

    [Fact]
    public void Hashed_entries_match()
    {
        var path = KnownHosts($"{Hashed("[127.0.0.1]:2200")} ssh-ed25519 {Convert.ToBase64String(_ed)}");
        Assert.Equal(HostKeyVerdict.Trusted, new HostKeyPolicy(path).Verify("127.0.0.1", 2200, _ed, new List<string>()));
    }

    [Fact]
    public void Several_key_types_per_host_each_trusted()
    {
        var path = KnownHosts($"sol1 ssh-ed25519 {Convert.ToBase64String(_ed)}", $"sol1 ssh-rsa {Convert.ToBase64String(_rsa)}");
        var policy = new HostKeyPolicy(path);
        Assert.Equal(HostKeyVerdict.Trusted, policy.Verify("sol1", 22, _rsa, new List<string>()));
        Assert.Equal(HostKeyVerdict.Trusted, policy.Verify("sol1", 22, _ed, new List<string>()));
    }

    [Fact]
    public void Changed_key_is_refused_loudly_with_both_facts()
    {
        var path = KnownHosts($"sol1 ssh-ed25519 {Convert.ToBase64String(_ed)}");
        var ex = Assert.Throws<HostKeyException>(() => new HostKeyPolicy(path).Verify("sol1", 22, _ed2, new List<string>()));
        Assert.Equal(HostKeyVerdict.Changed, ex.Verdict);
        Assert.Contains("HAS CHANGED", ex.Message);
        Assert.Contains("man-in-the-middle", ex.Message);
        Assert.Contains(HostKeyFingerprint.Sha256(_ed2), ex.Message);
    }

    [Fact]
    public void Unknown_key_names_the_fingerprint_and_how_to_trust_it()
    {
        var path = KnownHosts();
        var ex = Assert.Throws<HostKeyException>(() => new HostKeyPolicy(path).Verify("sol9", 22, _ed, new List<string>()));
        Assert.Equal(HostKeyVerdict.Unknown, ex.Verdict);
        Assert.Contains($"-HostKeyFingerprint '{HostKeyFingerprint.Sha256(_ed)}'", ex.Message);
    }

    [Fact]
    public void Revoked_key_is_refused_even_if_listed()
    {
        var b = Convert.ToBase64String(_ed);
        var path = KnownHosts($"@revoked * ssh-ed25519 {b}", $"sol1 ssh-ed25519 {b}");
        var ex = Assert.Throws<HostKeyException>(() => new HostKeyPolicy(path).Verify("sol1", 22, _ed, new List<string>()));
        Assert.Equal(HostKeyVerdict.Revoked, ex.Verdict);
    }

    [Fact]
    public void Cert_authority_lines_are_ignored_with_a_warning()
    {
        var path = KnownHosts($"@cert-authority *.example ssh-ed25519 {Convert.ToBase64String(_ed2)}", $"sol1 ssh-ed25519 {Convert.ToBase64String(_ed)}");
        var warnings = new List<string>();
        Assert.Equal(HostKeyVerdict.Trusted, new HostKeyPolicy(path).Verify("sol1", 22, _ed, warnings));
        Assert.Contains(warnings, w => w.Contains("@cert-authority"));
    }

    [Fact]
    public void Accept_new_records_the_key_and_warns_then_trusts_it()
    {
        var path = Path.Combine(_dir, "sub", "known_hosts");
        var warnings = new List<string>();
        Assert.Equal(HostKeyVerdict.TrustedOnFirstUse, new HostKeyPolicy(path, acceptNew: true).Verify("sol1", 2222, _ed, warnings));
        Assert.Single(warnings);
        Assert.Equal($"[sol1]:2222 ssh-ed25519 {Convert.ToBase64String(_ed)}\n", File.ReadAllText(path));
        Assert.Equal(HostKeyVerdict.Trusted, new HostKeyPolicy(path).Verify("sol1", 2222, _ed, new List<string>()));
    }

    [Fact]
    public void Accept_new_never_overrides_a_changed_key()
    {
        var path = KnownHosts($"sol1 ssh-ed25519 {Convert.ToBase64String(_ed)}");
        var ex = Assert.Throws<HostKeyException>(() => new HostKeyPolicy(path, acceptNew: true).Verify("sol1", 22, _ed2, new List<string>()));
        Assert.Equal(HostKeyVerdict.Changed, ex.Verdict);
    }

    [Fact]
    public void Pin_matches_with_or_without_prefix_and_padding_and_refuses_others()
    {
        var fp = HostKeyFingerprint.Sha256(_ed);
        Assert.StartsWith("SHA256:", fp);
        Assert.DoesNotContain("=", fp);
        Assert.Equal(HostKeyVerdict.Trusted, new HostKeyPolicy(KnownHosts(), new[] { fp }).Verify("x", 22, _ed, new List<string>()));
        Assert.Equal(HostKeyVerdict.Trusted, new HostKeyPolicy(KnownHosts(), new[] { fp.Substring(7) + "=" }).Verify("x", 22, _ed, new List<string>()));
        var ex = Assert.Throws<HostKeyException>(() => new HostKeyPolicy(KnownHosts(), new[] { fp }).Verify("x", 22, _ed2, new List<string>()));
        Assert.Equal(HostKeyVerdict.Changed, ex.Verdict);
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
