using System.Management.Automation;
using System.Security;
using SvmBackup.Scripts;

namespace SvmBackup.PowerShell.Infrastructure
{
    /// <summary>
    /// The SSH connection parameters as a cmdlet binds them (New-SvmSession, and -ComputerName on every host cmdlet),
    /// so <see cref="SessionOptions.From"/> is the one place that maps them to <see cref="SessionOptions"/>.
    /// </summary>
    internal interface ISshSessionParameters
    {
        int Port { get; }
        PSCredential? Credential { get; }
        string? UserName { get; }
        string[]? KeyFile { get; }
        SecureString? KeyText { get; }
        SecureString? KeyPassphrase { get; }
        string? KnownHostsFile { get; }
        string[]? HostKeyFingerprint { get; }
        SwitchParameter AcceptNewHostKey { get; }
        Elevation Elevation { get; }
        string? Name { get; }
        int ConnectTimeoutSeconds { get; }
        string[]? KeyExchangeAlgorithm { get; }
        int? CommandTimeoutSeconds { get; }
    }
}
