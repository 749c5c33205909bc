using System;
using System.Management.Automation;
using System.Security;
using SvmBackup.PowerShell.Infrastructure;
using SvmBackup.PowerShell.Simulation;
using SvmBackup.Scripts;
using SvmBackup.Sessions;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>
    /// Opens a session to a Solaris node over SSH (host key checked against known_hosts or a SHA256 pin, never a
    /// prompt) or to a node of a simulated host.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SvmSession", DefaultParameterSetName = SshSet)]
    [OutputType(typeof(SvmSession))]
    public sealed class NewSvmSessionCommand : SvmCmdlet, ISshSessionParameters
    {
        private const string SshSet = "Ssh";
        private const string SimulatorSet = "Simulator";

        [Parameter(ParameterSetName = SshSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SimulatorSet, Position = 0)]
        [Alias("HostName", "Node")]
        [ValidateNotNullOrEmpty]
        public string[] ComputerName { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = SimulatorSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public SvmSimulator? Simulator { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 22;

        /// <summary>User and password; with -KeyFile/-KeyText the password is the key's passphrase.</summary>
        [Parameter(ParameterSetName = SshSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>Login name when no -Credential is given (default root).</summary>
        [Parameter(ParameterSetName = SshSet)]
        public string? UserName { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        [Alias("KeyPath", "IdentityFile")]
        public string[]? KeyFile { get; set; }

        /// <summary>A private key as text (e.g. from a vault or an Automation variable).</summary>
        [Parameter(ParameterSetName = SshSet)]
        public SecureString? KeyText { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        public SecureString? KeyPassphrase { get; set; }

        /// <summary>OpenSSH known_hosts file (default ~/.ssh/known_hosts).</summary>
        [Parameter(ParameterSetName = SshSet)]
        public string? KnownHostsFile { get; set; }

        /// <summary>Pinned host key fingerprint(s) in OpenSSH's format, 'SHA256:...'.</summary>
        [Parameter(ParameterSetName = SshSet)]
        public string[]? HostKeyFingerprint { get; set; }

        /// <summary>Trust an unknown host key on first use and add it to known_hosts (with a warning).</summary>
        [Parameter(ParameterSetName = SshSet)]
        public SwitchParameter AcceptNewHostKey { get; set; }

        [Parameter(ParameterSetName = SshSet)]
        public Elevation Elevation { get; set; } = Elevation.None;

        [Parameter(ParameterSetName = SshSet)]
        [ValidateRange(1, 3600)]
        public int ConnectTimeoutSeconds { get; set; } = 30;

        /// <summary>Key exchange algorithms to offer, in order (e.g. diffie-hellman-group1-sha1 for old SunSSH hosts whose primes are under 2048 bits).</summary>
        [Parameter(ParameterSetName = SshSet)]
        public string[]? KeyExchangeAlgorithm { get; set; }

        /// <summary>Time limit of each remote script of this session; an overrun is killed on the host. No limit by default.</summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int? CommandTimeoutSeconds { get; set; }

        [Parameter]
        public string? Name { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == SimulatorSet)
            {
                var nodes = ComputerName.Length > 0 ? ComputerName : new[] { Simulator!.Nodes[0] };
                foreach (var node in nodes)
                    Open(node, async ct =>
                    {
                        var s = await SvmSession.OpenAsync(Simulator!.CreateTransport(node), "simulator", 0, "root", Elevation.None, Name, ct).ConfigureAwait(false);
                        if (CommandTimeoutSeconds.HasValue) s.CommandTimeout = TimeSpan.FromSeconds(CommandTimeoutSeconds.Value);
                        return s;
                    });
                return;
            }
            foreach (var host in ComputerName)
            {
                var options = SessionOptions.From(this, host, GetUnresolvedProviderPathFromPSPath);
                var warnings = new System.Collections.Generic.List<string>();
                Open(host, ct => SessionFactory.OpenSshAsync(options, w => { lock (warnings) warnings.Add(w); }, ct), warnings);
            }
        }

        private void Open(string target, Func<System.Threading.CancellationToken, System.Threading.Tasks.Task<SvmSession>> open, System.Collections.Generic.List<string>? warnings = null)
        {
            try
            {
                WriteVerbose($"Opening a session to {target}.");
                var session = Await(open);
                FlushWarnings(warnings);
                SessionRegistry.Add(session);
                WriteVerbose($"Session {session.Id} to {session.ComputerName} ({session.Target}) opened.");
                WriteObject(session);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                FlushWarnings(warnings);
                WriteError(ToErrorRecord(ex, target));
            }
        }

        private void FlushWarnings(System.Collections.Generic.List<string>? warnings)
        {
            if (warnings == null) return;
            string[] copy;
            lock (warnings) { copy = warnings.ToArray(); warnings.Clear(); }
            foreach (var w in copy) WriteWarning(w);
        }
    }
}
