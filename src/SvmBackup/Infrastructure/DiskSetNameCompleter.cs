using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace SvmBackup.PowerShell.Infrastructure
{
    /// <summary>Completes disk set names from the last inventories of the sessions in scope (no round trip while typing).</summary>
    public sealed class DiskSetNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var names = CompletionSources.Sessions(fakeBoundParameters)
                .SelectMany(s => s.LastDiskSets.Select(d => d.Name).Concat(s.LastMirrors.Select(m => m.DiskSet)))
                .Where(n => n != null).Select(n => n!);
            return CompletionSources.Results(names, wordToComplete);
        }
    }
}
