using System.Collections.Generic;
using SvmBackup.Model;

namespace SvmBackup.Operations
{
    /// <summary>What the read-only preflight found: the mirror, the submirror to split, and why that one.</summary>
    public sealed class BackupPreflight
    {
        public SvmMirror Mirror { get; set; } = null!;
        public string Submirror { get; set; } = "";
        public string RawDevice { get; set; } = "";
        /// <summary>Why this submirror (the /etc/dumpdates base of an incremental, or the last Okay one).</summary>
        public string? ChoiceReason { get; set; }
        /// <summary>ufsdump's size estimate, when it was asked for (a dump into a local file).</summary>
        public long? EstimatedBytes { get; set; }
        /// <summary>Undo steps taken for an interrupted earlier run of the same owner, before the preflight proper.</summary>
        public List<SvmRepairAction> Recovered { get; } = new List<SvmRepairAction>();
        public string? RecoveredRunId { get; set; }
        public List<string> Warnings { get; } = new List<string>();
    }
}
