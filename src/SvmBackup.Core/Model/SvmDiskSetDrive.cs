namespace SvmBackup.Model;

/// <summary>A drive row of <c>metaset</c> output.</summary>
public class SvmDiskSetDrive
{
    /// <summary>Drive name, e.g. <c>c1t6d0</c> or <c>d4</c> (DID).</summary>
    public string Name { get; set; } = "";

    /// <summary>True when the drive holds a state database replica (<c>Dbase Yes</c>).</summary>
    public bool HasStateDatabase { get; set; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
