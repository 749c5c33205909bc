using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using SvmBackup.Model;

namespace SvmBackup.Parsing
{
    /// <summary>
    /// UFS fsck output (docs/svm-formats.md §7): "** dev [(NO WRITE)]", "** Last/Currently Mounted on X", the phases,
    /// questions with their answers, the summary line, the "*****" trailers, the -m verdict (stderr) and the exit code.
    /// </summary>
    public static class FsckParser
    {
        private static readonly Regex Summary = new Regex(
            @"^(?<files>\d+) files, (?<used>\d+) used, (?<free>\d+) free \((?<frags>\d+) frags, (?<blocks>\d+) blocks, (?<frag>[0-9.]+)% fragmentation\)\s*$",
            RegexOptions.CultureInvariant);
        private static readonly Regex Question = new Regex(@"^(?<q>[^*].*\?)\s+(?<a>yes|no)\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex Trailer = new Regex(@"^\*{5} (?<t>.+?) \*{5}\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex Sanity = new Regex(@"^ufs fsck: sanity check:?\s*(?<rest>.*)$", RegexOptions.CultureInvariant);

        /// <summary>Parses one fsck run of one device. Session, ComputerName and DiskSet are left for the caller.</summary>
        public static UfsCheckResult Parse(string stdout, string stderr, int exitCode, UfsCheckMode mode)
        {
            stdout ??= "";
            stderr ??= "";
            var result = new UfsCheckResult { Mode = mode, ExitCode = exitCode, Output = (stdout + stderr).TrimEnd('\n') };
            var phases = new List<string>();
            var questions = new List<string>();
            var trailers = new List<string>();
            foreach (var raw in TextLines.Split(stdout))
            {
                var line = raw.TrimEnd('\r');
                if (line.StartsWith("** ", StringComparison.Ordinal))
                {
                    var body = line.Substring(3);
                    if (body.StartsWith("Phase ", StringComparison.Ordinal)) phases.Add(body);
                    else if (body.StartsWith("Last Mounted on ", StringComparison.Ordinal)) result.MountedOn = body.Substring("Last Mounted on ".Length);
                    else if (body.StartsWith("Currently Mounted on ", StringComparison.Ordinal)) { result.MountedOn = body.Substring("Currently Mounted on ".Length); result.CurrentlyMounted = true; }
                    else if (result.Device.Length == 0)
                    {
                        const string noWrite = " (NO WRITE)";
                        if (body.EndsWith(noWrite, StringComparison.Ordinal)) { result.NoWrite = true; body = body.Substring(0, body.Length - noWrite.Length); }
                        result.Device = body.Trim();
                    }
                    continue;
                }
                Match m;
                if ((m = Summary.Match(line)).Success)
                {
                    result.Files = Long(m, "files");
                    result.UsedFragments = Long(m, "used");
                    result.FreeFragments = Long(m, "free");
                    result.FreeFrags = Long(m, "frags");
                    result.FreeBlocks = Long(m, "blocks");
                    result.Fragmentation = double.Parse(m.Groups["frag"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
                }
                else if ((m = Trailer.Match(line)).Success) trailers.Add(m.Groups["t"].Value);
                else if (line.Trim() == "FILESYSTEM MAY STILL BE INCONSISTENT.") trailers.Add(line.Trim());
                else if ((m = Question.Match(line)).Success) questions.Add(Regex.Replace(m.Groups["q"].Value.Trim(), @"\s+\?$", "?") + " " + m.Groups["a"].Value);
                else if (line.EndsWith(" IS CURRENTLY MOUNTED READ/WRITE.", StringComparison.Ordinal)) result.CurrentlyMounted = true;
            }
            foreach (var raw in TextLines.Split(stderr))
            {
                var line = raw.TrimEnd('\r');
                var m = Sanity.Match(line);
                if (m.Success) result.SanityMessage = line.Trim();
                if (line.Contains("already mounted")) result.CurrentlyMounted = true;
            }
            result.Phases = phases.ToArray();
            result.Questions = questions.ToArray();
            result.Trailers = trailers.ToArray();
            result.Modified = trailers.Any(t => t == "FILE SYSTEM WAS MODIFIED");
            result.Verdict = VerdictOf(exitCode, result);
            return result;
        }

        private static long Long(Match m, string g) => long.Parse(m.Groups[g].Value, NumberStyles.Integer, CultureInfo.InvariantCulture);

        /// <summary>fsck.h exit codes, refined by what the output says.</summary>
        public static UfsCheckVerdict VerdictOf(int exitCode, UfsCheckResult parsed)
        {
            switch (exitCode)
            {
                case 0:
                    if (parsed.Modified) return UfsCheckVerdict.Modified;
                    if (parsed.Questions.Any(q => q.EndsWith(" no", StringComparison.Ordinal))) return UfsCheckVerdict.Errors;
                    if (parsed.Trailers.Any(t => t.Contains("RERUN") || t.Contains("BAD") || t.Contains("INCONSISTENT"))) return UfsCheckVerdict.UncorrectedErrors;
                    return UfsCheckVerdict.Clean;
                case 40: return parsed.Questions.Any(q => q.EndsWith(" no", StringComparison.Ordinal)) ? UfsCheckVerdict.Errors : UfsCheckVerdict.CleanMounted;
                case 32: return UfsCheckVerdict.NeedsCheck;
                case 33: return UfsCheckVerdict.Mounted;
                case 34: return UfsCheckVerdict.NoDevice;
                case 36: return UfsCheckVerdict.UncorrectedErrors;
                default: return UfsCheckVerdict.Failed;
            }
        }
    }
}
