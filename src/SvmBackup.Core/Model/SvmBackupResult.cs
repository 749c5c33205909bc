using System;
using System.Collections.Generic;

namespace SvmBackup.Model;

/// <summary>One online backup of a mirror, as Backup-SvmMirror ran it (also when it failed: partial results are kept).</summary>
public class SvmBackupResult
{
    public SvmBackup.Sessions.SvmSession? Session { get; set; }

    /// <summary>This run's id: in the local journal (Get-SvmBackupJournal) and the host marker while a submirror is out.</summary>
    public string? RunId { get; set; }

    /// <summary>The run's local journal file.</summary>
    public string? JournalPath { get; set; }

    /// <summary>An interrupted earlier run of the same owner whose undo this run finished first.</summary>
    public string? RecoveredRunId { get; set; }

    public string ComputerName { get; set; } = "";
    public string? DiskSet { get; set; }
    public string Mirror { get; set; } = "";
    public string Submirror { get; set; } = "";
    public string? MountPoint { get; set; }
    public SvmSplitMethod Method { get; set; }
    public int Level { get; set; }
    public string Target { get; set; } = "";
    public long? Bytes { get; set; }
    public string? Sha256 { get; set; }
    public DateTime Start { get; set; }
    public DateTime? End { get; set; }
    public TimeSpan? Duration => End - Start;

    /// <summary>lockfs -w requested → lockfs -u done, measured on the host by the trapped lock-split-unlock script.</summary>
    public TimeSpan? WriteLockWindow { get; set; }

    /// <summary>Host clock (UTC): lockfs -w requested, lock held, lockfs -u done — as the trapped script recorded them.</summary>
    public DateTime? LockRequestedAt { get; set; }
    public DateTime? LockedAt { get; set; }
    public DateTime? UnlockedAt { get; set; }

    /// <summary>The whole trapped script's split window on the host (equals the lock window unless -NoLock).</summary>
    public TimeSpan? SplitWindow { get; set; }

    /// <summary>Split → rejoin: how long the mirror ran with one copy fewer.</summary>
    public TimeSpan? TimeWithoutRedundancy { get; set; }

    /// <summary>Remote round trips this backup used.</summary>
    public long RoundTrips { get; set; }

    /// <summary>Succeeded, Failed (something failed, the host was put back), or Incomplete (the host was NOT put back; see the error).</summary>
    public string Status { get; set; } = "Running";

    public SvmDumpResult? Dump { get; set; }
    public UfsCheckResult? Check { get; set; }
    public SvmMirror? FinalMirror { get; set; }
    public List<string> Warnings { get; } = new List<string>();

    /// <summary>Each step with its command, exit status and duration, in order.</summary>
    public List<SvmBackupStep> Steps { get; } = new List<SvmBackupStep>();

    /// <summary>d1, or schost-1/d0 in a disk set.</summary>
    public string FullName => SvmDevicePath.FullName(DiskSet, Mirror);

    public override string ToString() => $"{SvmDevicePath.FullName(DiskSet, Mirror)} on {ComputerName}: {Status}";
}
