using System;

namespace SvmBackup.Model;

/// <summary>How Test-UfsFileSystem ran fsck.</summary>
public enum UfsCheckMode
{
    /// <summary>fsck -n: full check, answers every question no, never writes.</summary>
    Check,
    /// <summary>fsck -m: superblock sanity check only.</summary>
    Quick,
    /// <summary>fsck -y: repairs (detached submirrors only).</summary>
    Repair,
}

/// <summary>What fsck's exit status and output mean.</summary>
public enum UfsCheckVerdict
{
    /// <summary>Exit 0, nothing to fix (or everything fixed with no trailer).</summary>
    Clean,
    /// <summary>Exit 40: clean check of a mounted file system.</summary>
    CleanMounted,
    /// <summary>Exit 0 after -y repaired it (FILE SYSTEM WAS MODIFIED).</summary>
    Modified,
    /// <summary>Exit 32 (fsck -m): needs checking.</summary>
    NeedsCheck,
    /// <summary>Exit 33: mounted.</summary>
    Mounted,
    /// <summary>Exit 0 with questions answered no (fsck -n): inconsistencies found but not fixed.</summary>
    Errors,
    /// <summary>Exit 34: the device could not be opened or stat'ed.</summary>
    NoDevice,
    /// <summary>Exit 36: uncorrected errors / rerun needed.</summary>
    UncorrectedErrors,
    /// <summary>Exit 39 (fatal, unexpected inconsistency), 1 (usage), 37 (signal), 35 or any other code.</summary>
    Failed,
}

/// <summary>The result of one fsck of a UFS file system on a (split) submirror.</summary>
public class UfsCheckResult
{
    public SvmBackup.Sessions.SvmSession? Session { get; set; }
    public string ComputerName { get; set; } = "";
    public string? DiskSet { get; set; }
    public string? Submirror { get; set; }
    /// <summary>The raw device checked.</summary>
    public string Device { get; set; } = "";
    public UfsCheckMode Mode { get; set; }
    public int ExitCode { get; set; }
    public UfsCheckVerdict Verdict { get; set; }
    /// <summary>fsck printed (NO WRITE): it could not or may not write.</summary>
    public bool NoWrite { get; set; }
    /// <summary>"Last Mounted on X" / "Currently Mounted on X".</summary>
    public string? MountedOn { get; set; }
    public bool CurrentlyMounted { get; set; }
    public string[] Phases { get; set; } = Array.Empty<string>();
    public long? Files { get; set; }
    public long? UsedFragments { get; set; }
    public long? FreeFragments { get; set; }
    /// <summary>Free fragments outside whole free blocks ("N frags").</summary>
    public long? FreeFrags { get; set; }
    public long? FreeBlocks { get; set; }
    /// <summary>Percent fragmentation.</summary>
    public double? Fragmentation { get; set; }
    /// <summary>The questions fsck asked, with the answer it gave: "FILE SYSTEM STATE IN SUPERBLOCK IS WRONG; FIX? no".</summary>
    public string[] Questions { get; set; } = Array.Empty<string>();
    /// <summary>"FILE SYSTEM WAS MODIFIED", "PLEASE RERUN FSCK" ...</summary>
    public string[] Trailers { get; set; } = Array.Empty<string>();
    public bool Modified { get; set; }
    /// <summary>The -m verdict line (stderr).</summary>
    public string? SanityMessage { get; set; }
    /// <summary>fsck's stdout and stderr as printed.</summary>
    public string Output { get; set; } = "";

    public override string ToString() => Device + ": " + Verdict + " (exit " + ExitCode + ")";
}
