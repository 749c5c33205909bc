namespace SvmBackup.Simulator.State;

/// <summary>A slice inside a stripe row.</summary>
internal sealed class Component
{
    public string Name { get; set; } = "";
    public long StartBlock { get; set; }
    public bool Dbase { get; set; }
    /// <summary>Recorded device id; when present metastat shows Reloc Yes and lists it in the relocation trailer.</summary>
    public string? DevId { get; set; }
}
