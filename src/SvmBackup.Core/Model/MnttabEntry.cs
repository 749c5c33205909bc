namespace SvmBackup.Model;

/// <summary>One line of Solaris <c>/etc/mnttab</c> (TAB-separated: special, mount point, type, options, time).</summary>
public class MnttabEntry
{
    /// <summary>Mounted device, e.g. <c>/dev/md/dsk/d1</c>.</summary>
    public string Special { get; set; } = "";

    /// <summary>Mount point, e.g. <c>/export/home</c>.</summary>
    public string MountPoint { get; set; } = "";

    /// <summary>File system type, e.g. <c>ufs</c>.</summary>
    public string FileSystemType { get; set; } = "";

    /// <summary>Mount options as printed, e.g. <c>rw,intr,largefiles,logging,xattr,onerror=panic,dev=1540001</c>.</summary>
    public string Options { get; set; } = "";

    /// <summary>Mount time in seconds since the epoch, or null when absent or not a number.</summary>
    public long? MountTime { get; set; }

    /// <inheritdoc/>
    public override string ToString() => Special + " on " + MountPoint;
}
