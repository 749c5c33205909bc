namespace SvmBackup.Parsing;

/// <summary>Line splitting shared by the parsers: captures arrive with LF, CRLF (copied from Windows) or stray CR.</summary>
internal static class TextLines
{
    private static readonly char[] Breaks = { '\r', '\n' };

    public static string[] Split(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return new string[0];
        var normalized = text!.Replace("\r\n", "\n").Replace('\r', '\n');
        return normalized.Split('\n');
    }

    /// <summary>
    /// The line at <paramref name="pos"/> exactly as <see cref="Split"/> would give it, and <paramref name="pos"/> moved
    /// past its break; null after the last line. Lets a parser read a large capture without holding every line.
    /// </summary>
    public static string? Next(string? text, ref int pos) =>
        NextRange(text, ref pos, out var start, out var end) ? text!.Substring(start, end - start) : null;

    /// <summary>Like <see cref="Next"/>, but gives the line as <c>text[start, end)</c> without copying it.</summary>
    public static bool NextRange(string? text, ref int pos, out int start, out int end)
    {
        start = end = pos;
        if (string.IsNullOrEmpty(text) || pos > text!.Length)
            return false;
        end = text.IndexOfAny(Breaks, pos);
        if (end < 0)
        {
            end = text.Length;
            pos = text.Length + 1;
            return true;
        }
        pos = end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
        return true;
    }
}
