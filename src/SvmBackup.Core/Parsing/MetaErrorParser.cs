using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using SvmBackup.Model;

namespace SvmBackup.Parsing;

/// <summary>
/// Reads libmeta error lines <c>&lt;prog&gt;: &lt;node&gt;: [&lt;name&gt;: ]&lt;text&gt;</c> (svm-formats.md §1).
/// Only programs named <c>meta*</c> are recognised, so shell noise like <c>sh: metastat: not found</c> is not
/// mistaken for a libmeta error.
/// </summary>
public static class MetaErrorParser
{
    private static readonly Regex ErrorLine = new Regex(
        @"^(?<prog>meta[a-z]*): (?<node>[^\s:]+):(?: (?<rest>.*))?$", RegexOptions.CultureInvariant);

    // Order matters only where one text contains another ("metadevice in use" vs "is open").
    private static readonly KeyValuePair<Regex, SvmToolErrorKind>[] Texts =
    {
        Text(@"No such file or directory", SvmToolErrorKind.NoSuchFile),
        Text(@"unit not set up", SvmToolErrorKind.UnitNotSetUp),
        Text(@"no such set", SvmToolErrorKind.NoSuchSet),
        Text(@"must be owner of the set for this command", SvmToolErrorKind.NotOwnerOfSet),
        Text(@"there are no existing databases", SvmToolErrorKind.NoDatabases),
        Text(@"Permission denied\.\s+You must have root privilege to execute this command\.?", SvmToolErrorKind.NotRoot),
        Text(@"Volume administration unavailable within non-global zones\.?", SvmToolErrorKind.NonGlobalZone),
        Text(@"service\(s\) not online in SMF", SvmToolErrorKind.SmfServicesNotOnline),
        Text(@"resync in progress", SvmToolErrorKind.ResyncInProgress),
        Text(@"attempt operation on a submirror in illegal state", SvmToolErrorKind.IllegalState),
        Text(@"operation would result in no readable submirrors", SvmToolErrorKind.NoReadableSubmirrors),
        Text(@"can't find submirror in mirror", SvmToolErrorKind.CantFindSubmirror),
        Text(@"attempt to detach last running submirror", SvmToolErrorKind.LastSubmirror),
        Text(@"attempt an operation on a submirror that has erred components", SvmToolErrorKind.ErredComponents),
        Text(@"metadevice is open", SvmToolErrorKind.MetadeviceOpen),
        Text(@"metadevice in use", SvmToolErrorKind.MetadeviceInUse),
        Text(@"is mounted on \S.*", SvmToolErrorKind.MetadeviceInUse),
        Text(@"invalid unit", SvmToolErrorKind.InvalidUnit),
        Text(@"unit is not a mirror", SvmToolErrorKind.NotAMirror),
        Text(@"mirror has maximum number of submirrors", SvmToolErrorKind.MirrorFull),
        Text(@"submirror too small to attach", SvmToolErrorKind.TooSmall),
    };

    private static KeyValuePair<Regex, SvmToolErrorKind> Text(string pattern, SvmToolErrorKind kind) =>
        new KeyValuePair<Regex, SvmToolErrorKind>(
            new Regex(@"^(?:(?<name>.+?): )?(?<text>" + pattern + @")\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase),
            kind);

    /// <summary>Every libmeta error in <paramref name="stderr"/>, in order; other lines (usage, blank lines) are ignored.</summary>
    public static IReadOnlyList<SvmToolError> Parse(string? stderr)
    {
        var lines = TextLines.Split(stderr);
        var errors = new List<SvmToolError>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (TryParseAt(lines, ref i, out var error))
                errors.Add(error!);
        }
        return errors.AsReadOnly();
    }

    /// <summary>Classifies one error text (without program/node), e.g. <c>d0: resync in progress</c>.</summary>
    public static SvmToolErrorKind Classify(string text)
    {
        foreach (var t in Texts)
            if (t.Key.IsMatch(text))
                return t.Value;
        return SvmToolErrorKind.Other;
    }

    /// <summary>
    /// Reads the error starting at <paramref name="index"/>; on success <paramref name="index"/> is left on its last
    /// line (the SMF form continues on TAB-indented lines).
    /// </summary>
    internal static bool TryParseAt(string[] lines, ref int index, out SvmToolError? error)
    {
        error = null;
        var first = lines[index].TrimEnd();
        var m = ErrorLine.Match(first);
        if (!m.Success)
            return false;

        var program = m.Groups["prog"].Value;
        string? node = m.Groups["node"].Value;
        var rest = m.Groups["rest"].Value.Trim();
        var raw = first;

        if (rest.Length == 0)
        {
            // SMF check: the name is "\n\t<fmri>" per missing service, so the text continues on TAB lines.
            var parts = new List<string>();
            while (index + 1 < lines.Length && lines[index + 1].Length > 0 && char.IsWhiteSpace(lines[index + 1][0])
                   && lines[index + 1].Trim().Length > 0)
            {
                index++;
                parts.Add(lines[index].Trim());
                raw += "\n" + lines[index].TrimEnd();
            }
            rest = string.Join(" ", parts);
        }

        string? name = null;
        string message = rest;
        var kind = SvmToolErrorKind.Other;
        foreach (var t in Texts)
        {
            var tm = t.Key.Match(rest);
            if (!tm.Success)
                continue;
            kind = t.Value;
            message = tm.Groups["text"].Value;
            name = tm.Groups["name"].Success ? tm.Groups["name"].Value : null;
            break;
        }

        if (kind == SvmToolErrorKind.Other)
        {
            if (rest.StartsWith("invalid metadevice type", StringComparison.Ordinal))
            {
                // md_eprintf prints "<prog>: <name>: invalid metadevice type ..." without the node.
                name = node;
                node = null;
            }
            else
            {
                var colon = rest.IndexOf(": ", StringComparison.Ordinal);
                if (colon > 0)
                {
                    var candidate = rest.Substring(0, colon);
                    if (candidate.IndexOf(' ') < 0 || candidate.StartsWith("setname \"", StringComparison.Ordinal))
                    {
                        name = candidate;
                        message = rest.Substring(colon + 2);
                    }
                }
            }
        }

        error = new SvmToolError(program, node, name, message, kind, raw);
        return true;
    }
}
