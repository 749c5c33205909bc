namespace SvmBackup.Parsing;

/// <summary>Line splitting shared by the parsers: captures arrive with LF, CRLF (copied from Windows) or stray CR.</summary>
internal static class TextLines
{
    public static string[] Split(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return new string[0];
        var normalized = text!.Replace("\r\n", "\n").Replace('\r', '\n');
        return normalized.Split('\n');
    }
}
