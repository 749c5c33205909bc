using System;

namespace SvmBackup.Scripts
{
    /// <summary>Why elevation failed, from sudo's own messages.</summary>
    public enum ElevationFailure
    {
        NotInSudoers,
        NotPermitted,
        WrongPassword,
        PasswordRequired,
        Other,
    }

    /// <summary>sudo (or pfexec) refused to run a command as root.</summary>
    public sealed class SvmElevationException : Exception
    {
        public SvmElevationException(string computerName, RemoteCommand command, ElevationFailure reason, string detail)
            : base(Compose(computerName, command, reason, detail))
        {
            ComputerName = computerName;
            Command = command;
            Reason = reason;
        }

        public string ComputerName { get; }
        public RemoteCommand Command { get; }
        public ElevationFailure Reason { get; }

        private static string Compose(string node, RemoteCommand command, ElevationFailure reason, string detail)
        {
            string why;
            switch (reason)
            {
                case ElevationFailure.NotInSudoers: why = "the login user is not in the sudoers file"; break;
                case ElevationFailure.NotPermitted: why = "sudoers does not permit this command for the login user"; break;
                case ElevationFailure.WrongPassword: why = "sudo rejected the password of the credential"; break;
                case ElevationFailure.PasswordRequired: why = "sudo needs a password: give -Credential (its password is written to sudo's stdin), or allow the command with NOPASSWD"; break;
                default: why = "sudo failed"; break;
            }
            return $"Cannot run '{command}' as root on {node}: {why}. sudo said: {detail}";
        }
    }
}
