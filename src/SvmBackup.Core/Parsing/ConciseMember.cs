namespace SvmBackup.Parsing;

/// <summary>A child named on a <c>metastat -c</c> line, with its state tag.</summary>
public sealed class ConciseMember
{
    internal ConciseMember(string name, string? state)
    {
        Name = name;
        State = state;
    }

    /// <summary>Child name (submirror, component, hot spare).</summary>
    public string Name { get; }

    /// <summary>Text inside the parentheses, e.g. <c>resync-45%</c>, <c>offline</c>, <c>maint</c>; null when Okay.</summary>
    public string? State { get; }
}
