using System;

namespace SvmBackup.Model;

/// <summary>What Backup-SvmMirror would do (-PlanOnly): each step with its exact Solaris command, and the trapped script.</summary>
public class SvmBackupPlan
{
    public string ComputerName { get; set; } = "";
    public string? DiskSet { get; set; }
    public string Mirror { get; set; } = "";
    public string Submirror { get; set; } = "";
    public string? MountPoint { get; set; }
    public SvmSplitMethod Method { get; set; }

    /// <summary>"step: command" in order (lock-split-unlock, check, dump, rejoin[, wait]).</summary>
    public string[] Steps { get; set; } = Array.Empty<string>();

    /// <summary>The lock-split-unlock script exactly as it would be sent (Bourne shell, with its traps).</summary>
    public string FreezeScript { get; set; } = "";

    public override string ToString() => $"{SvmDevicePath.FullName(DiskSet, Mirror)} on {ComputerName}: {Steps.Length} steps";
}
