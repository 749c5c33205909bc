namespace SvmBackup.Simulator.Topology;

public sealed class TopologyDrive
{
    public string Name { get; set; } = "";
    public bool Dbase { get; set; } = true;
}
