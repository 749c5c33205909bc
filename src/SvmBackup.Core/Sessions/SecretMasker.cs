using System;
using System.Collections.Generic;
using System.Linq;

namespace SvmBackup.Sessions
{
    /// <summary>Replaces known secrets in any text that leaves the module (errors, verbose, transcript).</summary>
    public sealed class SecretMasker
    {
        public const string Mask = "********";
        private readonly List<string> _secrets = new List<string>();

        public void Add(string? secret)
        {
            // Very short "secrets" would mask ordinary words; passwords that short are refused by every sshd anyway.
            if (string.IsNullOrEmpty(secret) || secret!.Length < 3) return;
            lock (_secrets) if (!_secrets.Contains(secret)) _secrets.Add(secret);
        }

        public string Apply(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
            string[] secrets;
            lock (_secrets) secrets = _secrets.OrderByDescending(s => s.Length).ToArray();
            foreach (var s in secrets) text = text!.Replace(s, Mask);
            return text!;
        }
    }
}
