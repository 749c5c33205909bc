using System;

namespace SvmBackup.Sessions
{
    /// <summary>One remote command as it was run: text (secrets masked), exit status and the round trip's duration.</summary>
    public sealed class TranscriptEntry
    {
        public TranscriptEntry(DateTime startedAt, string computerName, string command, int? exitCode, TimeSpan duration, int roundTrip)
        {
            StartedAt = startedAt;
            ComputerName = computerName;
            Command = command;
            ExitCode = exitCode;
            Duration = duration;
            RoundTrip = roundTrip;
        }

        public DateTime StartedAt { get; }
        public string ComputerName { get; }

        /// <summary>The command line as sent (with its elevation prefix). Scripts never carry secrets; masked anyway.</summary>
        public string Command { get; }

        /// <summary>Null when the command never finished (timeout, cancel, lost connection).</summary>
        public int? ExitCode { get; }

        /// <summary>Duration of the round trip that carried this command (commands are batched into one script).</summary>
        public TimeSpan Duration { get; }

        /// <summary>Which round trip (script) of the session carried it.</summary>
        public int RoundTrip { get; }

        public override string ToString() => $"[{StartedAt:HH:mm:ss}] {ComputerName}: {Command} -> {(ExitCode?.ToString() ?? "none")} ({Duration.TotalMilliseconds:0} ms)";
    }
}
