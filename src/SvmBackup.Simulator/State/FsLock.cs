namespace SvmBackup.Simulator.State;

/// <summary>A lockfs lock on one file system (key = node:mountpoint, or global:mountpoint for cluster global mounts).</summary>
internal sealed class FsLock
{
    public string Key { get; set; } = "";
    public string Type { get; set; } = "write";
    public string Comment { get; set; } = "";
}
