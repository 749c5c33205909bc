using System;
using System.Collections.Generic;
using SvmBackup.Model;

namespace SvmBackup.Parsing;

/// <summary>
/// Reads Solaris <c>/etc/dumpdates</c> (docs/svm-formats.md §6.4). ufsdump writes each record with
/// <c>DUMPOUTFMT "%-32s %c %s"</c> (name padded to 32 columns, longer names unpadded, then the level digit and
/// ctime(3) with its newline) and reads it back with <c>DUMPINFMT "%258s %c %128[^\n]\n"</c> and unctime(), which
/// takes the month, day, time and year from fixed columns of the ctime text and ignores the weekday. This parser
/// reads records the same way, but skips blank and garbage lines (prompts, echoed commands) where ufsdump stops.
/// </summary>
public static class DumpDatesParser
{
    private const string Months = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /// <summary>Every well-formed record, in file order; blank and garbage lines are skipped.</summary>
    public static IReadOnlyList<DumpDatesEntry> Parse(string? text)
    {
        var entries = new List<DumpDatesEntry>();
        var lines = Lines(text);
        for (var i = 0; i < lines.Count; i++)
        {
            if (Scan(lines[i], out var name, out var level, out var date) && level >= '0' && level <= '9')
                entries.Add(new DumpDatesEntry { Device = name, Level = level - '0', Date = date, Line = lines[i], LineNumber = i + 1 });
        }
        return entries.AsReadOnly();
    }

    /// <summary>
    /// The first line ufsdump rejects (getrecord: <c>Malformed entry in dump record file `/etc/dumpdates', line N</c>),
    /// or null. ufsdump stops reading there: it ignores that line and every later one when it looks for the base of an
    /// incremental, and the next <c>ufsdump u</c> rewrites the file without them. A blank line counts.
    /// </summary>
    public static int? FirstMalformedLine(string? text)
    {
        var lines = Lines(text);
        for (var i = 0; i < lines.Count; i++)
        {
            if (!Scan(lines[i], out _, out _, out _)) return i + 1;
        }
        return null;
    }

    /// <summary>Lines as fgets() sees them: the empty piece after a final newline is not a line.</summary>
    private static List<string> Lines(string? text)
    {
        var lines = new List<string>(TextLines.Split(text));
        if (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    /// <summary>sscanf(DUMPINFMT) followed by unctime(); false where makeidate() fails.</summary>
    private static bool Scan(string line, out string name, out char level, out DateTime date)
    {
        name = "";
        level = '\0';
        date = default;
        var i = SkipSpace(line, 0);
        var start = i;
        while (i < line.Length && !IsSpace(line[i]) && i - start < 258) i++;
        if (i == start) return false;
        name = line.Substring(start, i - start);
        i = SkipSpace(line, i);
        if (i >= line.Length) return false;
        level = line[i++];
        i = SkipSpace(line, i);
        if (i >= line.Length) return false;
        var rest = line.Substring(i, Math.Min(128, line.Length - i));
        return Unctime(rest, out date);
    }

    /// <summary>
    /// unctime.c: month from columns 4-6 (must be a C-locale abbreviation), then atoi() of columns 8, 11, 14, 17, 20 of
    /// the first 24 characters; mktime() normalises out-of-range fields, and a time before the epoch is rejected.
    /// </summary>
    private static bool Unctime(string text, out DateTime date)
    {
        date = default;
        var buf = text.Length > 24 ? text.Substring(0, 24) : text;
        if (buf.Length < 7) return false;
        var month = Months.IndexOf(buf.Substring(4, 3), StringComparison.Ordinal);
        if (month < 0 || month % 3 != 0) return false;
        var day = Atoi(buf, 8);
        var hour = Atoi(buf, 11);
        var minute = Atoi(buf, 14);
        var second = Atoi(buf, 17);
        var year = Atoi(buf, 20);
        if (year < 1970 || year > 9998) return false;
        try
        {
            date = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified)
                .AddMonths(month / 3).AddDays(day - 1L).AddHours(hour).AddMinutes(minute).AddSeconds(second);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
        return date.Year >= 1970;
    }

    /// <summary>C atoi() from <paramref name="index"/>: leading white space, a sign, digits; 0 past the end.</summary>
    private static int Atoi(string s, int index)
    {
        var i = SkipSpace(s, index);
        var negative = false;
        if (i < s.Length && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
        long value = 0;
        while (i < s.Length && s[i] >= '0' && s[i] <= '9' && value < int.MaxValue) value = value * 10 + (s[i++] - '0');
        if (value > int.MaxValue) value = int.MaxValue;
        return negative ? -(int)value : (int)value;
    }

    private static int SkipSpace(string s, int i)
    {
        while (i < s.Length && IsSpace(s[i])) i++;
        return i;
    }

    private static bool IsSpace(char c) => c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n';
}
