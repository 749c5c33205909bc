namespace SvmBackup.Model;

/// <summary>One undo step Repair-SvmMirror took (or, under -WhatIf, would take).</summary>
public class SvmRepairAction
{
    public SvmBackup.Sessions.SvmSession? Session { get; set; }
    public string ComputerName { get; set; } = "";

    /// <summary>Unlock or Rejoin.</summary>
    public string Action { get; set; } = "";

    /// <summary>The mount point unlocked, or the submirror rejoined (schost-1/d30).</summary>
    public string Target { get; set; } = "";

    /// <summary>The Solaris command.</summary>
    public string Command { get; set; } = "";

    public bool Done { get; set; }

    public override string ToString() => $"{ComputerName}: {Command} ({(Done ? "done" : "not done")})";
}
