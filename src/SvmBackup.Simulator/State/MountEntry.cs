namespace SvmBackup.Simulator.State;

/// <summary>One /etc/mnttab line.</summary>
internal sealed class MountEntry
{
    public string Special { get; set; } = "";
    public string MountPoint { get; set; } = "";
    public string FsType { get; set; } = "ufs";
    public string Options { get; set; } = "";
    public long Time { get; set; }

    /// <summary>Cluster global mounts are one file system seen from every node, so they share one lock.</summary>
    public bool IsGlobal => ("," + Options + ",").Contains(",global,");
}
