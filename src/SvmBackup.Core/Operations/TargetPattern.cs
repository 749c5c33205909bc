using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SvmBackup.Operations
{
    /// <summary>Dump target names for many mirrors: {host} {set} {mirror} {level} {date}, and tape device rules.</summary>
    public static class TargetPattern
    {
        private static readonly Regex Tape = new Regex("^/dev/rmt/[0-9]+[lmhcu]?b?(n?)\\z", RegexOptions.CultureInvariant);

        /// <summary>Expands the tokens ({set} is "local" for the local set; {date} is local yyyyMMdd-HHmmss at expansion).</summary>
        public static string Expand(string pattern, string host, string? diskSet, string? mirror, int level, DateTime? now = null) =>
            pattern.Replace("{host}", host)
                   .Replace("{set}", diskSet ?? "local")
                   .Replace("{mirror}", mirror ?? "")
                   .Replace("{level}", level.ToString(CultureInfo.InvariantCulture))
                   .Replace("{date}", (now ?? DateTime.Now).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));

        /// <summary>
        /// A /dev/rmt/N[density][b]n device does not rewind on close (st(7D)), so dumps stack one after another; every
        /// other tape name rewinds and the next dump overwrites the last.
        /// </summary>
        public static bool IsNoRewindTape(string device)
        {
            var m = Tape.Match(device);
            return m.Success && m.Groups[1].Value == "n";
        }
    }
}
