using System;
using System.IO;

namespace SvmBackup.Transport
{
    /// <summary>One script to run on a node, with what goes in and where stdout goes.</summary>
    public sealed class ExecutionRequest
    {
        public ExecutionRequest(string script) { Script = script ?? throw new ArgumentNullException(nameof(script)); }

        /// <summary>The Bourne-shell script. Never contains a secret (it is visible in the host's process list).</summary>
        public string Script { get; }

        /// <summary>
        /// Written to the script's stdin, then EOF. The only way a secret (sudo's password, for sudo -S) reaches the
        /// host: not on a command line, not in an environment variable. Never logged.
        /// </summary>
        public string? SecretInput { get; set; }

        /// <summary>When set, stdout is streamed into this stream as it arrives instead of being buffered (dumps).</summary>
        public Stream? StdoutSink { get; set; }

        /// <summary>Kill the script on the host if it runs longer; null = no limit.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>
        /// Prefix for the kill commands when the script runs root processes (through sudo or pfexec), e.g.
        /// "/usr/bin/sudo -n "; null when the login user may kill its own processes.
        /// </summary>
        public string? KillPrefix { get; set; }

        /// <summary>
        /// Stop it with TERM only, never KILL: the script has a trap that must finish (the unlock of a write-locked
        /// file system); a KILL could land while the trap's lockfs -u runs.
        /// </summary>
        public bool TermOnly { get; set; }

        /// <summary>stdin for the kill script (sudo -S passwords), never logged.</summary>
        public string? KillSecretInput { get; set; }
    }
}
