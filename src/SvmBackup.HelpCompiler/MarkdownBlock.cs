namespace SvmBackup.HelpCompiler;

/// <summary>
/// A piece of a section body: a ### heading (Text), a fenced block (Info = the language, Text = the content) or a
/// paragraph (consecutive lines joined with a space, as markdown renders them). Line is 1-based, for errors.
/// </summary>
public sealed record MarkdownBlock(MarkdownBlockKind Kind, string Text, string Info, int Line);
