using System.Collections.Generic;

namespace SvmBackup.HelpCompiler;

/// <summary>An entry of ## INPUTS or ## OUTPUTS: a type name and what it means for this cmdlet.</summary>
public sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);
