using SvmBackup.Scripts;

namespace SvmBackup.Operations
{
    /// <summary>What the trapped freeze–split–thaw script does, in its order: mark, freeze, lock, split, unlock, thaw.</summary>
    public sealed class FreezeSplitThawOptions
    {
        /// <summary>The file system to write-lock; null with -NoLock (nothing is locked).</summary>
        public string? MountPoint { get; set; }

        /// <summary>metaoffline / metadetach.</summary>
        public RemoteCommand Split { get; set; } = null!;

        /// <summary>The host-side run marker, made atomically before anything changes (null: no marker).</summary>
        public BackupMarker? Marker { get; set; }

        /// <summary>A vendor command that quiesces an application before the lock (e.g. a database's backup mode).</summary>
        public RemoteCommand? Freeze { get; set; }

        /// <summary>Its undo; runs after the unlock, and from the trap on any exit once the freeze was started.</summary>
        public RemoteCommand? Thaw { get; set; }
    }
}
