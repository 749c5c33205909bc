using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace SvmBackup.PowerShell.Infrastructure
{
    /// <summary>Completes mirror names (d1, schost-1/d0) and mount points from the sessions' last inventory.</summary>
    public sealed class MirrorNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var mirrors = CompletionSources.Sessions(fakeBoundParameters).SelectMany(s => s.LastMirrors);
            var names = parameterName == "MountPoint"
                ? mirrors.Select(m => m.MountPoint).Where(p => p != null).Select(p => p!)
                : mirrors.Select(m => m.Name);
            return CompletionSources.Results(names, wordToComplete);
        }
    }
}
