using System;
using System.Collections.Generic;

namespace SvmBackup.Simulator.State;

/// <summary>Everything the simulated cluster knows; persisted as one JSON file so every process sees one consistent world.</summary>
internal sealed class HostState
{
    public int Version { get; set; } = 1;
    /// <summary>When the configuration was created: the state time of anything that never changed (metastat -t).</summary>
    public DateTime CreatedUtc { get; set; }
    public SimulatorOptions Options { get; set; } = new SimulatorOptions();
    public List<NodeState> Nodes { get; set; } = new List<NodeState>();
    public List<DiskSetState> Sets { get; set; } = new List<DiskSetState>();
    public List<FsLock> Locks { get; set; } = new List<FsLock>();
    public List<SimulatorFault> Faults { get; set; } = new List<SimulatorFault>();
    public List<OpenHandle> Opens { get; set; } = new List<OpenHandle>();
}
