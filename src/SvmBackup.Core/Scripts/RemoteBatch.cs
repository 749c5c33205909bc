using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace SvmBackup.Scripts
{
    /// <summary>
    /// Several commands sent as ONE Bourne-shell script (one SSH round trip). Each command's stdout and stderr are
    /// framed by marker lines carrying a per-batch random nonce, so the output of one tool can neither spoof nor
    /// bleed into another's, and each keeps its own exit status.
    /// </summary>
    public sealed class RemoteBatch
    {
        private readonly List<RemoteCommand> _commands = new List<RemoteCommand>();

        public RemoteBatch(Elevation elevation = Elevation.None, string sudoPath = SolarisPaths.Sudo)
        {
            Elevation = elevation;
            SudoPath = SolarisName.ValidateAbsolutePath(sudoPath, nameof(sudoPath));
            var bytes = new byte[8];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
            Nonce = BitConverter.ToString(bytes).Replace("-", "").ToLowerInvariant();
        }

        public Elevation Elevation { get; }

        /// <summary>
        /// With sudo: true = `sudo -S -p ''` reading the password from the script's stdin (one line per elevated
        /// command is supplied there by the session; never in the script); false = `sudo -n` (NOPASSWD rules).
        /// </summary>
        public bool SudoReadsPassword { get; set; }

        /// <summary>
        /// True for batches that only read status: if the connection is found dropped before sending, the session may
        /// reconnect and send them. Batches that change the host are never retried automatically.
        /// </summary>
        public bool SafeToRetry { get; set; }

        /// <summary>
        /// The stdout of the LAST command is raw data streamed to a sink (a dump written with `ufsdump f -`): no marker
        /// may enter it, so that command's markers and exit status travel on stderr only.
        /// </summary>
        public bool StreamsLastStdout { get; set; }

        /// <summary>Commands that run as root through sudo or pfexec.</summary>
        public int ElevatedCount => Elevation == Elevation.None ? 0 : _commands.Count(c => c.NeedsRoot);

        /// <summary>The prefix that elevates a command ("" when not elevated).</summary>
        public string ElevationPrefix(bool needsRoot)
        {
            if (!needsRoot) return "";
            switch (Elevation)
            {
                case Elevation.Sudo: return SudoPath + (SudoReadsPassword ? " -S -p '' " : " -n ");
                case Elevation.Pfexec: return "/usr/bin/pfexec ";
                default: return "";
            }
        }
        public string SudoPath { get; }
        public string Nonce { get; }
        public IReadOnlyList<RemoteCommand> Commands => _commands;

        /// <summary>Adds a command; returns its index in the batch.</summary>
        public int Add(RemoteCommand command)
        {
            _commands.Add(command ?? throw new ArgumentNullException(nameof(command)));
            return _commands.Count - 1;
        }

        internal string Marker(int index) => "#svmbackup-" + Nonce + ":" + index.ToString(CultureInfo.InvariantCulture);

        /// <summary>The script text. Bourne shell only: no $( ), [[ ]], local, ${var#...} or $(( )).</summary>
        public string ToScript()
        {
            // C locale: the messages we parse are the untranslated ones (gettext), dates are %c in C.
            var sb = new StringBuilder("LC_ALL=C; export LC_ALL\n");
            for (var i = 0; i < _commands.Count; i++)
            {
                var m = Marker(i);
                var cmd = _commands[i];
                var prefix = ElevationPrefix(cmd.NeedsRoot);
                var streamed = StreamsLastStdout && i == _commands.Count - 1;
                if (streamed)
                {
                    // Earlier commands' stdout markers still frame their output; this one's stdout is pure data.
                    sb.Append("echo '").Append(m).Append(":begin' >&2\n");
                    sb.Append(prefix).Append(cmd.ToShell()).Append(cmd.NeedsRoot && Elevation == Elevation.Sudo && SudoReadsPassword ? "\n" : " </dev/null\n");
                    sb.Append("svmrc=$?; echo '' >&2; echo \"").Append(m).Append(":end:$svmrc\" >&2\n");
                    continue;
                }
                sb.Append("echo '").Append(m).Append(":begin'; echo '").Append(m).Append(":begin' >&2\n");
                // stdin from /dev/null: no tool may read the channel or see a tty (ufsdump would wait for an operator).
                // Only `sudo -S` keeps the channel as stdin: it reads its password line from there.
                var readsPassword = cmd.NeedsRoot && Elevation == Elevation.Sudo && SudoReadsPassword;
                var line = prefix + cmd.ToShell() + (readsPassword ? "" : " </dev/null");
                // $svmrc still holds the previous command's status here.
                if (cmd.OnlyIfPreviousSucceeded && i > 0)
                    sb.Append("if [ \"$svmrc\" = 0 ]; then ").Append(line).Append("; svmrc=$?; else svmrc=").Append(RemoteCommand.Skipped.ToString(CultureInfo.InvariantCulture)).Append("; fi\n");
                else
                    sb.Append(line).Append("\nsvmrc=$?\n");
                // The empty echo guarantees the end marker starts a line even if the tool's output did not end in one.
                sb.Append("echo ''; echo \"").Append(m).Append(":end:$svmrc\"; echo '' >&2; echo '").Append(m).Append(":end' >&2\n");
            }
            return sb.ToString();
        }

        /// <summary>Splits the combined output of the script back into one result per command.</summary>
        public IReadOnlyList<CommandResult> Split(string stdout, string stderr)
        {
            var results = new List<CommandResult>(_commands.Count);
            for (var i = 0; i < _commands.Count; i++)
            {
                var m = Marker(i);
                string? outText, errText, exitText;
                if (StreamsLastStdout && i == _commands.Count - 1)
                {
                    outText = string.Empty; // went to the sink
                    errText = Section(stderr, m, out exitText);
                }
                else
                {
                    outText = Section(stdout, m, out exitText);
                    errText = Section(stderr, m, out _);
                }
                int? exit = null;
                if (exitText != null && int.TryParse(exitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)) exit = code;
                results.Add(new CommandResult(_commands[i], outText ?? string.Empty, errText ?? string.Empty, exit));
            }
            return results;
        }

        private static string? Section(string text, string marker, out string? exitText)
        {
            exitText = null;
            var begin = marker + ":begin\n";
            var start = text.IndexOf(begin, StringComparison.Ordinal);
            if (start < 0) return null;
            start += begin.Length;
            var endTag = "\n" + marker + ":end";
            // The "\n" of the empty echo always precedes the end tag, so an empty output ends at `start`.
            var end = text.IndexOf(endTag, start, StringComparison.Ordinal);
            if (end < 0) return null;
            var tail = end + endTag.Length;
            if (tail < text.Length && text[tail] == ':')
            {
                var nl = text.IndexOf('\n', tail);
                exitText = text.Substring(tail + 1, (nl < 0 ? text.Length : nl) - tail - 1);
            }
            return text.Substring(start, end - start);
        }
    }
}
