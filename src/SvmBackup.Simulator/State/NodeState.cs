using System.Collections.Generic;

namespace SvmBackup.Simulator.State;

/// <summary>One simulated Solaris host: its mnttab and its local-set metadevices.</summary>
internal sealed class NodeState
{
    public string Name { get; set; } = "";
    public List<MountEntry> Mounts { get; set; } = new List<MountEntry>();
    public List<Metadevice> Devices { get; set; } = new List<Metadevice>();
    /// <summary>Directories on non-SVM file systems that exist (for lockfs path lookups).</summary>
    public List<string> Directories { get; set; } = new List<string>();
}
