using System;

namespace SvmBackup.Operations
{
    /// <summary>What the trapped lock-split-unlock script reported, with host-side times (UTC).</summary>
    public sealed class FreezeSplitThawResult
    {
        public int? ExitCode { get; set; }
        public int? SplitExitCode { get; set; }
        public DateTime? LockRequestedAt { get; set; }
        public DateTime? LockedAt { get; set; }
        public DateTime? UnlockedAt { get; set; }

        /// <summary>False only if the host reported the lock taken and no successful unlock.</summary>
        public bool Unlocked { get; set; }

        /// <summary>From lockfs -w being requested to lockfs -u done, measured on the host.</summary>
        public TimeSpan? WriteLockWindow => LockRequestedAt.HasValue && UnlockedAt.HasValue ? UnlockedAt - LockRequestedAt : null;

        /// <summary>Another backup's marker was there: nothing was changed.</summary>
        public bool Busy { get; set; }

        /// <summary>This run's marker was made on the host.</summary>
        public bool Marked { get; set; }

        /// <summary>The marker's entries could not be made (exit 14): nothing was locked or split; the trap removed it.</summary>
        public bool MarkFailed { get; set; }

        public int? FreezeExitCode { get; set; }
        public int? ThawExitCode { get; set; }

        public string Stdout { get; set; } = "";
        public string Stderr { get; set; } = "";
        public string Script { get; set; } = "";
    }
}
