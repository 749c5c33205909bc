using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SvmBackup.Parsing;

/// <summary>
/// <c>metastat -p</c> reader (svm-formats.md §2.9). Accepts the pre-2006 short names (<c>d10</c>, <c>c0t0d0s0</c>)
/// and the later raw paths (<c>/dev/md/rdsk/d10</c>, <c>/dev/rdsk/c0t0d0s0</c>). Lines whose first word is not
/// a metadevice name (prompts, echoed commands, comments) are ignored; a mirror or stripe line that does not
/// follow the grammar throws.
/// </summary>
internal static class MdTabParser
{
    private static readonly Regex Interlace = new Regex(@"^(?<n>\d+)(?<unit>[bkmgBKMG]?)$", RegexOptions.CultureInvariant);

    public static MdTabResult Parse(string text)
    {
        var mirrors = new List<MdTabMirror>();
        var stripes = new List<MdTabStripe>();
        var others = new List<string>();
        foreach (var entry in LogicalLines(TextLines.Split(text)))
        {
            var tokens = entry.Text.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length < 2 || !MetaName.IsName(tokens[0]))
                continue;
            if (tokens[1] == "-m")
                mirrors.Add(ParseMirror(tokens, entry));
            else if (IsNumber(tokens[1]))
                stripes.Add(ParseStripe(tokens, entry));
            else
                others.Add(string.Join(" ", tokens));
        }
        return new MdTabResult(mirrors.AsReadOnly(), stripes.AsReadOnly(), others.AsReadOnly());
    }

    private struct LogicalLine
    {
        public string Text;
        public int LineNumber;
    }

    // Joins "\\\n\t" continuations and drops comments ('#' at line start or after a blank, as in md.tab).
    private static IEnumerable<LogicalLine> LogicalLines(string[] lines)
    {
        string? pending = null;
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripComment(lines[i]).TrimEnd();
            if (pending == null)
                start = i + 1;
            var continued = line.EndsWith("\\", StringComparison.Ordinal);
            if (continued)
                line = line.Substring(0, line.Length - 1);
            pending = pending == null ? line : pending + " " + line;
            if (!continued)
            {
                yield return new LogicalLine { Text = pending, LineNumber = start };
                pending = null;
            }
        }
        if (pending != null)
            yield return new LogicalLine { Text = pending, LineNumber = start };
    }

    private static string StripComment(string line)
    {
        for (var i = 0; i < line.Length; i++)
            if (line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
                return line.Substring(0, i);
        return line;
    }

    private static MdTabMirror ParseMirror(string[] t, LogicalLine entry)
    {
        MetaName.Split(t[0], null, out var set, out var name);
        var members = new List<string>();
        var read = "roundrobin";
        var write = "parallel";
        int? pass = null;
        for (var i = 2; i < t.Length; i++)
        {
            var tok = t[i];
            if (pass != null)
                throw Error("text after the pass number", entry);
            switch (tok)
            {
                case "-g": read = "geometric"; continue;
                case "-r": read = "first"; continue;
                case "-S": write = "serial"; continue;
            }
            if (IsNumber(tok))
                pass = int.Parse(tok, CultureInfo.InvariantCulture);
            else if (tok.StartsWith("-", StringComparison.Ordinal))
                throw Error("unknown mirror option " + tok, entry);
            else
            {
                MetaName.Split(tok, set, out var memberSet, out var member);
                if (!MetaName.IsName(member))
                    throw Error("bad submirror name " + tok, entry);
                set ??= memberSet;
                members.Add(member);
            }
        }
        if (members.Count == 0)
            throw Error("mirror without submirrors", entry);
        return new MdTabMirror(set, name, members.AsReadOnly(), read, write, pass ?? 1);
    }

    private static MdTabStripe ParseStripe(string[] t, LogicalLine entry)
    {
        MetaName.Split(t[0], null, out var set, out var name);
        var rowCount = int.Parse(t[1], CultureInfo.InvariantCulture);
        var rows = new List<MdTabStripeRow>();
        var i = 2;
        for (var r = 0; r < rowCount; r++)
        {
            if (i >= t.Length || !IsNumber(t[i]))
                throw Error($"row {r}: component count missing", entry);
            var count = int.Parse(t[i++], CultureInfo.InvariantCulture);
            var components = new List<string>();
            for (var c = 0; c < count; c++)
            {
                if (i >= t.Length || t[i].StartsWith("-", StringComparison.Ordinal))
                    throw Error($"row {r}: expected {count} components", entry);
                components.Add(MetaName.Component(t[i++]));
            }
            long? interlace = null;
            if (i < t.Length && t[i] == "-i")
            {
                if (i + 1 >= t.Length)
                    throw Error("-i without a value", entry);
                interlace = ParseInterlace(t[i + 1], entry);
                i += 2;
            }
            rows.Add(new MdTabStripeRow(components.AsReadOnly(), interlace));
        }
        string? hsp = null;
        if (i < t.Length && t[i] == "-h" && i + 1 < t.Length)
        {
            hsp = t[i + 1];
            i += 2;
        }
        if (i != t.Length)
            throw Error("unexpected text after the stripe rows: " + t[i], entry);
        return new MdTabStripe(set, name, rows.AsReadOnly(), hsp);
    }

    private static long ParseInterlace(string text, LogicalLine entry)
    {
        var m = Interlace.Match(text);
        if (!m.Success)
            throw Error("bad interlace " + text, entry);
        var n = long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        switch (m.Groups["unit"].Value.ToLowerInvariant())
        {
            case "k": return n * 2;
            case "m": return n * 2048;
            case "g": return n * 2048 * 1024;
            default: return n; // "b" or bare: blocks
        }
    }

    private static bool IsNumber(string s)
    {
        if (s.Length == 0 || s.Length > 9)
            return false;
        foreach (var c in s)
            if (c < '0' || c > '9')
                return false;
        return true;
    }

    private static SvmParseException Error(string what, LogicalLine entry) =>
        new SvmParseException("metastat -p: " + what + ".", entry.LineNumber, entry.Text);
}
