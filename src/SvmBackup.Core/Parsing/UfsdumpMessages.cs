using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace SvmBackup.Parsing
{
    /// <summary>
    /// The "  DUMP: " messages ufsdump writes on stderr (docs/svm-formats.md §6.2/6.3). A NEEDS ATTENTION query
    /// without a tty continues on the same line with "  DUMP: The ENTIRE dump is aborted.": each prefix starts a message.
    /// </summary>
    public sealed class UfsdumpMessages
    {
        public const string Prefix = "  DUMP: ";

        private static readonly Regex Estimated = new Regex(@"^Estimated (?<b>\d+) blocks \((?<s>[^)]*)\)", RegexOptions.CultureInvariant);
        private static readonly Regex Progress = new Regex(@"^(?<p>[0-9.]+)% done, finished in (?<h>\d+):(?<m>\d{2})", RegexOptions.CultureInvariant);
        private static readonly Regex Done = new Regex(@"^(?<b>\d+) blocks \((?<s>[^)]*)\) on (?<v>\d+) volumes?(?: at (?<k>\d+) KB/sec)?", RegexOptions.CultureInvariant);
        private static readonly Regex LevelOn = new Regex(@"^Level (?<l>[0-9]) dump on (?<d>.+)$", RegexOptions.CultureInvariant);
        private static readonly Regex Records = new Regex(@"^Writing (?<k>\d+) Kilobyte records", RegexOptions.CultureInvariant);

        /// <summary>Every message without its prefix, in order.</summary>
        public IReadOnlyList<string> Messages { get; private set; } = Array.Empty<string>();
        /// <summary>Lines on stderr that are not DUMP messages (usage, sudo...).</summary>
        public IReadOnlyList<string> OtherLines { get; private set; } = Array.Empty<string>();
        public long? EstimatedBlocks { get; private set; }
        public int? RecordKilobytes { get; private set; }
        /// <summary>The last "% done" report, and its "finished in" time.</summary>
        public double? PercentDone { get; private set; }
        public TimeSpan? FinishedIn { get; private set; }
        public long? Blocks { get; private set; }
        public int? Volumes { get; private set; }
        public long? KBPerSecond { get; private set; }
        public bool IsDone { get; private set; }
        public bool Aborted { get; private set; }
        /// <summary>The full "Level N dump on DATE" message (only with u: /etc/dumpdates was rewritten).</summary>
        public string? DumpDatesLine { get; private set; }
        public int? DumpDatesLevel { get; private set; }
        /// <summary>The operator query ufsdump asked (and that aborted it without a tty).</summary>
        public string? NeedsAttention { get; private set; }
        /// <summary>The messages that explain a failure: queries, "Cannot ...", "Write error", "Warning", "Bad option", the abort.</summary>
        public IReadOnlyList<string> Errors { get; private set; } = Array.Empty<string>();

        public static UfsdumpMessages Parse(string? stderr)
        {
            var r = new UfsdumpMessages();
            var messages = new List<string>();
            var other = new List<string>();
            foreach (var raw in TextLines.Split(stderr))
            {
                var line = raw.TrimEnd('\r');
                if (line.Trim().Length == 0) continue;
                var idx = line.IndexOf(Prefix, StringComparison.Ordinal);
                if (idx < 0) { other.Add(line.Trim()); continue; }
                if (idx > 0 && line.Substring(0, idx).Trim().Length > 0) other.Add(line.Substring(0, idx).Trim());
                var parts = line.Substring(idx).Split(new[] { Prefix }, StringSplitOptions.RemoveEmptyEntries);
                messages.AddRange(parts.Select(p => p.TrimEnd()).Where(p => p.Length > 0));
            }
            var errors = new List<string>();
            foreach (var m in messages)
            {
                Match x;
                if ((x = Estimated.Match(m)).Success) r.EstimatedBlocks = long.Parse(x.Groups["b"].Value, CultureInfo.InvariantCulture);
                else if ((x = Records.Match(m)).Success) r.RecordKilobytes = int.Parse(x.Groups["k"].Value, CultureInfo.InvariantCulture);
                else if ((x = Progress.Match(m)).Success)
                {
                    r.PercentDone = double.Parse(x.Groups["p"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
                    r.FinishedIn = new TimeSpan(int.Parse(x.Groups["h"].Value, CultureInfo.InvariantCulture), int.Parse(x.Groups["m"].Value, CultureInfo.InvariantCulture), 0);
                }
                else if ((x = Done.Match(m)).Success)
                {
                    r.Blocks = long.Parse(x.Groups["b"].Value, CultureInfo.InvariantCulture);
                    r.Volumes = int.Parse(x.Groups["v"].Value, CultureInfo.InvariantCulture);
                    if (x.Groups["k"].Success) r.KBPerSecond = long.Parse(x.Groups["k"].Value, CultureInfo.InvariantCulture);
                }
                else if (m == "DUMP IS DONE") r.IsDone = true;
                else if ((x = LevelOn.Match(m)).Success) { r.DumpDatesLine = m; r.DumpDatesLevel = x.Groups["l"].Value[0] - '0'; }
                else if (m.StartsWith("NEEDS ATTENTION: ", StringComparison.Ordinal)) { r.NeedsAttention = m.Substring("NEEDS ATTENTION: ".Length).Trim(); errors.Add(m); }
                else if (m.StartsWith("The ENTIRE dump is aborted", StringComparison.Ordinal)) { r.Aborted = true; errors.Add(m); }
                else if (m.StartsWith("Cannot ", StringComparison.Ordinal) || m.StartsWith("Write error", StringComparison.Ordinal) ||
                         m.StartsWith("Warning", StringComparison.Ordinal) || m.StartsWith("Bad option", StringComparison.Ordinal) ||
                         m.StartsWith("Unexpected condition", StringComparison.Ordinal) || m.StartsWith("More than ", StringComparison.Ordinal) ||
                         m.StartsWith("Unrecognized UFS", StringComparison.Ordinal) || m.StartsWith("/etc/dumpdates:", StringComparison.Ordinal) ||
                         m.Contains("DUMP IS AILING") || m.StartsWith("Interrupt received", StringComparison.Ordinal))
                    errors.Add(m);
            }
            r.Messages = messages;
            r.OtherLines = other;
            r.Errors = errors;
            return r;
        }

        /// <summary>ufsdump's own words for a failure: its error messages, else every other stderr line, else the last message.</summary>
        public string FailureText()
        {
            if (Errors.Count > 0) return string.Join(" ", Errors);
            if (OtherLines.Count > 0) return string.Join(" ", OtherLines);
            return Messages.Count > 0 ? Messages[Messages.Count - 1] : "no message";
        }
    }
}
