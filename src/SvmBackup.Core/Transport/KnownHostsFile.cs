using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SvmBackup.Transport
{
    /// <summary>
    /// Reader (and appender) of OpenSSH known_hosts files: plain and hashed (|1|salt|hash) host patterns,
    /// [host]:port for non-22 ports, wildcards and negation, several keys per host, @revoked;
    /// @cert-authority lines are ignored (SSH.NET does not do host certificates) with a warning.
    /// </summary>
    public sealed class KnownHostsFile
    {
        private readonly List<Entry> _entries = new List<Entry>();

        public KnownHostsFile(string path)
        {
            Path = path;
            if (File.Exists(path)) Parse(File.ReadAllLines(path));
        }

        internal KnownHostsFile(string path, IEnumerable<string> lines)
        {
            Path = path;
            Parse(lines);
        }

        public string Path { get; }

        /// <summary>Lines that were skipped, for warnings (e.g. @cert-authority).</summary>
        public List<string> Warnings { get; } = new List<string>();

        /// <summary>The known_hosts host name: "host" on port 22, "[host]:port" otherwise (OpenSSH's rule).</summary>
        public static string HostName(string host, int port) => port == 22 ? host : "[" + host + "]:" + port;

        /// <summary>Checks a key blob offered by <paramref name="host"/>:<paramref name="port"/>.</summary>
        public HostKeyVerdict Check(string host, int port, byte[] keyBlob, out bool hostKnownWithOtherType)
        {
            var name = HostName(host, port);
            var keyType = KeyTypeOf(keyBlob);
            var blob = Convert.ToBase64String(keyBlob);
            var sameTypeKnown = false;
            hostKnownWithOtherType = false;
            foreach (var e in _entries)
            {
                if (e.Revoked && e.KeyBase64 == blob) return HostKeyVerdict.Revoked;
            }
            foreach (var e in _entries)
            {
                if (e.Revoked || !e.Matches(name)) continue;
                if (e.KeyBase64 == blob) return HostKeyVerdict.Trusted;
                if (e.KeyType == keyType) sameTypeKnown = true;
                else hostKnownWithOtherType = true;
            }
            return sameTypeKnown ? HostKeyVerdict.Changed : HostKeyVerdict.Unknown;
        }

        /// <summary>Appends an entry for the host (trust on first use), creating the file and its folder if needed.</summary>
        public void Append(string host, int port, byte[] keyBlob)
        {
            var dir = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            var line = HostName(host, port) + " " + KeyTypeOf(keyBlob) + " " + Convert.ToBase64String(keyBlob);
            var needsNewline = File.Exists(Path) && new FileInfo(Path).Length > 0 && !File.ReadAllText(Path).EndsWith("\n", StringComparison.Ordinal);
            File.AppendAllText(Path, (needsNewline ? "\n" : "") + line + "\n");
            _entries.Add(new Entry(new[] { HostName(host, port) }, KeyTypeOf(keyBlob), Convert.ToBase64String(keyBlob), false));
        }

        /// <summary>The key type is the first string of the SSH wire-format key blob ("ssh-ed25519", "ssh-rsa", ...).</summary>
        public static string KeyTypeOf(byte[] blob)
        {
            if (blob == null || blob.Length < 4) return "unknown";
            var len = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
            if (len <= 0 || len > blob.Length - 4) return "unknown";
            return Encoding.ASCII.GetString(blob, 4, len);
        }

        private void Parse(IEnumerable<string> lines)
        {
            foreach (var raw in lines)
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                var fields = Regex.Split(line, @"\s+");
                var i = 0;
                var revoked = false;
                if (fields[0].StartsWith("@", StringComparison.Ordinal))
                {
                    if (fields[0] == "@revoked") revoked = true;
                    else
                    {
                        Warnings.Add($"{Path}: ignored a {fields[0]} line (host certificates are not supported); the host's own key must be listed.");
                        continue;
                    }
                    i = 1;
                }
                if (fields.Length < i + 3) continue;
                _entries.Add(new Entry(fields[i].Split(','), fields[i + 1], fields[i + 2], revoked));
            }
        }

        private sealed class Entry
        {
            public Entry(string[] patterns, string keyType, string keyBase64, bool revoked)
            {
                Patterns = patterns;
                KeyType = keyType;
                KeyBase64 = keyBase64;
                Revoked = revoked;
            }

            public string[] Patterns { get; }
            public string KeyType { get; }
            public string KeyBase64 { get; }
            public bool Revoked { get; }

            public bool Matches(string hostName)
            {
                var matched = false;
                foreach (var p in Patterns)
                {
                    var negated = p.StartsWith("!", StringComparison.Ordinal);
                    var pattern = negated ? p.Substring(1) : p;
                    if (!PatternMatches(pattern, hostName)) continue;
                    if (negated) return false; // OpenSSH: a matching negation wins
                    matched = true;
                }
                return matched;
            }

            private static bool PatternMatches(string pattern, string hostName)
            {
                if (pattern.StartsWith("|1|", StringComparison.Ordinal))
                {
                    // Hashed: |1|base64(salt)|base64(HMAC-SHA1(salt, hostname))
                    var parts = pattern.Split('|');
                    if (parts.Length != 4) return false;
                    try
                    {
                        var salt = Convert.FromBase64String(parts[2]);
                        using (var hmac = new HMACSHA1(salt))
                        {
                            var hash = hmac.ComputeHash(Encoding.ASCII.GetBytes(hostName));
                            return Convert.ToBase64String(hash) == parts[3];
                        }
                    }
                    catch (FormatException) { return false; }
                }
                if (pattern.IndexOf('*') < 0 && pattern.IndexOf('?') < 0)
                    return string.Equals(pattern, hostName, StringComparison.OrdinalIgnoreCase);
                var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$";
                return Regex.IsMatch(hostName, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            }
        }
    }
}
