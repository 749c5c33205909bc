namespace SvmBackup.Simulator.Topology;

public sealed class TopologyMount
{
    public string Special { get; set; } = "";
    public string MountPoint { get; set; } = "";
    public string FsType { get; set; } = "ufs";
    public string Options { get; set; } = "rw,intr,largefiles,logging,xattr,onerror=panic";
}
