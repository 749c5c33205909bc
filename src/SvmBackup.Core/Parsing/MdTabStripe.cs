using System.Collections.Generic;
using System.Linq;
using SvmBackup.Model;

namespace SvmBackup.Parsing;

/// <summary>A stripe/concat line of <c>metastat -p</c>: <c>d10 2 1 c0t0d0s0 \ 1 c0t1d0s0 [-h hsp001]</c>.</summary>
public sealed class MdTabStripe
{
    internal MdTabStripe(string? diskSet, string name, IReadOnlyList<MdTabStripeRow> rows, string? hotSparePool)
    {
        DiskSet = diskSet;
        Name = name;
        Rows = rows;
        HotSparePool = hotSparePool;
    }

    /// <summary>Disk set, or null for the local set.</summary>
    public string? DiskSet { get; }

    /// <summary>Name without set prefix.</summary>
    public string Name { get; }

    /// <summary><c>d10</c> or <c>schost-1/d10</c>.</summary>
    public string FullName => SvmDevicePath.FullName(DiskSet, Name);

    /// <summary>Rows in order.</summary>
    public IReadOnlyList<MdTabStripeRow> Rows { get; }

    /// <summary>All components of all rows, in order.</summary>
    public IReadOnlyList<string> Components => Rows.SelectMany(r => r.Components).ToList().AsReadOnly();

    /// <summary>Hot spare pool (<c>-h</c>), or null.</summary>
    public string? HotSparePool { get; }
}
