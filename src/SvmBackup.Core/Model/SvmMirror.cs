using System;
using System.Linq;

namespace SvmBackup.Model;

/// <summary>An SVM mirror (RAID-1 metadevice) as reported by <c>metastat</c>.</summary>
public class SvmMirror
{
    /// <summary>
    /// The session this object was read through, so the next cmdlet of a pipeline binds -Session by property name.
    /// Null for objects parsed from text.
    /// </summary>
    public SvmBackup.Sessions.SvmSession? Session { get; set; }

    /// <summary>Host the status was read from.</summary>
    public string ComputerName { get; set; } = "";

    /// <summary>When this snapshot was read from the host (local time). Objects go stale: read again before acting.</summary>
    public DateTime ReadAt { get; set; }

    /// <summary>Disk set name, or null for the local set.</summary>
    public string? DiskSet { get; set; }

    /// <summary>Mirror name without the set prefix, e.g. <c>d0</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Name as metastat prints it: <c>d1</c> or <c>schost-1/d0</c>.</summary>
    public string FullName => SvmDevicePath.FullName(DiskSet, Name);

    /// <summary>Submirrors in slot order as printed.</summary>
    public SvmSubmirror[] Submirrors { get; set; } = Array.Empty<SvmSubmirror>();

    /// <summary>Resync pass number (0 = never resynced at boot).</summary>
    public int Pass { get; set; }

    /// <summary>Read option: <c>roundrobin</c>, <c>geometric</c> or <c>first</c>.</summary>
    public string ReadOption { get; set; } = "";

    /// <summary>Write option: <c>parallel</c> or <c>serial</c>.</summary>
    public string WriteOption { get; set; } = "";

    /// <summary>Multi-owner sets only: <c>application based</c> or <c>optimized resync</c>; otherwise null.</summary>
    public string? ResyncOption { get; set; }

    /// <summary>Multi-owner sets only: owning node or <c>None</c>; otherwise null.</summary>
    public string? Owner { get; set; }

    /// <summary>Size in 512-byte blocks.</summary>
    public long SizeBlocks { get; set; }

    /// <summary>Size in bytes.</summary>
    public long SizeBytes => SizeBlocks * 512;

    /// <summary>Resync percentage, or null when no resync line is printed.</summary>
    public double? ResyncPercent { get; set; }

    /// <summary>Whether a resync is running or was cancelled.</summary>
    public SvmResyncState ResyncState { get; set; }

    /// <summary>Mount point from /etc/mnttab, or null when not mounted (or not joined).</summary>
    public string? MountPoint { get; set; }

    /// <summary>File system type from /etc/mnttab (e.g. <c>ufs</c>), or null.</summary>
    public string? FileSystemType { get; set; }

    /// <summary>Mount options from /etc/mnttab, or null.</summary>
    public string? MountOptions { get; set; }

    /// <summary>Block device node, e.g. <c>/dev/md/dsk/d1</c> or <c>/dev/md/schost-1/dsk/d0</c>.</summary>
    public string BlockDevice => SvmDevicePath.Block(DiskSet, Name);

    /// <summary>Raw device node, e.g. <c>/dev/md/rdsk/d1</c> or <c>/dev/md/schost-1/rdsk/d0</c>.</summary>
    public string RawDevice => SvmDevicePath.Raw(DiskSet, Name);

    /// <summary>Number of submirrors in state Okay.</summary>
    public int OkaySubmirrorCount => Submirrors.Count(s => s.State == SvmSubmirrorState.Okay);

    /// <summary>True when every submirror is Okay and no resync is running or cancelled.</summary>
    public bool IsHealthy =>
        Submirrors.Length > 0 && OkaySubmirrorCount == Submirrors.Length && ResyncState == SvmResyncState.None;

    /// <inheritdoc/>
    public override string ToString() => FullName;
}
