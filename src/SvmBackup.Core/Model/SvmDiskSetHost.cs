using System;

namespace SvmBackup.Model;

/// <summary>A host row of <c>metaset</c> output.</summary>
public class SvmDiskSetHost
{
    /// <summary>Host (node) name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Owner column as printed: <c>Yes</c>, empty, <c>Yes (auto)</c>, <c>No (auto)</c>, <c>multi-owner</c>.</summary>
    public string OwnerText { get; set; } = "";

    /// <summary>True when the Owner column says <c>Yes</c> (also <c>Yes (auto)</c>) or <c>multi-owner</c>.</summary>
    public bool IsOwner =>
        OwnerText.StartsWith("Yes", StringComparison.Ordinal) || OwnerText == "multi-owner";

    /// <summary>Multi-owner sets: the Member column (<c>Yes</c>/<c>No</c>); null for traditional sets.</summary>
    public bool? IsMember { get; set; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
