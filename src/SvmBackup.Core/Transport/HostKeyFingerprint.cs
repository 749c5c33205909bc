using System;
using System.Security.Cryptography;

namespace SvmBackup.Transport
{
    /// <summary>OpenSSH-style fingerprints: "SHA256:" + unpadded base64 of the SHA-256 of the key blob (never MD5).</summary>
    public static class HostKeyFingerprint
    {
        public static string Sha256(byte[] keyBlob)
        {
            using (var sha = SHA256.Create())
                return "SHA256:" + Convert.ToBase64String(sha.ComputeHash(keyBlob)).TrimEnd('=');
        }

        /// <summary>Compares a user-given pin with a fingerprint; tolerates a missing "SHA256:" prefix and base64 padding.</summary>
        public static bool Matches(string pin, string fingerprint)
        {
            if (string.IsNullOrWhiteSpace(pin)) return false;
            var p = pin.Trim();
            if (p.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase)) p = p.Substring(7);
            var f = fingerprint.StartsWith("SHA256:", StringComparison.Ordinal) ? fingerprint.Substring(7) : fingerprint;
            return string.Equals(p.TrimEnd('='), f.TrimEnd('='), StringComparison.Ordinal); // base64 is case-sensitive
        }
    }
}
