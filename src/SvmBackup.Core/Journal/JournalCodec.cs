using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using SvmBackup.Model;

namespace SvmBackup.Journal
{
    /// <summary>The line format of <see cref="BackupJournal"/> (described there): writing records and reading them back tolerantly.</summary>
    internal static class JournalCodec
    {
        public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

        /// <summary>Longer lines are not records (a garbage file): they are skipped without being held in memory.</summary>
        private const int MaxLineChars = 64 * 1024;

        public static readonly Encoding Utf8 = new UTF8Encoding(false);

        /// <summary>One record with its newline: time TAB key TAB values joined by TAB; null values end the record.</summary>
        public static string Line(DateTime utc, string key, params string?[] values)
        {
            var sb = new StringBuilder(FormatTime(utc)).Append('\t').Append(key);
            foreach (var v in values)
            {
                if (v == null) break;
                sb.Append('\t').Append(Sanitize(v));
            }
            return sb.Append('\n').ToString();
        }

        /// <summary>
        /// Tabs, CR, LF and every other control or line-separator character become spaces: a value can never end its
        /// record or start a forged one.
        /// </summary>
        public static string Sanitize(string value)
        {
            var chars = value.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsControl(chars[i]) || chars[i] == '\u2028' || chars[i] == '\u2029') chars[i] = ' ';
            }
            return new string(chars);
        }

        public static string FormatTime(DateTime time) => ToUtc(time).ToString(TimeFormat, CultureInfo.InvariantCulture);

        public static DateTime ToUtc(DateTime time) => time.Kind == DateTimeKind.Utc ? time : time.ToUniversalTime();

        public static bool TryParseTime(string text, out DateTime utc) =>
            DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out utc);

        /// <summary>
        /// The run in a journal file, or null when it is not one (no run record, or one naming another run). Skips lines
        /// it cannot read, unknown keys, and the last line when it has no newline: that write never completed.
        /// </summary>
        public static SvmBackupJournalEntry? Parse(TextReader reader, string runId, string path)
        {
            var entry = new SvmBackupJournalEntry { Path = path };
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var sawRun = false;
            foreach (var line in CompleteLines(reader))
            {
                var f = line.Split('\t');
                if (f.Length < 3 || !TryParseTime(f[0], out var time)) continue;
                var key = f[1];
                var value = f[2];
                if (key == "step")
                {
                    if (f.Length < 4 || value.Length == 0 || f[3].Length == 0) continue;
                    var e = new SvmBackupJournalEvent { Time = time, Step = value, Phase = f[3], Detail = f.Length > 4 ? f[4] : null };
                    entry.Events.Add(e);
                    entry.LastStep = e.Step;
                    entry.LastPhase = e.Phase;
                    continue;
                }
                if (key == "status")
                {
                    if (!BackupJournalStatus.IsFinal(value)) continue;
                    entry.Status = value;
                    entry.StatusDetail = f.Length > 3 ? f[3] : null;
                    entry.Ended = time;
                    continue;
                }
                // A header key counts once: nothing appended later can rewrite what the run was.
                if (!seen.Add(key)) continue;
                switch (key)
                {
                    case "run":
                        if (!string.Equals(value, runId, StringComparison.Ordinal)) return null;
                        sawRun = true;
                        entry.RunId = value;
                        entry.Started = time;
                        break;
                    case "host": entry.ComputerName = value; break;
                    case "port": entry.Port = ParseInt(value); break;
                    case "user": entry.UserName = value; break;
                    case "set": entry.DiskSet = value; break;
                    case "mirror": entry.Mirror = value; break;
                    case "submirror": entry.Submirror = value; break;
                    case "method":
                        if (Enum.TryParse<SvmSplitMethod>(value, true, out var method) && Enum.IsDefined(typeof(SvmSplitMethod), method)) entry.Method = method;
                        break;
                    case "mount": entry.MountPoint = value; break;
                    case "level": entry.Level = ParseInt(value); break;
                    case "target": entry.Target = value; break;
                    case "owner": entry.Owner = value; break;
                    case "client": entry.ClientMachine = value; break;
                    case "pid": entry.ClientProcessId = ParseInt(value); break;
                    case "pidstart":
                        if (TryParseTime(value, out var start)) entry.ClientProcessStart = start;
                        break;
                }
            }
            return sawRun ? entry : null;
        }

        private static int ParseInt(string text) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

        /// <summary>The newline-terminated lines (a CR before the newline dropped), none longer than <see cref="MaxLineChars"/>.</summary>
        private static IEnumerable<string> CompleteLines(TextReader reader)
        {
            var buffer = new char[4096];
            var line = new StringBuilder();
            var tooLong = false;
            int n;
            while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                for (var i = 0; i < n; i++)
                {
                    var c = buffer[i];
                    if (c == '\n')
                    {
                        if (!tooLong) yield return line.ToString().TrimEnd('\r');
                        line.Clear();
                        tooLong = false;
                    }
                    else if (!tooLong)
                    {
                        if (line.Length < MaxLineChars) line.Append(c);
                        else { tooLong = true; line.Clear(); }
                    }
                }
            }
        }
    }
}
