using System;
using System.Collections.Generic;
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

        private SshTransport(SshClient client, List<IDisposable> keys, SshConnectionSettings settings)
        {
            _client = client;
            _keys = keys;
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
                    catch (Exception ex) when (ex is SshException || ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException)
                    {
                        // SSH.NET's message can name the wrong passphrase case but never contains it.
                        throw new SvmConnectionException($"Cannot read the private key file '{kv.Key}': {ex.Message}", ex);
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
                    catch (Exception ex) when (ex is SshException || ex is ArgumentException)
                    {
                        throw new SvmConnectionException("Cannot read the private key text: " + ex.Message, ex);
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
                    throw new SvmConnectionException($"Authentication as '{settings.UserName}' on {settings.Host}:{settings.Port} failed: {ex.Message}", ex);
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

        public async Task<RemoteResult> ExecuteAsync(string script, CancellationToken cancellationToken)
        {
            if (!_client.IsConnected)
                throw new SvmConnectionException($"The SSH connection to {Target} is closed; open a new session with New-SvmSession.");
            using (var cmd = _client.CreateCommand(script))
            {
                try
                {
                    await cmd.ExecuteAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    throw;
                }
                catch (SshConnectionException ex)
                {
                    throw new SvmConnectionException($"The SSH connection to {Target} was lost while a command ran: {ex.Message}", ex);
                }
                return new RemoteResult(cmd.ExitStatus, cmd.Result, cmd.Error);
            }
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            try { if (_client.IsConnected) _client.Disconnect(); } catch (SshException) { } catch (ObjectDisposedException) { }
            _client.Dispose();
            foreach (var k in _keys) k.Dispose();
        }
    }
}
