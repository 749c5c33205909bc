using System.Collections.Generic;

namespace SvmBackup.Parsing;

/// <summary>One line of <c>metastat -c</c> (svm-formats.md §2.8).</summary>
public sealed class ConciseEntry
{
    internal ConciseEntry(string name, char type, string? size, int depth, string? parent, IReadOnlyList<ConciseMember> members)
    {
        Name = name;
        Type = type;
        Size = size;
        Depth = depth;
        Parent = parent;
        Members = members;
    }

    /// <summary>Name as printed (with set prefix in a disk set).</summary>
    public string Name { get; }

    /// <summary><c>m</c> mirror, <c>s</c> stripe/concat, <c>r</c> RAID, <c>p</c> soft partition, <c>t</c> trans, <c>h</c> hot spare pool.</summary>
    public char Type { get; }

    /// <summary>Size as printed (<c>2.0GB</c>), or null for <c>-</c>.</summary>
    public string? Size { get; }

    /// <summary>Nesting level (4 spaces each); 0 for top-level objects.</summary>
    public int Depth { get; }

    /// <summary>Name of the enclosing entry one level up, or null at top level.</summary>
    public string? Parent { get; }

    /// <summary>Children listed on the line, in order.</summary>
    public IReadOnlyList<ConciseMember> Members { get; }
}
