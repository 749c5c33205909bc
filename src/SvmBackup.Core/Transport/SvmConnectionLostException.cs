namespace SvmBackup.Transport
{
    /// <summary>
    /// An established connection dropped. Raised instead of reconnecting silently: after a drop mid-command the
    /// host's state (locked? offlined?) is unknown until re-read, so only the caller can decide what is safe.
    /// </summary>
    public sealed class SvmConnectionLostException : SvmConnectionException
    {
        public SvmConnectionLostException(string message, System.Exception? inner = null) : base(message, inner) { }

        /// <summary>
        /// The process group of the script that was running when the connection dropped (null if its PID was never
        /// seen): it may still be running on the host, and whoever re-reads the host must wait for it to end first.
        /// </summary>
        public int? RemoteProcessGroup { get; set; }

        /// <summary>The unique tag at the start of that script's command line, to find it when its PID was never seen.</summary>
        public string? RemoteTag { get; set; }
    }
}
