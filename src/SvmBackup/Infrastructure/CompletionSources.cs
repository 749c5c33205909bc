using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SvmBackup.Sessions;

namespace SvmBackup.PowerShell.Infrastructure
{
    /// <summary>Shared by the argument completers: the sessions in scope and the result list.</summary>
    internal static class CompletionSources
    {
        /// <summary>The -Session already typed, else every session of this runspace.</summary>
        public static IEnumerable<SvmSession> Sessions(IDictionary fakeBoundParameters)
        {
            if (fakeBoundParameters != null && fakeBoundParameters.Contains("Session"))
            {
                var value = fakeBoundParameters["Session"];
                var items = value is IEnumerable e && !(value is string) ? e.Cast<object>() : new[] { value };
                var typed = items.Select(i => (i as PSObject)?.BaseObject ?? i).OfType<SvmSession>().ToArray();
                if (typed.Length > 0) return typed;
            }
            return SessionRegistry.All();
        }

        public static IEnumerable<CompletionResult> Results(IEnumerable<string> names, string wordToComplete)
        {
            var prefix = (wordToComplete ?? "").Trim('\'', '"');
            return names.Distinct(StringComparer.Ordinal)
                .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .OrderBy(n => n, StringComparer.Ordinal)
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
        }
    }
}
