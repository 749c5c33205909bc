using System;

namespace SvmBackup.Scripts
{
    /// <summary>Recognises sudo's refusals in a command's stderr (sudo 1.8/1.9 texts, C locale).</summary>
    public static class SudoErrors
    {
        /// <summary>Null when stderr holds no sudo refusal.</summary>
        public static ElevationFailure? Detect(string stderr, out string line)
        {
            line = "";
            foreach (var raw in stderr.Split('\n'))
            {
                var l = raw.Trim();
                if (l.IndexOf("is not in the sudoers file", StringComparison.Ordinal) >= 0) { line = l; return ElevationFailure.NotInSudoers; }
                if (l.IndexOf("is not allowed to execute", StringComparison.Ordinal) >= 0) { line = l; return ElevationFailure.NotPermitted; }
                if (l.IndexOf("incorrect password attempt", StringComparison.Ordinal) >= 0 || l == "Sorry, try again.") { line = l; return ElevationFailure.WrongPassword; }
                if (l.StartsWith("sudo: a password is required", StringComparison.Ordinal) || l.StartsWith("sudo: no password was provided", StringComparison.Ordinal)
                    || l.StartsWith("sudo: a terminal is required", StringComparison.Ordinal) || l.StartsWith("sudo: no tty present", StringComparison.Ordinal))
                { line = l; return ElevationFailure.PasswordRequired; }
                if (l.StartsWith("sudo: ", StringComparison.Ordinal) && l.IndexOf("command not found", StringComparison.Ordinal) < 0) { line = l; return ElevationFailure.Other; }
            }
            return null;
        }
    }
}
