using System;
using SvmBackup.Model;
using SvmBackup.Scripts;

namespace SvmBackup.Operations
{
    /// <summary>One mirror's backup as Backup-SvmMirror asks for it (validated by the cmdlet; names again by the commands).</summary>
    public sealed class MirrorBackupRequest
    {
        public string? DiskSet { get; set; }
        /// <summary>The mirror (d1); empty when given by <see cref="MountPoint"/> (the preflight fills it in).</summary>
        public string Mirror { get; set; } = "";
        public string? MountPoint { get; set; }
        /// <summary>Null: chosen by the preflight.</summary>
        public string? Submirror { get; set; }
        public SvmSplitMethod Method { get; set; } = SvmSplitMethod.Offline;
        public int Level { get; set; }
        public bool UpdateDumpDates { get; set; }
        public SvmDumpTargetKind TargetKind { get; set; }
        /// <summary>Tape device or file on the host.</summary>
        public string? HostTarget { get; set; }
        /// <summary>Local file (streamed dump).</summary>
        public string? LocalPath { get; set; }
        /// <summary>Replace an existing local file.</summary>
        public bool Overwrite { get; set; }
        /// <summary>fsck -n the split copy before the dump.</summary>
        public bool Check { get; set; } = true;
        /// <summary>fsck -y instead of -n: only for a detached copy (the cluster procedure); refused for an offlined one.</summary>
        public bool RepairCopy { get; set; }
        /// <summary>Do not write-lock (raw volumes, or a file system the caller quiesces with the freeze hooks).</summary>
        public bool NoLock { get; set; }
        public RemoteCommand? Freeze { get; set; }
        public RemoteCommand? Thaw { get; set; }
        public bool WaitForResync { get; set; }
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
        public string JournalDirectory { get; set; } = "";
        public BackupOwner Owner { get; set; } = null!;
    }
}
