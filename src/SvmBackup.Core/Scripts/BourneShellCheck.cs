using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace SvmBackup.Scripts
{
    /// <summary>
    /// Solaris 10's /bin/sh is a Bourne shell, not POSIX: it has no $( ), [[ ]], local, ${var#...}/${var%...}
    /// or $(( )). Every script the module sends is checked against this list (by the tests, and in debug builds).
    /// </summary>
    public static class BourneShellCheck
    {
        private static readonly (Regex Pattern, string Why)[] Rules =
        {
            (new Regex(@"\$\(\("), "$(( )) arithmetic"),
            (new Regex(@"\$\("), "$( ) command substitution"),
            (new Regex(@"\[\["), "[[ ]] test"),
            (new Regex(@"(^|[;&|\s])local\s"), "local"),
            (new Regex(@"\$\{[A-Za-z_][A-Za-z0-9_]*(#|%|/|:[0-9])"), "${var#...}/${var%...}/${var/...}/${var:n} expansion"),
            (new Regex(@"(^|\s)function\s"), "function keyword"),
            (new Regex(@"<<<"), "here-string"),
            (new Regex(@"(^|\s)source\s"), "source (use .)"),
            (new Regex(@"&>"), "&> redirection"),
        };

        /// <summary>Returns one description per construct the Bourne shell would not understand; empty when the script is fine.</summary>
        public static IReadOnlyList<string> Violations(string script)
        {
            var found = new List<string>();
            // Quoted text is data, not syntax: blank out single-quoted strings before checking.
            var code = Regex.Replace(script, "'[^']*'", "''");
            foreach (var (pattern, why) in Rules)
                if (pattern.IsMatch(code)) found.Add(why);
            return found;
        }
    }
}
