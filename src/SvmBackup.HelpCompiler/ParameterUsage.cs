using System.Collections.Generic;
using System.Linq;

namespace SvmBackup.HelpCompiler;

/// <summary>
/// One yaml block of a parameter: the sets it applies to (AllSets for "(All)") and how the parameter binds there.
/// Position is null for "Named". PipelineInput is the yaml text, e.g. "True (ByValue, ByPropertyName)" or "False".
/// </summary>
public sealed record ParameterUsage(IReadOnlyList<string> Sets, bool AllSets, bool Required, int? Position, string PipelineInput, int Line)
{
    public bool ByValue => PipelineInput.StartsWith("True", System.StringComparison.OrdinalIgnoreCase) && PipelineInput.Contains("ByValue", System.StringComparison.OrdinalIgnoreCase);

    public bool ByPropertyName => PipelineInput.StartsWith("True", System.StringComparison.OrdinalIgnoreCase) && PipelineInput.Contains("ByPropertyName", System.StringComparison.OrdinalIgnoreCase);

    public bool AppliesTo(string set) => AllSets || Sets.Contains(set);
}
