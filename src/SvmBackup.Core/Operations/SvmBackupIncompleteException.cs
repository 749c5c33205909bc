using System;

namespace SvmBackup.Operations
{
    /// <summary>
    /// The host was NOT put back: a file system may still be write-locked or a submirror is still out of its mirror.
    /// The message says exactly what state the host is in; <see cref="RecoveryCommand"/> is the one thing to run.
    /// </summary>
    public sealed class SvmBackupIncompleteException : InvalidOperationException
    {
        public SvmBackupIncompleteException(string errorId, string message, string recoveryCommand, Exception? inner = null) : base(message, inner)
        {
            ErrorId = errorId;
            RecoveryCommand = recoveryCommand;
        }

        /// <summary>FileSystemLeftLocked, SubmirrorNotRejoined or SubmirrorLeftOut.</summary>
        public string ErrorId { get; }

        public string RecoveryCommand { get; }
    }
}
