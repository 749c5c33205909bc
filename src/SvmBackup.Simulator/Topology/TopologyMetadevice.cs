using System.Collections.Generic;

namespace SvmBackup.Simulator.Topology;

/// <summary>"mirror" (Submirrors) or "stripe" (Components, SizeBlocks, Interlace when more than one component).</summary>
public sealed class TopologyMetadevice
{
    public string Name { get; set; } = "";
    public string Type { get; set; } = "stripe";
    public List<string> Submirrors { get; set; } = new List<string>();
    public int Pass { get; set; } = 1;
    public long SizeBlocks { get; set; }
    public long Interlace { get; set; }
    public List<TopologyComponent> Components { get; set; } = new List<TopologyComponent>();
}
