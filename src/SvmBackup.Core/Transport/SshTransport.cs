using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace SvmBackup.Transport
{
    /// <summary>
    /// One SSH connection per session (SSH.NET), reused for every script; each script runs on its own channel, so
    /// several threads may execute at once. Host keys are checked by <see cref="HostKeyPolicy"/> before any
    /// authentication happens.
    /// </summary>
    public sealed class SshTransport : ISvmTransport
    {
        private readonly SshClient _client;
        private readonly List<IDisposable> _keys;

        // Completed when the connection is gone (our Dispose, or SSH.NET's error event): a command in flight must end
        // then — SSH.NET's own ExecuteAsync waits for a channel close that a disconnected client never receives.
        private readonly TaskCompletionSource<bool> _lost = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private SshTransport(SshClient client, List<IDisposable> keys, SshConnectionSettings settings)
        {
            _client = client;
            _keys = keys;
            _client.ErrorOccurred += (_, e) => _lost.TrySetResult(true);
            Target = settings.UserName + "@" + settings.Host + ":" + settings.Port;
            var ci = client.ConnectionInfo;
            KeyExchangeAlgorithm = ci.CurrentKeyExchangeAlgorithm ?? string.Empty;
            HostKeyAlgorithm = ci.CurrentHostKeyAlgorithm ?? string.Empty;
            Cipher = ci.CurrentClientEncryption ?? string.Empty;
            Mac = ci.CurrentClientHmacAlgorithm ?? string.Empty;
        }

        public string Target { get; }
        public bool IsConnected => !_disposed && _client.IsConnected;
        private volatile bool _disposed;
        public string? HostKeyFingerprint { get; private set; }
        public HostKeyVerdict HostKeyVerdict { get; private set; }
        public string KeyExchangeAlgorithm { get; }
        public string HostKeyAlgorithm { get; }
        public string Cipher { get; }
        public string Mac { get; }

        /// <summary>Connects, verifies the host key and authenticates. Warnings (e.g. trust on first use) are added to <paramref name="warnings"/>.</summary>
        public static async Task<SshTransport> ConnectAsync(SshConnectionSettings settings, ICollection<string> warnings, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(settings.Host)) throw new ArgumentException("A host name is required.", nameof(settings));
            var keys = new List<IDisposable>();
            var methods = new List<AuthenticationMethod>();
            try
            {
                var keySources = new List<IPrivateKeySource>();
                foreach (var kv in settings.KeyFiles)
                {
                    try { var k = kv.Value == null ? new PrivateKeyFile(kv.Key) : new PrivateKeyFile(kv.Key, kv.Value); keys.Add(k); keySources.Add(k); }
                    catch (Exception ex) when (IsKeyReadFailure(ex))
                    {
                        // SSH.NET's message can name the wrong passphrase case but never contains it.
                        throw new SvmConnectionException($"Cannot read the private key file '{kv.Key}': {KeyReadReason(ex, kv.Value)}", ex);
                    }
                }
                foreach (var kv in settings.KeyTexts)
                {
                    try
                    {
                        var stream = new MemoryStream(Encoding.UTF8.GetBytes(kv.Key));
                        var k = kv.Value == null ? new PrivateKeyFile(stream) : new PrivateKeyFile(stream, kv.Value);
                        keys.Add(k); keySources.Add(k);
                    }
                    catch (Exception ex) when (IsKeyReadFailure(ex))
                    {
                        throw new SvmConnectionException("Cannot read the private key text: " + KeyReadReason(ex, kv.Value), ex);
                    }
                }
                if (keySources.Count > 0) methods.Add(new PrivateKeyAuthenticationMethod(settings.UserName, keySources.ToArray()));
                if (settings.Password != null)
                {
                    methods.Add(new PasswordAuthenticationMethod(settings.UserName, settings.Password));
                    // PAM-only servers (many Solaris hosts) offer only keyboard-interactive: answer every prompt with the password.
                    var kbd = new KeyboardInteractiveAuthenticationMethod(settings.UserName);
                    var pw = settings.Password;
                    kbd.AuthenticationPrompt += (s, e) => { foreach (var p in e.Prompts) p.Response = pw; };
                    methods.Add(kbd);
                }
                if (methods.Count == 0) throw new ArgumentException("No credential: give a key file, key text or a password.", nameof(settings));

                var info = new ConnectionInfo(settings.Host, settings.Port, settings.UserName, methods.ToArray()) { Timeout = settings.ConnectTimeout };
                if (settings.KeyExchangeAlgorithms != null && settings.KeyExchangeAlgorithms.Count > 0)
                {
                    // KeyExchangeAlgorithms is an ordered dictionary: rebuild it with only the requested names, in order.
                    var known = info.KeyExchangeAlgorithms.ToDictionary(kv => kv.Key, kv => kv.Value);
                    var unknown = settings.KeyExchangeAlgorithms.Where(a => !known.ContainsKey(a)).ToArray();
                    if (unknown.Length > 0)
                        throw new ArgumentException($"Unknown key exchange algorithm(s): {string.Join(", ", unknown)}. SSH.NET supports: {string.Join(", ", known.Keys)}.");
                    info.KeyExchangeAlgorithms.Clear();
                    foreach (var a in settings.KeyExchangeAlgorithms) info.KeyExchangeAlgorithms.Add(a, known[a]);
                }
                PreferAeadCiphers(info);
                var client = new SshClient(info) { KeepAliveInterval = settings.KeepAlive };
                HostKeyException? refused = null;
                string? fingerprint = null;
                var verdict = HostKeyVerdict.Unknown;
                client.HostKeyReceived += (s, e) =>
                {
                    fingerprint = Transport.HostKeyFingerprint.Sha256(e.HostKey);
                    try { verdict = settings.HostKeyPolicy.Verify(settings.Host, settings.Port, e.HostKey, warnings); e.CanTrust = true; }
                    catch (HostKeyException ex) { refused = ex; e.CanTrust = false; }
                };
                try
                {
                    await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (refused != null)
                {
                    client.Dispose();
                    throw refused;
                }
                catch (SshAuthenticationException ex)
                {
                    client.Dispose();
                    var offered = string.Join(", ", methods.Select(m => m.Name).Distinct());
                    throw new SvmAuthenticationException($"Authentication as '{settings.UserName}' on {settings.Host}:{settings.Port} failed (offered: {offered}): {ex.Message}", ex);
                }
                catch (SshConnectionException ex) when (ex.Message.IndexOf("host key", StringComparison.OrdinalIgnoreCase) >= 0 || ex.Message.IndexOf("HostKey", StringComparison.Ordinal) >= 0)
                {
                    client.Dispose();
                    throw new SvmConnectionException(
                        $"Cannot connect to {settings.Host}:{settings.Port}: no host key algorithm in common. SSH.NET 2026 supports {string.Join(", ", info.HostKeyAlgorithms.Keys)}; " +
                        "a host that offers only ssh-dss (DSA, removed from SSH.NET in 2025.0.0 — old Solaris 10 SunSSH setups) cannot be reached: give it an RSA host key " +
                        $"(ssh-keygen -t rsa -f /etc/ssh/ssh_host_rsa_key; HostKey in sshd_config). ({ex.Message})", ex);
                }
                catch (Exception ex) when (ex is SshException || ex is System.Net.Sockets.SocketException || ex is TimeoutException || ex is IOException)
                {
                    client.Dispose();
                    throw new SvmConnectionException($"Cannot connect to {settings.Host}:{settings.Port}: {ex.Message}", ex);
                }
                return new SshTransport(client, keys, settings) { HostKeyFingerprint = fingerprint, HostKeyVerdict = verdict };
            }
            catch
            {
                foreach (var k in keys) k.Dispose();
                throw;
            }
        }

        // A wrong passphrase surfaces as whatever decrypting garbage throws: SshException (OpenSSH check bytes),
        // CryptographicException (PEM padding), or a parse error of the garbage.
        private static bool IsKeyReadFailure(Exception ex) =>
            ex is SshException || ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException ||
            ex is System.Security.Cryptography.CryptographicException || ex is FormatException || ex is InvalidOperationException ||
            ex is IndexOutOfRangeException || ex is OverflowException || ex is NotSupportedException;

        private static string KeyReadReason(Exception ex, string? passphrase) =>
            ex is SshPassPhraseNullOrEmptyException
                ? "the key is encrypted: give its passphrase with -KeyPassphrase. (" + ex.Message + ")"
                : passphrase != null && !(ex is IOException || ex is UnauthorizedAccessException)
                    ? "wrong passphrase, or the key is damaged. (" + ex.Message + ")"
                    : ex.Message;

        public async Task<RemoteResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken)
        {
            if (_disposed || !_client.IsConnected)
                throw new SvmConnectionLostException($"The SSH connection to {Target} is closed; open a new session with New-SvmSession.");
            var guard = new RemoteProcessGuard();
            var stdout = new MemoryStream();
            var stderr = new StringBuilder();
            using (var cmd = _client.CreateCommand(guard.Wrap(request.Script)))
            {
                Task execute;
                try
                {
                    // Cancellation is ours (kill by process group), not SSH.NET's signal, which SunSSH ignores.
                    execute = cmd.ExecuteAsync(CancellationToken.None);
                }
                catch (SshConnectionException ex)
                {
                    throw new SvmConnectionLostException($"The SSH connection to {Target} was lost: {ex.Message}", ex);
                }
                SendInputAndEof(cmd, request.SecretInput);
                var sink = request.StdoutSink ?? stdout;
                var pumpOut = Task.Run(() => Pump(cmd.OutputStream, sink));
                var pumpErr = Task.Run(() => PumpText(cmd.ExtendedOutputStream, guard, stderr));

                var timeout = request.Timeout.HasValue ? Task.Delay(request.Timeout.Value) : new TaskCompletionSource<bool>().Task;
                var cancelled = new TaskCompletionSource<bool>();
                using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
                {
                    var first = await Task.WhenAny(execute, timeout, cancelled.Task, _lost.Task).ConfigureAwait(false);
                    // The connection went (or the session was disposed) before the command reported an exit status,
                    // even if SSH.NET completed the command's task while closing.
                    if (first == _lost.Task && (!execute.IsCompleted || cmd.ExitStatus == null))
                        throw new SvmConnectionLostException($"The SSH connection to {Target} was lost while a command ran (the host's traps undo a lock; re-read the host before anything else).") { RemoteProcessGroup = guard.Pid, RemoteTag = guard.Tag };
                    if (first != execute && first != _lost.Task)
                    {
                        var killed = await KillAsync(guard, request).ConfigureAwait(false);
                        // A trapped script is still unlocking after the TERM: wait for it to end (bounded), so whatever
                        // reads the host next sees what the trap left, not a half-run trap (as LocalShellTransport does).
                        if (killed && request.TermOnly)
                            await Task.WhenAny(execute, _lost.Task, Task.Delay(TimeSpan.FromSeconds(60))).ConfigureAwait(false);
                        try { cmd.CancelAsync(forceKill: !request.TermOnly, millisecondsTimeout: 2000); } catch (InvalidOperationException) { } catch (SshException) { }
                        if (first == timeout) throw new SvmRemoteTimeoutException(Target, request.Timeout!.Value, killed);
                        throw new OperationCanceledException(cancellationToken);
                    }
                }
                try
                {
                    await execute.ConfigureAwait(false);
                    await Task.WhenAll(pumpOut, pumpErr).ConfigureAwait(false);
                }
                catch (SshConnectionException ex)
                {
                    throw new SvmConnectionLostException($"The SSH connection to {Target} was lost while a command ran: {ex.Message}", ex) { RemoteProcessGroup = guard.Pid, RemoteTag = guard.Tag };
                }
                catch (Exception ex) when (!(ex is SvmConnectionLostException) && (_disposed || _lost.Task.IsCompleted || !_client.IsConnected))
                {
                    // The session closed under the command (disposed, or the connection dropped) and SSH.NET reported it
                    // as whatever the closing raced with: it is a lost connection all the same, and the script may still
                    // run on the host — say which one, so recovery can wait for it.
                    throw new SvmConnectionLostException($"The SSH connection to {Target} was lost while a command ran: {ex.Message}", ex) { RemoteProcessGroup = guard.Pid, RemoteTag = guard.Tag };
                }
                if (!_client.IsConnected && cmd.ExitStatus == null)
                    throw new SvmConnectionLostException($"The SSH connection to {Target} was lost while a command ran.") { RemoteProcessGroup = guard.Pid, RemoteTag = guard.Tag };
                stderr.Append(guard.Remainder());
                var text = request.StdoutSink == null ? Encoding.UTF8.GetString(stdout.ToArray()) : string.Empty;
                return new RemoteResult(cmd.ExitStatus, text, stderr.ToString());
            }
        }

        /// <summary>
        /// Writes the secret input (if any) and closes stdin, so nothing on the host can wait for more. A script that
        /// already ended (fast commands) makes SSH.NET refuse the input stream: then there is nobody left to read it.
        /// </summary>
        private static void SendInputAndEof(SshCommand cmd, string? secretInput)
        {
            try
            {
                using (var input = cmd.CreateInputStream())
                {
                    if (secretInput == null) return;
                    var bytes = Encoding.UTF8.GetBytes(secretInput);
                    input.Write(bytes, 0, bytes.Length);
                    Array.Clear(bytes, 0, bytes.Length);
                }
            }
            catch (InvalidOperationException)
            {
                // "The input stream can be used only during execution": the command has finished already.
            }
            catch (SshException)
            {
                // The channel closed between the check and the write: same as above.
            }
        }

        private static void Pump(Stream from, Stream to)
        {
            var buffer = new byte[81920];
            int n;
            while ((n = from.Read(buffer, 0, buffer.Length)) > 0) to.Write(buffer, 0, n);
        }

        private static void PumpText(Stream from, RemoteProcessGuard guard, StringBuilder into)
        {
            var decoder = Encoding.UTF8.GetDecoder();
            var buffer = new byte[8192];
            var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
            int n;
            while ((n = from.Read(buffer, 0, buffer.Length)) > 0)
            {
                var c = decoder.GetChars(buffer, 0, n, chars, 0);
                var text = guard.FilterStderr(new string(chars, 0, c));
                lock (into) into.Append(text);
            }
        }

        /// <summary>Kills the script's process group on the host over a second channel. True if the kill ran.</summary>
        private async Task<bool> KillAsync(RemoteProcessGuard guard, ExecutionRequest original)
        {
            if (await guard.WaitForPidAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false) == null || _disposed || !_client.IsConnected) return false;
            var request = new ExecutionRequest(guard.KillScript(original.KillPrefix, original.TermOnly)) { SecretInput = original.KillSecretInput };
            try
            {
                using (var kill = _client.CreateCommand(request.Script))
                {
                    var run = kill.ExecuteAsync(CancellationToken.None);
                    SendInputAndEof(kill, request.SecretInput);
                    var done = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(15))).ConfigureAwait(false);
                    return done == run;
                }
            }
            catch (Exception ex) when (ex is SshException || ex is InvalidOperationException || ex is ObjectDisposedException)
            {
                return false;
            }
        }

        /// <summary>
        /// AES-GCM first when the server has it: one pass per byte instead of AES-CTR plus a separate HMAC, which is
        /// what bounds a streamed dump on a small client (BENCHMARKS.md). Servers without it (SunSSH: aes128-ctr)
        /// negotiate as before; nothing is removed.
        /// </summary>
        private static void PreferAeadCiphers(ConnectionInfo info)
        {
            var all = info.Encryptions.ToList();
            var first = all.Where(kv => kv.Key.StartsWith("aes128-gcm", StringComparison.Ordinal) || kv.Key.StartsWith("aes256-gcm", StringComparison.Ordinal)).ToList();
            if (first.Count == 0) return;
            info.Encryptions.Clear();
            foreach (var kv in first.Concat(all.Where(kv => !first.Contains(kv)))) info.Encryptions.Add(kv.Key, kv.Value);
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _lost.TrySetResult(true);
            try { if (_client.IsConnected) _client.Disconnect(); } catch (SshException) { } catch (ObjectDisposedException) { }
            _client.Dispose();
            foreach (var k in _keys) k.Dispose();
        }
    }
}
