using System;
using System.Collections.Generic;
using System.Net;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Sessions;
using SvmBackup.Transport;

namespace SvmBackup.PowerShell.Infrastructure
{
    /// <summary>Turns PowerShell parameters into a connected <see cref="SvmSession"/>.</summary>
    internal static class SessionFactory
    {
        public static async Task<SvmSession> OpenSshAsync(SessionOptions o, Action<string> warn, CancellationToken ct)
        {
            SvmBackup.Scripts.SolarisName.ValidateHostName(o.ComputerName, "ComputerName");
            var user = o.Credential?.UserName ?? o.UserName ?? "root";
            // A key file's passphrase may come from -KeyPassphrase or, when keys are given, from -Credential's password.
            var hasKeys = (o.KeyFile != null && o.KeyFile.Length > 0) || o.KeyText != null;
            var credentialSecret = o.Credential == null ? null : NullIfEmpty(o.Credential.GetNetworkCredential().Password);
            var passphrase = o.KeyPassphrase != null ? Plain(o.KeyPassphrase) : hasKeys ? credentialSecret : null;

            var settings = new SshConnectionSettings
            {
                Host = o.ComputerName,
                Port = o.Port,
                UserName = user,
                Password = hasKeys ? null : credentialSecret,
                HostKeyPolicy = new HostKeyPolicy(o.KnownHostsFile, o.HostKeyFingerprint, o.AcceptNewHostKey),
                ConnectTimeout = TimeSpan.FromSeconds(o.ConnectTimeoutSeconds),
                KeyExchangeAlgorithms = o.KeyExchangeAlgorithm,
            };
            // A password login also offers the password for keys' passphrase fallback and for sudo -S.
            if (hasKeys && credentialSecret != null) settings.Password = credentialSecret;
            if (o.KeyFile != null)
                foreach (var f in o.KeyFile) settings.KeyFiles.Add(new KeyValuePair<string, string?>(f, passphrase));
            if (o.KeyText != null)
                settings.KeyTexts.Add(new KeyValuePair<string, string?>(Plain(o.KeyText) ?? "", passphrase));

            var warnings = new List<string>();
            SshTransport transport;
            try
            {
                transport = await SshTransport.ConnectAsync(settings, warnings, ct).ConfigureAwait(false);
            }
            finally
            {
                foreach (var w in warnings) warn(w);
            }
            var sudoPassword = o.Elevation == SvmBackup.Scripts.Elevation.Sudo ? credentialSecret : null;
            var session = await SvmSession.OpenAsync(transport, o.ComputerName, o.Port, user, o.Elevation, o.Name, ct, sudoPassword).ConfigureAwait(false);
            // Same settings, same host key policy: a reconnect is verified exactly like the first connection.
            session.Reconnect = async token => await SshTransport.ConnectAsync(settings, new List<string>(), token).ConfigureAwait(false);
            if (o.CommandTimeoutSeconds.HasValue) session.CommandTimeout = TimeSpan.FromSeconds(o.CommandTimeoutSeconds.Value);
            return session;
        }

        private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

        private static string? Plain(SecureString? secure)
        {
            if (secure == null) return null;
            var ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(ptr);
            }
            finally
            {
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }
    }
}
