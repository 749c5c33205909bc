using System;

namespace SvmBackup.Model;

/// <summary>One step record of a backup journal: a changing step began, finished or failed.</summary>
public class SvmBackupJournalEvent
{
    /// <summary>When the record was written (UTC).</summary>
    public DateTime Time { get; set; }

    /// <summary>The step, e.g. lock-split, dump, rejoin.</summary>
    public string Step { get; set; } = "";

    /// <summary>begin, done, failed...</summary>
    public string Phase { get; set; } = "";

    public string? Detail { get; set; }

    public override string ToString() => Step + ":" + Phase + (Detail == null ? "" : " " + Detail);
}
