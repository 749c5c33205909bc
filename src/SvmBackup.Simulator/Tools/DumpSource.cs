using System.Collections.Generic;

namespace SvmBackup.Simulator.Tools;

/// <summary>What ufsdump is dumping, resolved and opened (registered as an open handle while it reads).</summary>
internal sealed class DumpSource
{
    public string RawName { get; set; } = "";
    public string? MountedOn { get; set; }
    public string BackingPath { get; set; } = "";
    public List<long> Chunks { get; set; } = new List<long>();
    public long SizeBlocks { get; set; }
}
