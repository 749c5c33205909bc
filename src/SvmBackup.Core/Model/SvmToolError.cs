namespace SvmBackup.Model;

/// <summary>
/// One libmeta error line, <c>&lt;prog&gt;: &lt;node&gt;: [&lt;name&gt;: ]&lt;text&gt;</c>. A plain value, not an
/// exception: a command can print several and the caller decides which ones are fatal.
/// </summary>
public class SvmToolError
{
    /// <summary>Creates an error record.</summary>
    public SvmToolError(string program, string? node, string? name, string message, SvmToolErrorKind kind, string line)
    {
        Program = program;
        Node = node;
        Name = name;
        Message = message;
        Kind = kind;
        Line = line;
    }

    /// <summary>Command that printed the error, e.g. <c>metaoffline</c>.</summary>
    public string Program { get; }

    /// <summary>Node name (<c>uname -n</c>) printed after the program; null for the few messages printed without it.</summary>
    public string? Node { get; }

    /// <summary>Object the error is about: <c>d0</c>, <c>blue/d0</c>, <c>setname "foo"</c>, SMF services (space separated); or null.</summary>
    public string? Name { get; }

    /// <summary>The error text, e.g. <c>resync in progress</c>.</summary>
    public string Message { get; }

    /// <summary>Classification of <see cref="Message"/>.</summary>
    public SvmToolErrorKind Kind { get; }

    /// <summary>The original text (continuation lines joined with a newline).</summary>
    public string Line { get; }

    /// <inheritdoc/>
    public override string ToString() => Line;
}
