namespace SvmBackup.Transport
{
    /// <summary>Exit status and output of one remote script.</summary>
    public sealed class RemoteResult
    {
        public RemoteResult(int? exitCode, string stdout, string stderr)
        {
            ExitCode = exitCode;
            Stdout = stdout;
            Stderr = stderr;
        }

        /// <summary>Null when the remote side sent no exit status (killed by a signal, connection lost).</summary>
        public int? ExitCode { get; }
        public string Stdout { get; }
        public string Stderr { get; }
    }
}
