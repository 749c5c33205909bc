namespace SvmBackup.Simulator.State;

/// <summary>What the UFS superblock says: where it was last mounted and whether its clean state is stale.</summary>
internal sealed class Superblock
{
    public string LastMounted { get; set; } = "/";
    /// <summary>True for a copy taken while mounted (fs_clean/fs_state not stable): fsck asks "FILE SYSTEM STATE IN SUPERBLOCK IS WRONG; FIX".</summary>
    public bool StateWrong { get; set; }
}
