using System;

namespace SvmBackup.Model;

/// <summary>Where Invoke-SubmirrorDump wrote the dump.</summary>
public enum SvmDumpTargetKind
{
    /// <summary>A tape drive on the host (ufsdump f /dev/rmt/0n).</summary>
    Tape,
    /// <summary>A file on the host (ufsdump f /backup/home1.0).</summary>
    RemoteFile,
    /// <summary>A local file: ufsdump f - streamed over the session.</summary>
    LocalFile,
}

/// <summary>One completed ufsdump of a split submirror.</summary>
public class SvmDumpResult
{
    public SvmBackup.Sessions.SvmSession? Session { get; set; }
    public string ComputerName { get; set; } = "";
    public string? DiskSet { get; set; }
    public string? Mirror { get; set; }
    public string Submirror { get; set; } = "";
    /// <summary>The raw device dumped (/dev/md/rdsk/d3).</summary>
    public string Device { get; set; } = "";
    public int Level { get; set; }
    public SvmDumpTargetKind TargetKind { get; set; }
    /// <summary>Tape device or file on the host, or the full local path.</summary>
    public string Target { get; set; } = "";
    /// <summary>Size of the local file (LocalFile); null for host targets.</summary>
    public long? Bytes { get; set; }
    /// <summary>512-byte blocks ufsdump reports having written.</summary>
    public long? Blocks { get; set; }
    public long? EstimatedBlocks { get; set; }
    public long? KBPerSecond { get; set; }
    public DateTime Start { get; set; }
    public DateTime End { get; set; }
    public TimeSpan Duration => End - Start;
    /// <summary>SHA-256 (upper-case hex) of the local file (LocalFile only).</summary>
    public string? Sha256 { get; set; }
    /// <summary>"Level 0 dump on ..." (printed only with -UpdateDumpDates: /etc/dumpdates was updated).</summary>
    public string? DumpDatesLine { get; set; }
    public bool DumpDatesUpdated => DumpDatesLine != null;
    /// <summary>Every "  DUMP: " message, without the prefix.</summary>
    public string[] Messages { get; set; } = Array.Empty<string>();

    public override string ToString() => Device + " level " + Level + " -> " + Target;
}
