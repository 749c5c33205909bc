namespace SvmBackup.Simulator.State;

/// <summary>A drive of a disk set as metaset lists it.</summary>
internal sealed class DriveEntry
{
    public string Name { get; set; } = "";
    public bool Dbase { get; set; } = true;
}
