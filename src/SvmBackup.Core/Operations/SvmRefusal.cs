namespace SvmBackup.Operations
{
    /// <summary>Why a step refused to act. The names are the stable error ids of the cmdlets.</summary>
    public enum SvmRefusal
    {
        /// <summary>Write-locking / hangs the host (SVM Administration Guide).</summary>
        RootFileSystem,
        /// <summary>The path is not a mount point in /etc/mnttab: lockfs would lock the file system that contains it.</summary>
        NotMounted,
        /// <summary>Only UFS has lockfs locks.</summary>
        NotUfs,
        ResyncInProgress,
        SubmirrorNotFound,
        MirrorNotFound,
        /// <summary>The submirror to split is not Okay (metaoffline needs -f, which this module only passes with -Force).</summary>
        SubmirrorNotOkay,
        /// <summary>No other Okay submirror would remain: the mirror would have no readable copy.</summary>
        LastReadableSubmirror,
        /// <summary>The submirror has erred components (metadetach needs -f).</summary>
        ErredComponents,
        /// <summary>A rejoin was asked for a submirror that is not split the way it says.</summary>
        SubmirrorNotSplit,
        /// <summary>The mirror is not healthy (not every submirror Okay): no backup may start from it.</summary>
        MirrorNotHealthy,
        /// <summary>The elevation would need a password the trapped unlock could not supply after a hang-up.</summary>
        UnsafeElevation,
        /// <summary>Another backup of this mirror is running (or was interrupted and belongs to someone else): its run id is in the message.</summary>
        BackupInProgress,
        /// <summary>The disk set is owned by another node than the one(s) given.</summary>
        NotSetOwner,
        /// <summary>Two mirrors of one run would overwrite each other's dump (same file, or a rewinding tape).</summary>
        TargetConflict,
        /// <summary>The tape drive cannot be opened (no tape, offline, busy, no such device): mt's own words say which.</summary>
        TargetNotReady,
        /// <summary>The folder the dump file would be written to does not exist.</summary>
        TargetDirectoryMissing,
        /// <summary>The folder the dump file would be written to is not writable (for root on the host).</summary>
        TargetNotWritable,
        /// <summary>The dump file already exists (and replacing it was not allowed), or is something ufsdump refuses to write to.</summary>
        TargetExists,
        /// <summary>The local folder has less free space than ufsdump's size estimate.</summary>
        InsufficientSpace,
    }
}
