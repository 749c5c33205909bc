namespace SvmBackup.Model;

/// <summary>One row of a submirror's component table (a disk slice or a metadevice under the stripe).</summary>
public class SvmComponent
{
    /// <summary>Component name as printed: <c>c0t0d0s0</c>, <c>d4s0</c>, <c>/dev/did/rdsk/d7s3</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Stripe row (<c>Stripe N:</c>) the component belongs to.</summary>
    public int Stripe { get; set; }

    /// <summary>Interlace of that stripe row in blocks, when the row has more than one component.</summary>
    public long? InterlaceBlocks { get; set; }

    /// <summary>First block used on the component (<c>Start Block</c>).</summary>
    public long StartBlock { get; set; }

    /// <summary>True when the slice holds a state database replica (<c>Dbase Yes</c>).</summary>
    public bool HasStateDatabase { get; set; }

    /// <summary>Component state text: <c>Okay</c>, <c>Maintenance</c>, <c>Last Erred</c>, <c>Resyncing</c>, <c>Unavailable</c>, <c>-</c>.</summary>
    public string StateText { get; set; } = "";

    /// <summary>The state as a value: Okay, Maintenance, LastErred, Resyncing, Unavailable.</summary>
    public SvmComponentState State => StateText switch
    {
        "Okay" => SvmComponentState.Okay,
        "Maintenance" => SvmComponentState.Maintenance,
        "Last Erred" => SvmComponentState.LastErred,
        "Resyncing" => SvmComponentState.Resyncing,
        "Unavailable" => SvmComponentState.Unavailable,
        "-" => SvmComponentState.NotApplicable,
        _ => SvmComponentState.Unknown,
    };

    /// <summary>True when a device id is recorded for the disk (<c>Reloc Yes</c>); false when No or the column is absent.</summary>
    public bool Relocation { get; set; }

    /// <summary>Hot spare currently replacing the component, or null.</summary>
    public string? HotSpare { get; set; }

    /// <summary>True when <see cref="State"/> is <c>Okay</c>.</summary>
    public bool IsOkay => State == SvmComponentState.Okay;

    /// <inheritdoc/>
    public override string ToString() => Name + " (" + StateText + ")";
}
