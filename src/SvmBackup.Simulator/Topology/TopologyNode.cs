using System.Collections.Generic;

namespace SvmBackup.Simulator.Topology;

public sealed class TopologyNode
{
    public string Name { get; set; } = "";
    /// <summary>mnttab entries, in order.</summary>
    public List<TopologyMount> Mounts { get; set; } = new List<TopologyMount>();
    /// <summary>Local-set metadevices, in driver order (mirrors reference their submirrors by name).</summary>
    public List<TopologyMetadevice> Metadevices { get; set; } = new List<TopologyMetadevice>();
    /// <summary>Existing directories on non-SVM file systems (lockfs of such a path applies to the containing fs).</summary>
    public List<string> Directories { get; set; } = new List<string>();
}
