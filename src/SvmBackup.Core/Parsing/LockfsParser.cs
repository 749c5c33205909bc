using System;
using System.Collections.Generic;
using SvmBackup.Model;

namespace SvmBackup.Parsing;

/// <summary>
/// `lockfs` / `lockfs -a` status: a header "Filesystem Locktype Comment" then "%-20s %-10s %s" rows (a longer
/// path pushes the columns right; lockfs.c printstatusline). An "EIO  May be hard locked" row is kept as locktype "EIO".
/// </summary>
public static class LockfsParser
{
    public static IReadOnlyList<UfsLock> Parse(string text, string computerName)
    {
        var locks = new List<UfsLock>();
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0 || line.StartsWith("Filesystem ", StringComparison.Ordinal)) continue;
            var parts = line.Split(new[] { ' ' }, 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !parts[0].StartsWith("/", StringComparison.Ordinal)) continue;
            locks.Add(new UfsLock
            {
                ComputerName = computerName,
                MountPoint = parts[0],
                LockType = parts[1],
                Comment = parts.Length > 2 ? parts[2].Trim() : "",
            });
        }
        return locks;
    }
}
