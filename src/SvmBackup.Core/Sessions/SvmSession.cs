using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Scripts;
using SvmBackup.Transport;

namespace SvmBackup.Sessions
{
    /// <summary>
    /// A connection to one Solaris node (real or simulated). Explicit objects, no global state: a runbook host that
    /// runs many jobs in one process keeps their sessions apart. Safe to use from several threads (one SSH
    /// channel per script).
    /// </summary>
    public sealed class SvmSession : IDisposable
    {
        private static int _lastId;

        private SvmSession(ISvmTransport transport, string address, int port, string userName, Elevation elevation, string? name)
        {
            Transport = transport;
            Id = Interlocked.Increment(ref _lastId);
            Address = address;
            Port = port;
            UserName = userName;
            Elevation = elevation;
            Name = string.IsNullOrEmpty(name) ? "SvmSession" + Id : name!;
            CreatedAt = DateTime.Now;
        }

        public int Id { get; }
        public string Name { get; }

        /// <summary>The node name the host reports (uname -n): the name SVM prints in its messages and uses for set ownership.</summary>
        public string ComputerName { get; private set; } = "";

        /// <summary>What was connected to: a host name or address, or "simulator".</summary>
        public string Address { get; }
        public int Port { get; }
        public string UserName { get; }
        public Elevation Elevation { get; }
        public bool IsSimulated => Transport is LocalShellTransport;
        public DateTime CreatedAt { get; }
        public string State => Transport.IsConnected ? "Opened" : "Closed";
        public string Target => Transport.Target;
        public string? HostKeyFingerprint => (Transport as SshTransport)?.HostKeyFingerprint;
        public string? KeyExchangeAlgorithm => (Transport as SshTransport)?.KeyExchangeAlgorithm;
        public string? HostKeyAlgorithm => (Transport as SshTransport)?.HostKeyAlgorithm;
        public string? Cipher => (Transport as SshTransport)?.Cipher;
        public string? Mac => (Transport as SshTransport)?.Mac;

        /// <summary>The transport; exposed for advanced use and tests.</summary>
        public ISvmTransport Transport { get; }

        /// <summary>Number of scripts sent (remote round trips) since the session opened.</summary>
        public long RoundTrips => Interlocked.Read(ref _roundTrips);
        private long _roundTrips;

        /// <summary>Wraps a connected transport and learns the node name (one round trip).</summary>
        public static async Task<SvmSession> OpenAsync(ISvmTransport transport, string address, int port, string userName, Elevation elevation, string? name, CancellationToken cancellationToken)
        {
            var session = new SvmSession(transport, address, port, userName, elevation, name);
            try
            {
                var batch = IdentifyBatch(elevation);
                var results = await session.RunAsync(batch, cancellationToken).ConfigureAwait(false);
                var node = results[0].Stdout.Trim();
                if (results[0].ExitCode != 0 || node.Length == 0)
                    throw new SvmConnectionException($"Connected to {transport.Target}, but '{SolarisPaths.Uname} -n' failed: {results[0].Stderr.Trim()}");
                session.ComputerName = node;
                return session;
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        /// <summary>The script a new session sends first: the node name.</summary>
        internal static RemoteBatch IdentifyBatch(Elevation elevation)
        {
            var batch = new RemoteBatch(elevation);
            batch.Add(new RemoteCommand(SolarisPaths.Uname, "-n"));
            return batch;
        }

        /// <summary>Raised with the script text just before it is sent (for auditing and tests; never contains secrets).</summary>
        public event Action<SvmSession, string>? ScriptSending;

        /// <summary>A new batch using this session's elevation.</summary>
        public RemoteBatch NewBatch() => new RemoteBatch(Elevation);

        /// <summary>Sends the batch as one script (one round trip) and splits the results.</summary>
        public async Task<IReadOnlyList<CommandResult>> RunAsync(RemoteBatch batch, CancellationToken cancellationToken)
        {
            var script = batch.ToScript();
            ScriptSending?.Invoke(this, script);
            Interlocked.Increment(ref _roundTrips);
            var result = await Transport.ExecuteAsync(script, cancellationToken).ConfigureAwait(false);
            var split = batch.Split(result.Stdout, result.Stderr);
            var missing = split.FirstOrDefault(r => r.ExitCode == null);
            if (missing != null)
                throw new SvmConnectionException($"The script on {Target} ended before '{missing.Command}' finished (exit status {result.ExitCode?.ToString() ?? "none"}). {result.Stderr.Trim()}");
            return split;
        }

        public override string ToString() => Name + " (" + (ComputerName.Length > 0 ? ComputerName : Address) + ")";

        public void Dispose() => Transport.Dispose();
    }
}
