using System;
using System.Collections.Generic;

namespace SvmBackup.Transport
{
    /// <summary>Everything needed to open an SSH connection. Secrets live here only as long as the connection is being made.</summary>
    public sealed class SshConnectionSettings
    {
        public string Host { get; set; } = "";
        public int Port { get; set; } = 22;
        public string UserName { get; set; } = "root";

        /// <summary>Password for password and keyboard-interactive authentication (never logged).</summary>
        public string? Password { get; set; }

        /// <summary>Private key files (any format SSH.NET reads) and their passphrase (may be null).</summary>
        public List<KeyValuePair<string, string?>> KeyFiles { get; } = new List<KeyValuePair<string, string?>>();

        /// <summary>Private keys as text (from a vault or an Automation variable) and their passphrase.</summary>
        public List<KeyValuePair<string, string?>> KeyTexts { get; } = new List<KeyValuePair<string, string?>>();

        public HostKeyPolicy HostKeyPolicy { get; set; } = new HostKeyPolicy();

        /// <summary>
        /// Key exchange algorithms in order of preference (only these are offered), e.g. diffie-hellman-group1-sha1
        /// first for a host whose group-exchange primes are under the 2048 bits SSH.NET asks for. Null = SSH.NET's list.
        /// </summary>
        public IList<string>? KeyExchangeAlgorithms { get; set; }

        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>SSH keep-alive, so a dead peer is noticed while a long command (a dump) runs.</summary>
        public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);
    }
}
