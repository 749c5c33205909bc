namespace SvmBackup.HelpCompiler;

/// <summary>A parameter set named under ## SYNTAX; its order there is the order of the syntax items.</summary>
public sealed record SyntaxSet(string Name, bool IsDefault, string SyntaxLine);
