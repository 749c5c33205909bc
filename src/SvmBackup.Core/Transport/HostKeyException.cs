namespace SvmBackup.Transport
{
    /// <summary>The host key was not trusted: unknown, changed (possible man-in-the-middle) or revoked.</summary>
    public sealed class HostKeyException : SvmConnectionException
    {
        public HostKeyException(HostKeyVerdict verdict, string message) : base(message) { Verdict = verdict; }

        public HostKeyVerdict Verdict { get; }
    }
}
