using SvmBackup.Model;

namespace SvmBackup.Parsing;

/// <summary>A top-level metastat object that is not a mirror (concat/stripe, RAID, soft partition, trans, hot spare pool), modelled minimally.</summary>
public sealed class MetastatDevice
{
    internal MetastatDevice(string? diskSet, string name, string type)
    {
        DiskSet = diskSet;
        Name = name;
        Type = type;
    }

    /// <summary>Disk set, or null for the local set.</summary>
    public string? DiskSet { get; }

    /// <summary>Name without set prefix, e.g. <c>d50</c> or <c>hsp001</c>.</summary>
    public string Name { get; }

    /// <summary>Name as printed, e.g. <c>blue/d50</c>.</summary>
    public string FullName => SvmDevicePath.FullName(DiskSet, Name);

    /// <summary>Header text after the name: <c>Concat/Stripe</c>, <c>RAID</c>, <c>Soft Partition</c>, <c>1 hot spare</c>, ...</summary>
    public string Type { get; }

    /// <inheritdoc/>
    public override string ToString() => FullName + ": " + Type;
}
