using System.Collections.Generic;

namespace SvmBackup.Parsing;

/// <summary>Result of <see cref="MetastatParser.ParseMdTab"/>.</summary>
public sealed class MdTabResult
{
    internal MdTabResult(IReadOnlyList<MdTabMirror> mirrors, IReadOnlyList<MdTabStripe> stripes, IReadOnlyList<string> otherLines)
    {
        Mirrors = mirrors;
        Stripes = stripes;
        OtherLines = otherLines;
    }

    /// <summary>Mirror lines in order.</summary>
    public IReadOnlyList<MdTabMirror> Mirrors { get; }

    /// <summary>Stripe/concat lines in order (submirrors and stand-alone concats).</summary>
    public IReadOnlyList<MdTabStripe> Stripes { get; }

    /// <summary>Other md.tab entries (RAID <c>-r</c>, soft partitions <c>-p</c>, trans <c>-t</c>, hot spare pools), continuation joined.</summary>
    public IReadOnlyList<string> OtherLines { get; }
}
