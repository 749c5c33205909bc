using System.Collections.Generic;

namespace SvmBackup.Simulator.Topology;

public sealed class TopologyDiskSet
{
    public string Name { get; set; } = "";
    public int Number { get; set; } = 1;
    public List<string> Hosts { get; set; } = new List<string>();
    public string? Owner { get; set; }
    public List<TopologyDrive> Drives { get; set; } = new List<TopologyDrive>();
    /// <summary>Names without the set prefix ("d0").</summary>
    public List<TopologyMetadevice> Metadevices { get; set; } = new List<TopologyMetadevice>();
}
