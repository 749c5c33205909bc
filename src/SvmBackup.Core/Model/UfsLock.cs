using System;

namespace SvmBackup.Model;

/// <summary>The lockfs state of a UFS file system on a node (one row of `lockfs -a`, or the lock Lock-UfsFileSystem set).</summary>
public class UfsLock
{
    public SvmBackup.Sessions.SvmSession? Session { get; set; }
    public string ComputerName { get; set; } = "";

    /// <summary>Mount point as lockfs prints it.</summary>
    public string MountPoint { get; set; } = "";

    /// <summary>unlock, write, name, delete, hard, error, unknown; in parentheses while being set.</summary>
    public string LockType { get; set; } = "";

    public string Comment { get; set; } = "";

    /// <summary>When this module set the lock (null for rows read from lockfs -a).</summary>
    public DateTime? LockedAt { get; set; }

    public DateTime ReadAt { get; set; }

    public bool IsWriteLocked => LockType == "write";

    public override string ToString() => ComputerName + ":" + MountPoint + " (" + LockType + ")";
}
