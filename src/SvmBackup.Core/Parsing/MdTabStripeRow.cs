using System.Collections.Generic;

namespace SvmBackup.Parsing;

/// <summary>One row of a stripe/concat line in <c>metastat -p</c>.</summary>
public sealed class MdTabStripeRow
{
    internal MdTabStripeRow(IReadOnlyList<string> components, long? interlaceBlocks)
    {
        Components = components;
        InterlaceBlocks = interlaceBlocks;
    }

    /// <summary>Components as metastat's full report names them (<c>c0t0d0s0</c>; DID paths kept whole).</summary>
    public IReadOnlyList<string> Components { get; }

    /// <summary>Interlace in 512-byte blocks (<c>-i 32b</c>), or null when not printed.</summary>
    public long? InterlaceBlocks { get; }
}
