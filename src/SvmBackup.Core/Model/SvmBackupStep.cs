using System;

namespace SvmBackup.Model;

/// <summary>One step of a backup as it ran: its Solaris command, exit status and duration.</summary>
public class SvmBackupStep
{
    /// <summary>recover, lock-split, check, dump, rejoin, wait.</summary>
    public string Name { get; set; } = "";
    public string Command { get; set; } = "";

    /// <summary>Done, Failed, Skipped (declined or not reached) or WhatIf.</summary>
    public string Status { get; set; } = "";
    public int? ExitCode { get; set; }
    public DateTime Start { get; set; }
    public TimeSpan Duration { get; set; }

    public override string ToString() => $"{Name}: {Status} ({Command})";
}
