using System.Collections.Generic;

namespace SvmBackup.HelpCompiler;

/// <summary>
/// A ### -Name entry. A parameter that is mandatory or positional in one set and not in another has one yaml block
/// (usage) per distinct behaviour, as platyPS writes it; the first usage stands for the parameter in MAML's
/// command:parameters, each set's own usage goes into that set's syntax item.
/// </summary>
public sealed record ParameterHelp(
    string Name,
    IReadOnlyList<string> Description,
    string Type,
    IReadOnlyList<string> Aliases,
    string DefaultValue,
    bool AcceptsWildcards,
    IReadOnlyList<ParameterUsage> Usages)
{
    public bool IsSwitch => Type is "SwitchParameter" or "System.Management.Automation.SwitchParameter";
}
