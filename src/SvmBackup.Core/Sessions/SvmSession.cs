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

        private SvmSession(ISvmTransport transport, string address, int port, string userName, Elevation elevation, string? name, string? sudoPassword)
        {
            _sudoPassword = sudoPassword;
            Secrets.Add(sudoPassword);
            _transport = transport;
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
        /// <summary>Opened; Broken (the connection dropped: read-only commands reconnect, changes refuse); Closed (Remove-SvmSession).</summary>
        public string State => _closed ? "Closed" : Transport.IsConnected ? "Opened" : "Broken";
        public string Target => Transport.Target;
        public string? HostKeyFingerprint => (Transport as SshTransport)?.HostKeyFingerprint;
        public string? KeyExchangeAlgorithm => (Transport as SshTransport)?.KeyExchangeAlgorithm;
        public string? HostKeyAlgorithm => (Transport as SshTransport)?.HostKeyAlgorithm;
        public string? Cipher => (Transport as SshTransport)?.Cipher;
        public string? Mac => (Transport as SshTransport)?.Mac;

        /// <summary>The transport; exposed for advanced use and tests.</summary>
        public ISvmTransport Transport => _transport;

        /// <summary>
        /// Which host this is, beyond its name: the SSH host key (one per host, whatever address reached it), or the
        /// simulated node's root. Two sessions to the same host share it; two hosts that happen to share a name do not.
        /// </summary>
        public string HostIdentity => (ComputerName + "|" + (HostKeyFingerprint ?? (Transport is LocalShellTransport local ? local.RootDirectory : Target))).ToLowerInvariant();
        private volatile ISvmTransport _transport;
        private readonly object _reconnectLock = new object();

        /// <summary>
        /// Opens a new connection with the same settings (set for SSH sessions). Used only for batches marked
        /// <see cref="RemoteBatch.SafeToRetry"/> whose connection was found dropped BEFORE sending: a read of status
        /// is safe to redo on a new connection; a change that may or may not have happened is not.
        /// </summary>
        /// <remarks>
        /// Write-only from outside on purpose: the delegate holds the connection settings (password, key text,
        /// passphrase) in its closure, and every result carries its session, so a readable property let
        /// Export-Clixml, ConvertTo-Json or PSSerializer write those secrets out (Target → the closure's fields).
        /// </remarks>
        public Func<CancellationToken, Task<ISvmTransport>>? Reconnect { internal get; set; }

        /// <summary>Raised with a message when the session reconnected after a dropped connection.</summary>
        public event Action<SvmSession, string>? Reconnected;

        /// <summary>The mirrors of the last inventory through this session (for argument completion; may be stale).</summary>
        public SvmBackup.Model.SvmMirror[] LastMirrors { get; set; } = Array.Empty<SvmBackup.Model.SvmMirror>();

        /// <summary>The disk sets of the last Get-SvmDiskSet through this session (for argument completion).</summary>
        public SvmBackup.Model.SvmDiskSet[] LastDiskSets { get; set; } = Array.Empty<SvmBackup.Model.SvmDiskSet>();

        /// <summary>Number of scripts sent (remote round trips) since the session opened.</summary>
        public long RoundTrips => Interlocked.Read(ref _roundTrips);
        private long _roundTrips;

        /// <summary>Wraps a connected transport and learns the node name (one round trip).</summary>
        public static async Task<SvmSession> OpenAsync(ISvmTransport transport, string address, int port, string userName, Elevation elevation, string? name, CancellationToken cancellationToken, string? sudoPassword = null)
        {
            var session = new SvmSession(transport, address, port, userName, elevation, name, sudoPassword);
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

        /// <summary>Raised just before a batch is sent (for -Verbose, auditing and tests). Scripts never contain secrets.</summary>
        public event Action<SvmSession, RemoteBatch>? BatchSending;

        private readonly string? _sudoPassword;
        private readonly List<TranscriptEntry> _transcript = new List<TranscriptEntry>();

        /// <summary>Secrets of this session (the sudo password), masked out of every text the module shows.</summary>
        public SecretMasker Secrets { get; } = new SecretMasker();

        /// <summary>Default time limit of one remote script; null = none. A script that overruns is killed on the host.</summary>
        public TimeSpan? CommandTimeout { get; set; }

        /// <summary>Every remote command run through this session (masked), oldest first.</summary>
        public TranscriptEntry[] Transcript { get { lock (_transcript) return _transcript.ToArray(); } }

        /// <summary>A new batch using this session's elevation (sudo -S when a password is known, else sudo -n).</summary>
        public RemoteBatch NewBatch() => new RemoteBatch(Elevation) { SudoReadsPassword = Elevation == Elevation.Sudo && _sudoPassword != null };

        /// <summary>Sends the batch as one script (one round trip) and splits the results.</summary>
        /// <exception cref="SvmElevationException">sudo refused a root command.</exception>
        public async Task<IReadOnlyList<CommandResult>> RunAsync(RemoteBatch batch, CancellationToken cancellationToken, System.IO.Stream? stdoutSink = null, TimeSpan? timeout = null)
        {
            // Everything the script prints on stdout goes to the sink, so a streamed batch holds exactly one command.
            if (stdoutSink != null && (!batch.StreamsLastStdout || batch.Commands.Count != 1))
                throw new ArgumentException("A batch whose stdout is streamed must hold one command and set StreamsLastStdout (no marker may enter the data).", nameof(stdoutSink));
            var script = batch.ToScript();
            BatchSending?.Invoke(this, batch);
            var trip = (int)Interlocked.Increment(ref _roundTrips);
            var request = new ExecutionRequest(script) { StdoutSink = stdoutSink, Timeout = timeout ?? CommandTimeout };
            if (batch.ElevatedCount > 0)
            {
                request.KillPrefix = batch.ElevationPrefix(true);
                if (batch.SudoReadsPassword)
                {
                    // One line per sudo -S; sudo reads its password one byte at a time, so each takes exactly one line.
                    request.SecretInput = string.Concat(Enumerable.Repeat(_sudoPassword + "\n", batch.ElevatedCount));
                    request.KillSecretInput = string.Concat(Enumerable.Repeat(_sudoPassword + "\n", 2));
                }
            }
            if (!Transport.IsConnected && batch.SafeToRetry && Reconnect != null && !_closed)
                await ReconnectAsync(cancellationToken).ConfigureAwait(false);
            var started = DateTime.Now;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            RemoteResult result;
            try
            {
                result = await Transport.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                Record(batch, null, started, clock.Elapsed, trip);
                throw;
            }
            var split = batch.Split(result.Stdout, result.Stderr);
            Record(batch, split, started, clock.Elapsed, trip);
            foreach (var r in split)
            {
                if (!r.Command.NeedsRoot || batch.Elevation != Elevation.Sudo || r.ExitCode == 0) continue;
                var failure = SudoErrors.Detect(r.Stderr, out var line);
                if (failure != null) throw new SvmElevationException(ComputerName, r.Command, failure.Value, Secrets.Apply(line));
            }
            var missing = split.FirstOrDefault(r => r.ExitCode == null);
            if (missing != null)
                throw new SvmConnectionLostException($"The script on {Target} ended before '{missing.Command}' finished (exit status {result.ExitCode?.ToString() ?? "none"}). {Secrets.Apply(result.Stderr.Trim())}");
            return split;
        }

        /// <summary>
        /// Sends a hand-built script (one that needs shell control flow, such as the trapped lock-split-unlock) as one
        /// round trip; <paramref name="commands"/> are what it runs, for the transcript and -Verbose.
        /// </summary>
        public async Task<RemoteResult> RunScriptAsync(ExecutionRequest request, RemoteBatch commands, CancellationToken cancellationToken)
        {
            BatchSending?.Invoke(this, commands);
            var trip = (int)Interlocked.Increment(ref _roundTrips);
            var started = DateTime.Now;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            RemoteResult? result = null;
            try
            {
                result = await Transport.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
                return result;
            }
            finally
            {
                lock (_transcript)
                    foreach (var c in commands.Commands)
                        _transcript.Add(new TranscriptEntry(started, ComputerName, Secrets.Apply(commands.ElevationPrefix(c.NeedsRoot) + c.ToShell()), result?.ExitCode, clock.Elapsed, trip));
            }
        }

        private async Task ReconnectAsync(CancellationToken cancellationToken)
        {
            var old = _transport;
            ISvmTransport fresh;
            try
            {
                fresh = await Reconnect!(cancellationToken).ConfigureAwait(false);
            }
            catch (HostKeyException)
            {
                // A host key refused on the new connection is a security verdict (HostKeyMismatch: possibly a
                // man-in-the-middle), not a dropped connection: it must surface as itself, never as ConnectionLost.
                throw;
            }
            catch (SvmConnectionException ex)
            {
                throw new SvmConnectionLostException($"The connection to {Target} was lost and could not be reopened: {Secrets.Apply(ex.Message)}", ex);
            }
            lock (_reconnectLock)
            {
                if (_closed) { fresh.Dispose(); throw new SvmConnectionLostException($"The session to {Target} was closed."); }
                _transport = fresh;
            }
            old.Dispose();
            Reconnected?.Invoke(this, $"The connection to {ComputerName} ({Target}) had dropped; reconnected to re-read status (nothing had been sent).");
        }

        private volatile bool _closed;

        private void Record(RemoteBatch batch, IReadOnlyList<CommandResult>? results, DateTime started, TimeSpan duration, int trip)
        {
            lock (_transcript)
            {
                for (var i = 0; i < batch.Commands.Count; i++)
                {
                    var c = batch.Commands[i];
                    _transcript.Add(new TranscriptEntry(started, ComputerName, Secrets.Apply(batch.ElevationPrefix(c.NeedsRoot) + c.ToShell()), results?[i].ExitCode, duration, trip));
                }
            }
        }

        public override string ToString() => Name + " (" + (ComputerName.Length > 0 ? ComputerName : Address) + ")";

        public void Dispose()
        {
            lock (_reconnectLock) _closed = true;
            _transport.Dispose();
        }
    }
}
