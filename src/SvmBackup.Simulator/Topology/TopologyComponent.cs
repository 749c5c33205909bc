namespace SvmBackup.Simulator.Topology;

public sealed class TopologyComponent
{
    public string Name { get; set; } = "";
    public long StartBlock { get; set; }
    public bool Dbase { get; set; }
    public string? DevId { get; set; }
}
