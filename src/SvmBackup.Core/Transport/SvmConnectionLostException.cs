namespace SvmBackup.Transport
{
    /// <summary>
    /// An established connection dropped. Raised instead of reconnecting silently: after a drop mid-command the
    /// host's state (locked? offlined?) is unknown until re-read, so only the caller can decide what is safe.
    /// </summary>
    public sealed class SvmConnectionLostException : SvmConnectionException
    {
        public SvmConnectionLostException(string message, System.Exception? inner = null) : base(message, inner) { }
    }
}
