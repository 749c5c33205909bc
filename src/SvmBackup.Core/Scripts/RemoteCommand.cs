using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace SvmBackup.Scripts
{
    /// <summary>One command of a remote script: an absolute tool path and its arguments, each quoted for the Bourne shell.</summary>
    public sealed class RemoteCommand
    {
        private static readonly Regex Plain = new Regex("^[A-Za-z0-9_./:@%+=,-]+\\z", RegexOptions.CultureInvariant); // \z: "$" would accept a trailing newline

        public RemoteCommand(string tool, params string[] arguments)
        {
            if (tool == null || !tool.StartsWith("/", StringComparison.Ordinal))
                throw new ArgumentException("Remote tools are always called by absolute path (Solaris PATH is /usr/bin for non-root).", nameof(tool));
            Tool = tool;
            Arguments = arguments ?? Array.Empty<string>();
            if (Arguments.Any(a => a == null)) throw new ArgumentNullException(nameof(arguments));
            // No shell quoting can carry a NUL: refuse it when the command is built, before anything is sent, not when the
            // script is rendered (for a hook command that was after the backup's read-only round trip).
            if (tool.IndexOf('\0') >= 0 || Arguments.Any(a => a.IndexOf('\0') >= 0))
                throw new ArgumentException("A NUL character cannot be passed to a remote command.", nameof(arguments));
        }

        public string Tool { get; }
        public IReadOnlyList<string> Arguments { get; }

        /// <summary>Whether the command must run with root privilege (elevated when the session is not root).</summary>
        public bool NeedsRoot { get; set; }

        /// <summary>
        /// Run only if the command before it in the batch exited 0 (e.g. clear a backup's marker only once its rejoin
        /// worked); skipped, it reports exit status 125.
        /// </summary>
        public bool OnlyIfPreviousSucceeded { get; set; }

        /// <summary>The exit status a skipped <see cref="OnlyIfPreviousSucceeded"/> command reports.</summary>
        public const int Skipped = 125;

        /// <summary>The command line as the shell sees it (quoted where needed).</summary>
        public string ToShell() => string.Join(" ", new[] { Tool }.Concat(Arguments).Select(QuoteIfNeeded));

        /// <summary>For messages: the command as an administrator would type it.</summary>
        public override string ToString() => ToShell();

        internal static string QuoteIfNeeded(string word) => Plain.IsMatch(word) ? word : ShellQuote.Quote(word);
    }
}
