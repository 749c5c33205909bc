namespace SvmBackup.HelpCompiler;

public enum MarkdownBlockKind
{
    Heading,
    Fence,
    Paragraph,
}
