using System.Collections.Generic;

namespace SvmBackup.HelpCompiler;

/// <summary>An example: the heading text ("Example 1: title"), the code block and the paragraphs after it.</summary>
public sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);
