namespace SvmBackup.Model;

/// <summary>One undo step Repair-SvmMirror (or a re-run of Backup-SvmMirror) took — or, under -WhatIf, would take.</summary>
public class SvmRepairAction
{
    public SvmBackup.Sessions.SvmSession? Session { get; set; }
    public string ComputerName { get; set; } = "";
    public string? DiskSet { get; set; }
    public string Mirror { get; set; } = "";

    /// <summary>The interrupted backup this undoes, when known (host marker or journal).</summary>
    public string? RunId { get; set; }

    /// <summary>Unlock, Rejoin or ClearMarker.</summary>
    public string Action { get; set; } = "";

    /// <summary>The mount point unlocked, the submirror rejoined (schost-1/d30), or the marker cleared.</summary>
    public string Target { get; set; } = "";

    /// <summary>The Solaris command.</summary>
    public string Command { get; set; } = "";

    internal SvmBackup.Scripts.RemoteCommand? RemoteCommand { get; set; }

    public bool Done { get; set; }

    public override string ToString() => $"{ComputerName}: {Command} ({(Done ? "done" : "not done")})";
}
