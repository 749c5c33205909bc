using System;

namespace SvmBackup.Model;

/// <summary>
/// One record of Solaris <c>/etc/dumpdates</c>, as ufsdump's putitime() writes it: <c>"%-32s %c %s"</c> with the
/// dumped name (the raw device, or the <c>N</c> name), the level digit and ctime(3) of the dump's start.
/// </summary>
public class DumpDatesEntry
{
    /// <summary>The name ufsdump recorded: the raw device it read, e.g. <c>/dev/md/rdsk/d3</c> (or an <c>N</c> name).</summary>
    public string Device { get; set; } = "";

    /// <summary>Dump level 0..9.</summary>
    public int Level { get; set; }

    /// <summary>
    /// Start of the dump in the host's local time, as ctime printed it (<see cref="DateTimeKind.Unspecified"/>:
    /// the host's time zone is not in the file).
    /// </summary>
    public DateTime Date { get; set; }

    /// <summary>The line as read, without its line end.</summary>
    public string Line { get; set; } = "";

    /// <summary>1-based line number in the text that was parsed.</summary>
    public int LineNumber { get; set; }

    /// <inheritdoc/>
    public override string ToString() => Line;
}
