using System;

namespace SvmBackup.Simulator;

/// <summary>The header record of a simulated ufsdump image.</summary>
public sealed class DumpHeader
{
    public string Device { get; set; } = "";
    public string Node { get; set; } = "";
    public int Level { get; set; }
    public DateTime DateUtc { get; set; }
    public long SizeBlocks { get; set; }
}
