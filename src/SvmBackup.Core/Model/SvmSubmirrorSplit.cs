using System;

namespace SvmBackup.Model;

/// <summary>
/// A submirror that Disconnect-Submirror took out of its mirror: what to dump, check and put back. Pipes by
/// property name into Test-UfsFileSystem, Invoke-SubmirrorDump and Connect-Submirror.
/// </summary>
public class SvmSubmirrorSplit
{
    public SvmBackup.Sessions.SvmSession? Session { get; set; }
    public string ComputerName { get; set; } = "";
    public DateTime ReadAt { get; set; }

    /// <summary>Disk set, or null for the local set.</summary>
    public string? DiskSet { get; set; }

    /// <summary>The mirror it belongs (or belonged) to, without set prefix: d1, d0.</summary>
    public string Mirror { get; set; } = "";

    /// <summary>The submirror, without set prefix: d3, d30.</summary>
    public string Submirror { get; set; } = "";

    /// <summary>As SVM prints it: d3 or schost-1/d30.</summary>
    public string FullName => SvmDevicePath.FullName(DiskSet, Submirror);

    public SvmSplitMethod SplitMethod { get; set; }

    /// <summary>The raw device to dump and check: /dev/md/rdsk/d3 or /dev/md/schost-1/rdsk/d30.</summary>
    public string RawDevice => SvmDevicePath.Raw(DiskSet, Submirror);

    public string BlockDevice => SvmDevicePath.Block(DiskSet, Submirror);

    /// <summary>Mount point of the mirror (what the copy is a snapshot of), when mounted.</summary>
    public string? MountPoint { get; set; }

    public DateTime SplitAt { get; set; }

    /// <summary>The one command that puts it back: metaonline M S, or metattach [-s SET] M S.</summary>
    public string RejoinCommand => SplitMethod == SvmSplitMethod.Offline
        ? "metaonline " + (DiskSet == null ? "" : "-s " + DiskSet + " ") + Mirror + " " + Submirror
        : "metattach " + (DiskSet == null ? "" : "-s " + DiskSet + " ") + Mirror + " " + Submirror;

    public override string ToString() => FullName + " (" + SplitMethod + " from " + Mirror + " on " + ComputerName + ")";
}
