using System;
using System.Collections.Generic;
using System.Globalization;
using SvmBackup.Model;

namespace SvmBackup.Parsing;

/// <summary>
/// Reads Solaris <c>/etc/mnttab</c>: one mount per line, fields separated by TABs (special, mount point, type,
/// options, time). Lines without TABs are accepted only with exactly five blank-separated fields ending in a
/// number (TABs expanded by a terminal); anything else (prompts, echoed commands) is skipped.
/// </summary>
public static class MnttabParser
{
    /// <summary>Parses the whole file text.</summary>
    public static IReadOnlyList<MnttabEntry> Parse(string text)
    {
        var entries = new List<MnttabEntry>();
        foreach (var raw in TextLines.Split(text))
        {
            var line = raw.TrimEnd(' ');
            if (line.Trim().Length == 0)
                continue;
            string[] f;
            if (line.IndexOf('\t') >= 0)
            {
                f = line.Split('\t');
                if (f.Length < 4)
                    continue;
            }
            else
            {
                f = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                if (f.Length != 5 || !long.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    continue;
            }
            if (f[1].Length == 0 || f[1][0] != '/')
                continue;
            long? time = null;
            if (f.Length > 4 && long.TryParse(f[4].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var t))
                time = t;
            entries.Add(new MnttabEntry
            {
                Special = f[0],
                MountPoint = f[1],
                FileSystemType = f[2],
                Options = f[3],
                MountTime = time,
            });
        }
        return entries.AsReadOnly();
    }
}
