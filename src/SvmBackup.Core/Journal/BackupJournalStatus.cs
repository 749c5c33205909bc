namespace SvmBackup.Journal
{
    /// <summary>The statuses of a journalled run: the value of its last status line, or Running when it has none.</summary>
    public static class BackupJournalStatus
    {
        /// <summary>No status line: still running, or interrupted before it could write one.</summary>
        public const string Running = "Running";
        public const string Succeeded = "Succeeded";
        public const string Failed = "Failed";

        /// <summary>Ended, but something may be left on the host (a lock, a split submirror) to undo.</summary>
        public const string Incomplete = "Incomplete";

        /// <summary>A later recovery undid what the run left.</summary>
        public const string Recovered = "Recovered";

        /// <summary>The statuses Finish may write.</summary>
        internal static bool IsFinal(string status) =>
            status == Succeeded || status == Failed || status == Incomplete || status == Recovered;
    }
}
