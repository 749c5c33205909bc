using System;
using System.Collections.Generic;

namespace SvmBackup.Model;

/// <summary>
/// One backup run as its local journal recorded it (Get-SvmBackupJournal): what was backed up, by whom, and the last
/// changing step reached. A run whose journal has no status line was interrupted (Status Running, unless its process
/// still runs).
/// </summary>
public class SvmBackupJournalEntry
{
    /// <summary>yyyyMMddTHHmmssZ-xxxxxxxx: sortable and safe as a file name.</summary>
    public string RunId { get; set; } = "";

    public string ComputerName { get; set; } = "";
    public int Port { get; set; }
    public string? UserName { get; set; }

    /// <summary>Disk set, or null for the local set.</summary>
    public string? DiskSet { get; set; }

    /// <summary>The mirror, without set prefix: d1, d0.</summary>
    public string Mirror { get; set; } = "";

    /// <summary>The submirror split off for the dump, without set prefix: d3, d30.</summary>
    public string Submirror { get; set; } = "";

    public SvmSplitMethod Method { get; set; }
    public string? MountPoint { get; set; }

    /// <summary>ufsdump level.</summary>
    public int Level { get; set; }

    /// <summary>Where the dump went (tape, host file or local file).</summary>
    public string? Target { get; set; }

    /// <summary>Who ran it: an opaque token (an Azure Automation job id, or client/pid/process start).</summary>
    public string Owner { get; set; } = "";

    /// <summary>The machine the run's PowerShell ran on.</summary>
    public string ClientMachine { get; set; } = "";

    public int ClientProcessId { get; set; }

    /// <summary>Start of that process (UTC), so a reused process id is not taken for the run still going.</summary>
    public DateTime? ClientProcessStart { get; set; }

    /// <summary>UTC.</summary>
    public DateTime Started { get; set; }

    /// <summary>Time of the last status line (UTC); null while Running.</summary>
    public DateTime? Ended { get; set; }

    /// <summary>Running (no status line yet), Succeeded, Failed, Incomplete or Recovered: the last status line wins.</summary>
    public string Status { get; set; } = SvmBackup.Journal.BackupJournalStatus.Running;

    /// <summary>The detail of the last status line.</summary>
    public string? StatusDetail { get; set; }

    public string? LastStep { get; set; }
    public string? LastPhase { get; set; }

    /// <summary>The journal file.</summary>
    public string? Path { get; set; }

    /// <summary>Every step record, in the order written.</summary>
    public List<SvmBackupJournalEvent> Events { get; set; } = new List<SvmBackupJournalEvent>();

    public bool IsFinished => Status != SvmBackup.Journal.BackupJournalStatus.Running;

    public override string ToString() => $"{RunId} {SvmDevicePath.FullName(DiskSet, Mirror)} on {ComputerName}: {Status}";
}
