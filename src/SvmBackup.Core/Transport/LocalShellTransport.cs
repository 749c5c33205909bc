using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace SvmBackup.Transport
{
    /// <summary>
    /// Runs the very script the module would send to Solaris under this machine's /bin/sh, against a simulated
    /// node whose Solaris files (shims for /usr/sbin/metastat ..., /etc/mnttab ...) live under a root directory.
    /// Without root or a mount namespace the Solaris absolute paths cannot be made to exist, so each provided
    /// path is prefixed with the root directory at word boundaries; nothing else in the script changes.
    /// </summary>
    public sealed class LocalShellTransport : ISvmTransport
    {
        private static readonly Regex SafeRoot = new Regex("^/[A-Za-z0-9._/-]*$", RegexOptions.CultureInvariant);
        private readonly Regex _rewrite;
        private readonly IDictionary<string, string> _environment;
        private volatile bool _disposed;

        public LocalShellTransport(string rootDirectory, string nodeName, IEnumerable<string> providedPaths, IDictionary<string, string>? environment = null)
        {
            RootDirectory = Path.GetFullPath(rootDirectory).TrimEnd('/');
            if (!SafeRoot.IsMatch(RootDirectory))
                throw new ArgumentException($"The simulator directory '{RootDirectory}' must contain only letters, digits, '.', '_', '-' and '/' (it is spliced into shell scripts).", nameof(rootDirectory));
            NodeName = nodeName;
            ProvidedPaths = providedPaths.OrderByDescending(p => p.Length).ToArray();
            _environment = environment ?? new Dictionary<string, string>();
            // A path is rewritten only where it stands as a word (or starts one inside quotes), e.g. "/usr/sbin/metastat -p"
            // or "'/etc/mnttab'"; "/usr/sbin/metastatx" or "/x/usr/sbin/metastat" are left alone.
            var alternatives = string.Join("|", ProvidedPaths.Select(Regex.Escape));
            _rewrite = new Regex("(?<=^|[\\s'\";|&(<>])(" + alternatives + ")(?=$|[\\s'\";|&)<>])", RegexOptions.CultureInvariant | RegexOptions.Multiline);
        }

        public string RootDirectory { get; }
        public string NodeName { get; }
        public IReadOnlyList<string> ProvidedPaths { get; }
        public string Target => "simulator:" + NodeName;
        public bool IsConnected => !_disposed;

        /// <summary>The script as it is run locally (for tests and -Debug output).</summary>
        public string Rewrite(string script) => _rewrite.Replace(script, m => RootDirectory + m.Value);

        public async Task<RemoteResult> ExecuteAsync(string script, CancellationToken cancellationToken)
        {
            if (_disposed) throw new SvmConnectionException($"The session to {Target} is closed.");
            var psi = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            psi.Arguments = "-c " + QuoteArgument(Rewrite(script));
            // The Solaris non-interactive PATH of a non-root login.
            psi.Environment["PATH"] = "/usr/bin:/bin";
            foreach (var kv in _environment) psi.Environment[kv.Key] = kv.Value;

            using (var process = new Process { StartInfo = psi })
            {
                process.Start();
                process.StandardInput.Close(); // like an SSH exec channel without input: EOF, not a tty
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                using (cancellationToken.Register(() => Kill(process)))
                {
                    await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
                    await Task.Run(() => process.WaitForExit()).ConfigureAwait(false);
                }
                cancellationToken.ThrowIfCancellationRequested();
                return new RemoteResult(process.ExitCode, stdout.Result, stderr.Result);
            }
        }

        private static void Kill(Process process)
        {
            try
            {
                // netstandard2.0 has no Kill(entireProcessTree): end the shell's children first, then the shell.
                using (var pkill = Process.Start(new ProcessStartInfo("pkill", "-KILL -P " + process.Id) { UseShellExecute = false }))
                    pkill?.WaitForExit(2000);
                if (!process.HasExited) process.Kill();
            }
            catch (InvalidOperationException) { }
            catch (System.ComponentModel.Win32Exception) { }
        }

        // ProcessStartInfo.Arguments is split by .NET's rules (double quotes, backslashes), not by a shell.
        private static string QuoteArgument(string arg)
        {
            var sb = new StringBuilder("\"");
            var backslashes = 0;
            foreach (var c in arg)
            {
                if (c == '\\') { backslashes++; continue; }
                if (c == '"') { sb.Append('\\', backslashes * 2 + 1); sb.Append('"'); }
                else { sb.Append('\\', backslashes); sb.Append(c); }
                backslashes = 0;
            }
            sb.Append('\\', backslashes * 2);
            sb.Append('"');
            return sb.ToString();
        }

        public void Dispose() => _disposed = true;
    }
}
