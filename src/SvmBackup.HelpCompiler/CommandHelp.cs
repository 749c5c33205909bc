using System.Collections.Generic;

namespace SvmBackup.HelpCompiler;

/// <summary>One cmdlet's help as read from its markdown file; the MAML writer needs nothing else.</summary>
public sealed record CommandHelp(
    string Name,
    string SourceFile,
    string Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<SyntaxSet> ParameterSets,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<RelatedLink> Links)
{
    /// <summary>Verb and noun as MAML's command:details wants them (Verb-Noun, split at the first dash).</summary>
    public string Verb => Name.Split('-', 2)[0];

    public string Noun => Name.Contains('-') ? Name.Split('-', 2)[1] : "";
}
