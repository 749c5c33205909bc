using System;
using SvmBackup.Parsing;

namespace SvmBackup.Operations
{
    /// <summary>ufsdump ended with a non-zero status (3 = aborted); the message is ufsdump's own words.</summary>
    public sealed class SubmirrorDumpException : Exception
    {
        public SubmirrorDumpException(string message, int? exitCode, UfsdumpMessages messages) : base(message)
        {
            ExitCode = exitCode;
            Messages = messages;
        }

        public int? ExitCode { get; }
        public UfsdumpMessages Messages { get; }

        /// <summary>ufsdump asked for an operator (tape not ready, cannot open the output) and aborted without a tty.</summary>
        public bool NeedsAttention => Messages.NeedsAttention != null;
    }
}
