using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using SvmBackup.Model;

namespace SvmBackup.Parsing;

/// <summary>
/// Reads <c>metaset</c> / <c>metaset -s name</c> output (svm-formats.md §3). Tolerates both the code's layout (blank
/// line before each drive, no indent) and the older documented one (indented rows, no blank lines).
/// </summary>
public static class MetasetParser
{
    private const RegexOptions Opts = RegexOptions.CultureInvariant;
    private static readonly Regex SetLine = new Regex(
        @"^(?<mo>Multi-owner )?Set name = (?<name>[^,\s]+), Set number = (?<num>\d+)(?:, Master = (?<master>\S*))?", Opts);
    private static readonly Regex HostHeader = new Regex(@"^Host\s+Owner\b", Opts);
    private static readonly Regex MediatorHeader = new Regex(@"^Mediator Host\(s\)", Opts);
    private static readonly Regex DriveHeader = new Regex(@"^Drive\s+Dbase$", Opts);

    private enum Section { None, Hosts, Mediators, Drives }

    /// <summary>Parses every set block in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<SvmDiskSet> Parse(string text, string computerName)
    {
        var sets = new List<SvmDiskSet>();
        SvmDiskSet? set = null;
        List<SvmDiskSetHost> hosts = new List<SvmDiskSetHost>();
        List<string> mediators = new List<string>();
        List<SvmDiskSetDrive> drives = new List<SvmDiskSetDrive>();
        var section = Section.None;

        void Flush()
        {
            if (set == null) return;
            set.Hosts = hosts.ToArray();
            set.MediatorHosts = mediators.ToArray();
            set.Drives = drives.ToArray();
            sets.Add(set);
            hosts = new List<SvmDiskSetHost>();
            mediators = new List<string>();
            drives = new List<SvmDiskSetDrive>();
        }

        var lines = TextLines.Split(text);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
                continue;
            Match m;
            if ((m = SetLine.Match(line)).Success)
            {
                Flush();
                set = new SvmDiskSet
                {
                    ComputerName = computerName ?? "",
                    Name = m.Groups["name"].Value,
                    Number = int.Parse(m.Groups["num"].Value, CultureInfo.InvariantCulture),
                    IsMultiOwner = m.Groups["mo"].Success,
                    Master = m.Groups["master"].Success && m.Groups["master"].Value.Length > 0 ? m.Groups["master"].Value : null,
                };
                section = Section.None;
                continue;
            }
            if (set == null)
                continue; // prompt or echoed command before the first set
            if (HostHeader.IsMatch(line)) { section = Section.Hosts; continue; }
            if (MediatorHeader.IsMatch(line)) { section = Section.Mediators; continue; }
            if (DriveHeader.IsMatch(line)) { section = Section.Drives; continue; }

            var tokens = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            switch (section)
            {
                case Section.Hosts:
                    if (line == "...")
                        break;
                    var host = new SvmDiskSetHost { Name = tokens[0] };
                    if (set.IsMultiOwner)
                    {
                        var last = tokens[tokens.Length - 1];
                        if (tokens.Length > 1 && (last == "Yes" || last == "No"))
                            host.IsMember = last == "Yes";
                        host.OwnerText = Array.IndexOf(tokens, "multi-owner") > 0 ? "multi-owner" : "";
                    }
                    else
                        host.OwnerText = string.Join(" ", tokens, 1, tokens.Length - 1);
                    hosts.Add(host);
                    break;
                case Section.Mediators:
                    mediators.Add(tokens[0]);
                    break;
                case Section.Drives:
                    if (tokens.Length >= 2 && (tokens[1] == "Yes" || tokens[1] == "No"))
                        drives.Add(new SvmDiskSetDrive { Name = tokens[0], HasStateDatabase = tokens[1] == "Yes" });
                    break;
            }
        }
        Flush();
        return sets.AsReadOnly();
    }
}
