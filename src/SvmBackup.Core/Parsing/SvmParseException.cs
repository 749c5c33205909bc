using System;

namespace SvmBackup.Parsing;

/// <summary>
/// Thrown when tool output is recognised (e.g. a mirror block) but cannot be read completely. The parsers
/// prefer failing loudly to returning a mirror with wrong or missing members.
/// </summary>
public class SvmParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SvmParseException(string message, int lineNumber, string? lineText)
        : base(lineNumber > 0 ? message + " (line " + lineNumber + ": '" + lineText + "')" : message)
    {
        LineNumber = lineNumber;
        LineText = lineText;
    }

    /// <summary>1-based line number of the offending line, or 0 when the problem is not tied to a line.</summary>
    public int LineNumber { get; }

    /// <summary>Offending line, or null.</summary>
    public string? LineText { get; }
}
