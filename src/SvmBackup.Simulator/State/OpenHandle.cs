namespace SvmBackup.Simulator.State;

/// <summary>A metadevice held open by a reader (ufsdump); stale when the owning process is gone.</summary>
internal sealed class OpenHandle
{
    public string Device { get; set; } = "";
    public int Pid { get; set; }
    public string Token { get; set; } = "";
}
