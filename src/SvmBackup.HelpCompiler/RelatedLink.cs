namespace SvmBackup.HelpCompiler;

/// <summary>A [text](uri) line of ## RELATED LINKS; an empty uri names another help topic.</summary>
public sealed record RelatedLink(string Text, string Uri);
