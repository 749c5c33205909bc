using System.Collections.Generic;

namespace SvmBackup.Simulator.State;

/// <summary>A traditional (single-owner) disk set shared by its hosts.</summary>
internal sealed class DiskSetState
{
    public string Name { get; set; } = "";
    public int Number { get; set; }
    public List<string> Hosts { get; set; } = new List<string>();
    public string? Owner { get; set; }
    public List<DriveEntry> Drives { get; set; } = new List<DriveEntry>();
    public List<Metadevice> Devices { get; set; } = new List<Metadevice>();
}
