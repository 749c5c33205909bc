using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SvmBackup.Transport
{
    /// <summary>
    /// Strict host-key policy. SSH.NET trusts every key unless told otherwise; this never does, and never prompts
    /// (a prompt breaks unattended runbooks). Sources: pinned SHA256 fingerprints, an OpenSSH known_hosts file,
    /// and, only when asked, trust on first use.
    /// </summary>
    public sealed class HostKeyPolicy
    {
        public HostKeyPolicy(string? knownHostsPath = null, IEnumerable<string>? pinnedFingerprints = null, bool acceptNew = false)
        {
            KnownHostsPath = knownHostsPath ?? DefaultKnownHostsPath();
            PinnedFingerprints = (pinnedFingerprints ?? Enumerable.Empty<string>()).Where(p => !string.IsNullOrWhiteSpace(p)).ToArray();
            AcceptNew = acceptNew;
        }

        public string KnownHostsPath { get; }
        public IReadOnlyList<string> PinnedFingerprints { get; }
        public bool AcceptNew { get; }

        public static string DefaultKnownHostsPath()
        {
            var home = Environment.GetEnvironmentVariable("HOME");
            if (string.IsNullOrEmpty(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".ssh", "known_hosts");
        }

        /// <summary>Decides on a key; warnings (TOFU, ignored lines) go to <paramref name="warnings"/>.</summary>
        /// <exception cref="HostKeyException">The key is not trusted.</exception>
        public HostKeyVerdict Verify(string host, int port, byte[] keyBlob, ICollection<string> warnings)
        {
            var fingerprint = HostKeyFingerprint.Sha256(keyBlob);
            var keyType = KnownHostsFile.KeyTypeOf(keyBlob);
            var target = KnownHostsFile.HostName(host, port);

            if (PinnedFingerprints.Count > 0)
            {
                // A pin is exact: with pins given, known_hosts is not consulted.
                if (PinnedFingerprints.Any(p => HostKeyFingerprint.Matches(p, fingerprint))) return HostKeyVerdict.Trusted;
                throw new HostKeyException(HostKeyVerdict.Changed,
                    $"The {keyType} host key of {target} does not match the pinned fingerprint. Offered: {fingerprint}. Pinned: {string.Join(", ", PinnedFingerprints)}. " +
                    "Connection refused: if the host was not rebuilt, someone may be intercepting the connection (man-in-the-middle).");
            }

            var file = new KnownHostsFile(KnownHostsPath);
            foreach (var w in file.Warnings) warnings.Add(w);
            var verdict = file.Check(host, port, keyBlob, out var otherTypes);
            switch (verdict)
            {
                case HostKeyVerdict.Trusted:
                    return verdict;
                case HostKeyVerdict.Revoked:
                    throw new HostKeyException(verdict, $"The {keyType} host key of {target} ({fingerprint}) is marked @revoked in {KnownHostsPath}. Connection refused.");
                case HostKeyVerdict.Changed:
                    throw new HostKeyException(verdict,
                        $"WARNING: THE HOST KEY OF {target} HAS CHANGED. Someone could be intercepting the connection (man-in-the-middle), or the host was rebuilt. " +
                        $"Offered {keyType} key: {fingerprint}; {KnownHostsPath} holds a different {keyType} key for {target}. Connection refused. " +
                        $"If the change is expected, remove the old entry from {KnownHostsPath} (ssh-keygen -R '{target}' -f '{KnownHostsPath}') and verify the new fingerprint out of band.");
                default:
                    if (AcceptNew && !otherTypes)
                    {
                        file.Append(host, port, keyBlob);
                        warnings.Add($"Trusting the {keyType} host key of {target} on first use ({fingerprint}); it was added to {KnownHostsPath}. Verify this fingerprint out of band.");
                        return HostKeyVerdict.TrustedOnFirstUse;
                    }
                    var also = otherTypes ? $" {KnownHostsPath} knows {target} only with other key types; refusing a new key type without a pin." : "";
                    throw new HostKeyException(HostKeyVerdict.Unknown,
                        $"The host key of {target} is not known ({keyType} {fingerprint}).{also} Verify the fingerprint out of band, then trust it with: " +
                        $"-HostKeyFingerprint '{fingerprint}' (or -AcceptNewHostKey to record it in {KnownHostsPath}).");
            }
        }
    }
}
