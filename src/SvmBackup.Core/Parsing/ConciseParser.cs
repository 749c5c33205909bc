using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace SvmBackup.Parsing;

/// <summary><c>metastat -c</c> reader: <c>"%s%*s %c %6s"</c> + children with optional <c>(state)</c>. Non-matching lines are skipped.</summary>
public static class ConciseParser
{
    private static readonly Regex Line = new Regex(
        @"^(?<indent> *)(?<name>" + MetaName.Pattern + @")\s+(?<type>[msrpth])\s+(?<size>\S+)(?<rest>(?:\s.*)?)$",
        RegexOptions.CultureInvariant);
    private static readonly Regex Member = new Regex(@"(?<name>[^\s()]+)(?:\s*\((?<state>[^)]*)\))?", RegexOptions.CultureInvariant);

    /// <summary>Parses all lines, in order.</summary>
    public static IReadOnlyList<ConciseEntry> Parse(string text)
    {
        var entries = new List<ConciseEntry>();
        var stack = new List<string>();
        foreach (var raw in TextLines.Split(text))
        {
            var m = Line.Match(raw.TrimEnd());
            if (!m.Success)
                continue;
            var depth = m.Groups["indent"].Value.Length / 4;
            while (stack.Count > depth)
                stack.RemoveAt(stack.Count - 1);
            var parent = depth > 0 && stack.Count == depth ? stack[depth - 1] : null;
            var members = new List<ConciseMember>();
            foreach (Match mm in Member.Matches(m.Groups["rest"].Value))
                members.Add(new ConciseMember(mm.Groups["name"].Value, mm.Groups["state"].Success ? mm.Groups["state"].Value : null));
            var name = m.Groups["name"].Value;
            var size = m.Groups["size"].Value;
            entries.Add(new ConciseEntry(name, m.Groups["type"].Value[0], size == "-" ? null : size, depth, parent, members.AsReadOnly()));
            if (stack.Count == depth)
                stack.Add(name);
        }
        return entries.AsReadOnly();
    }
}
