using System;
using System.Text;

namespace SvmBackup.Scripts
{
    /// <summary>Quoting for the Solaris 10 Bourne shell (and every POSIX shell).</summary>
    public static class ShellQuote
    {
        /// <summary>
        /// Wraps a value in single quotes; an embedded single quote becomes <c>'\''</c>.
        /// Single quotes are the only quoting in which the Bourne shell expands nothing.
        /// </summary>
        public static string Quote(string value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            if (value.IndexOf('\0') >= 0) throw new ArgumentException("A NUL character cannot be passed to a shell.", nameof(value));
            var sb = new StringBuilder(value.Length + 2);
            sb.Append('\'');
            foreach (var c in value)
            {
                if (c == '\'') sb.Append("'\\''");
                else sb.Append(c);
            }
            sb.Append('\'');
            return sb.ToString();
        }
    }
}
