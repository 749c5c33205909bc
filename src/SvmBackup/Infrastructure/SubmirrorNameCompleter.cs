using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace SvmBackup.PowerShell.Infrastructure
{
    /// <summary>Completes submirror names, of the -Mirror already typed when there is one, from the last inventory.</summary>
    public sealed class SubmirrorNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var mirror = fakeBoundParameters != null && fakeBoundParameters.Contains("Mirror") ? fakeBoundParameters["Mirror"]?.ToString() : null;
            var names = CompletionSources.Sessions(fakeBoundParameters!)
                .SelectMany(s => s.LastMirrors)
                .Where(m => mirror == null || m.Name == mirror || m.FullName == mirror)
                .SelectMany(m => m.Submirrors.Select(sm => sm.Name));
            return CompletionSources.Results(names, wordToComplete);
        }
    }
}
