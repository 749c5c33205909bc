namespace SvmBackup.Scripts
{
    /// <summary>What one command of a <see cref="RemoteBatch"/> printed, and its exit status (null if it never finished).</summary>
    public sealed class CommandResult
    {
        public CommandResult(RemoteCommand command, string stdout, string stderr, int? exitCode)
        {
            Command = command;
            Stdout = stdout;
            Stderr = stderr;
            ExitCode = exitCode;
        }

        public RemoteCommand Command { get; }
        public string Stdout { get; }
        public string Stderr { get; }
        public int? ExitCode { get; }
        public bool Succeeded => ExitCode == 0;
    }
}
