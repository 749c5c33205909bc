using System;
using System.Text.RegularExpressions;

namespace SvmBackup.Parsing;

/// <summary>Splits metadevice names as tools print them: <c>d10</c>, <c>blue/d10</c>, <c>/dev/md/rdsk/d10</c>, <c>/dev/md/blue/rdsk/d10</c>.</summary>
internal static class MetaName
{
    // A metadevice name (letter first) optionally prefixed by a set name (set names may start with a digit).
    public const string Pattern = @"(?:[A-Za-z0-9][A-Za-z0-9._-]*/)?[A-Za-z][A-Za-z0-9._-]*";

    private static readonly Regex MdPath = new Regex(
        @"^/dev/md/(?:(?<set>[^/]+)/)?r?dsk/(?<name>[^/]+)$", RegexOptions.CultureInvariant);

    private static readonly Regex Name = new Regex("^" + Pattern + "$", RegexOptions.CultureInvariant);

    public static bool IsName(string text) => Name.IsMatch(text);

    /// <summary>Returns the set (or <paramref name="defaultSet"/> when none is printed) and the bare name.</summary>
    public static void Split(string printed, string? defaultSet, out string? set, out string name)
    {
        var m = MatchMdPath(printed);
        if (m.Success)
        {
            set = m.Groups["set"].Success ? m.Groups["set"].Value : defaultSet;
            name = m.Groups["name"].Value;
            return;
        }
        var slash = printed.IndexOf('/');
        if (slash > 0)
        {
            set = printed.Substring(0, slash);
            name = printed.Substring(slash + 1);
            return;
        }
        set = defaultSet;
        name = printed;
    }

    // Most names are bare ("d10"): the literal start spares them the regex.
    private static Match MatchMdPath(string printed) =>
        printed.StartsWith("/dev/md/", StringComparison.Ordinal) ? MdPath.Match(printed) : Match.Empty;

    /// <summary>Normalises an empty set name to null (the local set).</summary>
    public static string? NormalizeSet(string? set) => string.IsNullOrWhiteSpace(set) ? null : set!.Trim();

    /// <summary>Disk slice as metastat's full report names it: strips <c>/dev/rdsk/</c> and <c>/dev/dsk/</c>; other paths (DID) are kept.</summary>
    public static string Component(string printed)
    {
        if (printed.StartsWith("/dev/rdsk/", StringComparison.Ordinal))
            return printed.Substring("/dev/rdsk/".Length);
        if (printed.StartsWith("/dev/dsk/", StringComparison.Ordinal))
            return printed.Substring("/dev/dsk/".Length);
        var m = MatchMdPath(printed);
        return m.Success ? m.Groups["name"].Value : printed;
    }
}
