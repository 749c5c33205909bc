using System;
using System.Management.Automation;
using System.Security;
using SvmBackup.Scripts;

namespace SvmBackup.PowerShell.Infrastructure
{
    /// <summary>The connection parameters shared by New-SvmSession and the one-shot parameter set of host cmdlets.</summary>
    internal sealed class SessionOptions
    {
        public string ComputerName { get; set; } = "";
        public int Port { get; set; } = 22;
        public PSCredential? Credential { get; set; }
        public string? UserName { get; set; }
        public string[]? KeyFile { get; set; }
        public SecureString? KeyText { get; set; }
        public SecureString? KeyPassphrase { get; set; }
        public string? KnownHostsFile { get; set; }
        public string[]? HostKeyFingerprint { get; set; }
        public bool AcceptNewHostKey { get; set; }
        public Elevation Elevation { get; set; }
        public string? Name { get; set; }
        public int ConnectTimeoutSeconds { get; set; } = 30;
        public int? CommandTimeoutSeconds { get; set; }
        public string[]? KeyExchangeAlgorithm { get; set; }

        /// <summary>
        /// The options for one host from a cmdlet's bound parameters; <paramref name="resolvePath"/> turns PowerShell
        /// paths (~, relative, PSDrive) of the key and known_hosts files into file system paths.
        /// </summary>
        public static SessionOptions From(ISshSessionParameters p, string computerName, Func<string, string> resolvePath) => new SessionOptions
        {
            ComputerName = computerName,
            Port = p.Port,
            Credential = p.Credential,
            UserName = p.UserName,
            KeyFile = p.KeyFile == null ? null : Array.ConvertAll(p.KeyFile, path => resolvePath(path)),
            KeyText = p.KeyText,
            KeyPassphrase = p.KeyPassphrase,
            KnownHostsFile = p.KnownHostsFile == null ? null : resolvePath(p.KnownHostsFile),
            HostKeyFingerprint = p.HostKeyFingerprint,
            AcceptNewHostKey = p.AcceptNewHostKey,
            Elevation = p.Elevation,
            Name = p.Name,
            ConnectTimeoutSeconds = p.ConnectTimeoutSeconds,
            KeyExchangeAlgorithm = p.KeyExchangeAlgorithm,
            CommandTimeoutSeconds = p.CommandTimeoutSeconds,
        };
    }
}
