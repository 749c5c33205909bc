using System;

namespace SvmBackup.Model;

/// <summary>A submirror of an SVM mirror, from the mirror block and the <c>dN: Submirror of dM</c> block of metastat.</summary>
public class SvmSubmirror
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

    /// <summary>Submirror name without the set prefix, e.g. <c>d10</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Name as metastat prints it: <c>d10</c> or <c>blue/d10</c>.</summary>
    public string FullName => SvmDevicePath.FullName(DiskSet, Name);

    /// <summary>Name of the owning mirror without the set prefix, e.g. <c>d0</c>.</summary>
    public string Mirror { get; set; } = "";

    /// <summary>Slot number from <c>Submirror N:</c> (0..3; not a running count, gaps are possible).</summary>
    public int Index { get; set; }

    /// <summary>Parsed state.</summary>
    public SvmSubmirrorState State { get; set; } = SvmSubmirrorState.Unknown;

    /// <summary>State text exactly as printed, without padding or <c>-t</c> timestamp, e.g. <c>Needs maintenance</c>.</summary>
    public string StateText { get; set; } = "";

    /// <summary>Time of the last state change when metastat ran with <c>-t</c>, as printed; otherwise null.</summary>
    public string? StateTime { get; set; }

    /// <summary>The <c>Invoke:</c> action, e.g. <c>metaonline d0 d20</c>; null when none is printed.</summary>
    public string? InvokeAction { get; set; }

    /// <summary>True for an offlined submirror: metastat shows it as Needs maintenance with <c>Invoke: metaonline ...</c>.</summary>
    public bool IsOffline =>
        State == SvmSubmirrorState.NeedsMaintenance && InvokeAction != null && InvokeAction.StartsWith("metaonline ", StringComparison.Ordinal);

    /// <summary>Size in 512-byte blocks.</summary>
    public long SizeBlocks { get; set; }

    /// <summary>Size in bytes.</summary>
    public long SizeBytes => SizeBlocks * 512;

    /// <summary>Hot spare pool assigned to the submirror's stripe, or null.</summary>
    public string? HotSparePool { get; set; }

    /// <summary>Components of all stripe rows, in printed order.</summary>
    public SvmComponent[] Components { get; set; } = Array.Empty<SvmComponent>();

    /// <summary>Block device node, e.g. <c>/dev/md/dsk/d10</c>.</summary>
    public string BlockDevice => SvmDevicePath.Block(DiskSet, Name);

    /// <summary>Raw device node to dump or fsck, e.g. <c>/dev/md/rdsk/d10</c> or <c>/dev/md/blue/rdsk/d10</c>.</summary>
    public string RawDevice => SvmDevicePath.Raw(DiskSet, Name);

    /// <inheritdoc/>
    public override string ToString() => FullName + " (" + StateText + ")";
}
