using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
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
        private static readonly Regex SafeRoot = new Regex("^/[A-Za-z0-9._/-]*\\z", RegexOptions.CultureInvariant);
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
            // or "'/etc/mnttab'"; "/usr/sbin/metastatx" or "/x/usr/sbin/metastat" are left alone. A provided directory
            // also prefixes what lies below it ("/var/opt/svmbackup/runs/local/d1").
            // No provided paths: nothing to rewrite (an empty alternative would match between every two characters).
            var alternatives = ProvidedPaths.Count == 0 ? "(?!)" : string.Join("|", ProvidedPaths.Where(p => p.Length > 0).Select(Regex.Escape));
            // A backquote opens and closes a command substitution like a parenthesis does ("`/usr/bin/perl -e ...`").
            _rewrite = new Regex("(?<=^|[\\s'\";|&(<>`])(" + alternatives + ")(?=$|[\\s'\";|&)<>/`])", RegexOptions.CultureInvariant | RegexOptions.Multiline);
        }

        public string RootDirectory { get; }
        public string NodeName { get; }
        public IReadOnlyList<string> ProvidedPaths { get; }
        public string Target => "simulator:" + NodeName;
        public bool IsConnected => !_disposed;

        /// <summary>The script as it is run locally (for tests and -Debug output).</summary>
        public string Rewrite(string script) => _rewrite.Replace(script, m => RootDirectory + m.Value);

        public async Task<RemoteResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken)
        {
            if (_disposed) throw new SvmConnectionLostException($"The session to {Target} is closed.");
            var guard = new RemoteProcessGuard();
            // setsid makes the shell a process-group leader, as sshd does on a real host, so a kill reaches its children.
            var setsid = File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : null;
            var psi = new ProcessStartInfo(setsid ?? "/bin/sh")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.Arguments = (setsid != null ? "--wait /bin/sh " : "") + "-c " + QuoteArgument(guard.Wrap(Rewrite(request.Script)));
            // The Solaris non-interactive PATH of a non-root login.
            psi.Environment["PATH"] = "/usr/bin:/bin";
            foreach (var kv in _environment) psi.Environment[kv.Key] = kv.Value;

            using (var process = new Process { StartInfo = psi })
            {
                process.Start();
                if (request.SecretInput != null) process.StandardInput.Write(request.SecretInput);
                process.StandardInput.Close(); // EOF, not a tty: like an SSH exec channel
                var stdout = new MemoryStream();
                var pumpOut = Task.Run(() => process.StandardOutput.BaseStream.CopyTo(request.StdoutSink ?? stdout));
                var stderr = new StringBuilder();
                var pumpErr = Task.Run(() =>
                {
                    var buffer = new char[4096];
                    int n;
                    while ((n = process.StandardError.Read(buffer, 0, buffer.Length)) > 0)
                        lock (stderr) stderr.Append(guard.FilterStderr(new string(buffer, 0, n)));
                });
                var exited = Task.Run(() => process.WaitForExit());
                var timeout = request.Timeout.HasValue ? Task.Delay(request.Timeout.Value) : new TaskCompletionSource<bool>().Task;
                var cancelled = new TaskCompletionSource<bool>();
                using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
                {
                    var first = await Task.WhenAny(exited, timeout, cancelled.Task).ConfigureAwait(false);
                    if (first != exited)
                    {
                        Kill(process, await guard.WaitForPidAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false), request.TermOnly);
                        if (first == timeout) throw new SvmRemoteTimeoutException(Target, request.Timeout!.Value, killed: true);
                        throw new OperationCanceledException(cancellationToken);
                    }
                }
                await Task.WhenAll(pumpOut, pumpErr).ConfigureAwait(false);
                stderr.Append(guard.Remainder());
                var text = request.StdoutSink == null ? Encoding.UTF8.GetString(stdout.ToArray()) : string.Empty;
                return new RemoteResult(process.ExitCode, text, stderr.ToString());
            }
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int SysKill(int pid, int signal);

        private static void Kill(Process process, int? groupLeader, bool termOnly)
        {
            try
            {
                if (groupLeader != null)
                {
                    SysKill(-groupLeader.Value, 15);
                    if (termOnly) { process.WaitForExit(60000); return; } // let the trap finish its unlock
                    Thread.Sleep(200);
                    SysKill(-groupLeader.Value, 9);
                }
                if (!process.HasExited) process.Kill();
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException) { }
            catch (System.ComponentModel.Win32Exception) { }
            catch (DllNotFoundException) { }
            catch (EntryPointNotFoundException) { }
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
