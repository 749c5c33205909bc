using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SvmBackup.Simulator.Rendering;

namespace SvmBackup.Simulator.Tools;

/// <summary>
/// /etc/dumpdates as dumpitime.c reads and rewrites it: readitimes() stops at the first line makeidate() rejects
/// (sscanf "%258s %c %128[^\n]\n" short of three fields, or unctime() failing) after printing
/// "Malformed entry in dump record file `/etc/dumpdates', line N"; putitime() writes back only the records it read,
/// each reformatted with DUMPOUTFMT "%-32s %c %s" and ctime(), and truncates the rest.
/// </summary>
internal static class DumpdatesFile
{
    public const string FileName = "/etc/dumpdates"; // NINCREM

    internal readonly struct Record
    {
        public Record(string name, char level, DateTime date)
        {
            Name = name;
            Level = level;
            Date = date;
        }

        public string Name { get; }
        public char Level { get; }
        public DateTime Date { get; }
    }

    /// <summary>A missing file reads as empty: SUNWcsr ships /etc/dumpdates, so a Solaris 10 host always has one.</summary>
    public static List<Record> Read(ToolContext ctx, string path)
    {
        var records = new List<Record>();
        if (!File.Exists(path))
        {
            return records;
        }
        var text = File.ReadAllText(path);
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[lines.Count - 1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1); // fgets: no line after the final newline
        }
        for (var i = 0; i < lines.Count; i++)
        {
            if (!TryScan(lines[i], out var record))
            {
                ctx.Err("  DUMP: Malformed entry in dump record file `" + FileName + "', line " + (i + 1) + "\n");
                break;
            }
            records.Add(record);
        }
        return records;
    }

    public static void Write(string path, IEnumerable<Record> records) =>
        File.WriteAllText(path, string.Concat(records.Select(r => r.Name.PadRight(32) + " " + r.Level + " " + SolarisDate.Format(r.Date) + "\n")));

    private static bool TryScan(string line, out Record record)
    {
        record = default;
        var i = Skip(line, 0);
        var start = i;
        while (i < line.Length && !char.IsWhiteSpace(line[i]) && i - start < 258)
        {
            i++;
        }
        if (i == start)
        {
            return false;
        }
        var name = line.Substring(start, i - start);
        i = Skip(line, i);
        if (i >= line.Length)
        {
            return false;
        }
        var level = line[i++];
        i = Skip(line, i);
        if (i >= line.Length || !SolarisDate.TryUnctime(line.Substring(i, Math.Min(128, line.Length - i)), out var date))
        {
            return false;
        }
        record = new Record(name, level, date);
        return true;
    }

    private static int Skip(string s, int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
        return i;
    }
}
