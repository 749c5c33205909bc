using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Model;
using SvmBackup.Parsing;
using SvmBackup.Scripts;
using SvmBackup.Sessions;

namespace SvmBackup.Operations
{
    /// <summary>lockfs: status, write-lock and unlock of mounted UFS file systems, with the checks lockfs itself lacks.</summary>
    public static class UfsLockOperations
    {
        /// <summary>Status of every mounted UFS (lockfs -a), one round trip.</summary>
        public static async Task<IReadOnlyList<UfsLock>> GetAsync(SvmSession session, CancellationToken ct)
        {
            var batch = session.NewBatch();
            batch.SafeToRetry = true;
            batch.Add(new RemoteCommand(SolarisPaths.Lockfs, "-a"));
            var r = (await session.RunAsync(batch, ct).ConfigureAwait(false))[0];
            if (r.ExitCode != 0) throw new SvmToolException(session.ComputerName, r, MetaErrorParser.Parse(r.Stderr));
            var now = DateTime.Now;
            var locks = LockfsParser.Parse(r.Stdout, session.ComputerName);
            foreach (var l in locks) { l.Session = session; l.ReadAt = now; }
            return locks;
        }

        /// <summary>
        /// The checks lockfs does not make: `/` is never locked (the host would hang), and the path must be a UFS mount
        /// point in /etc/mnttab (for any other path lockfs silently locks the file system that contains it).
        /// </summary>
        public static void CheckLockable(string mountPoint, IReadOnlyList<MnttabEntry> mnttab, string computerName)
        {
            SolarisName.ValidateAbsolutePath(mountPoint, "MountPoint");
            // "//", "/home1/" and "/home1//" name the same file systems as "/" and "/home1".
            var normalized = System.Text.RegularExpressions.Regex.Replace(mountPoint, "/+", "/");
            if (normalized.Length > 1) normalized = normalized.TrimEnd('/');
            if (normalized == "/")
                throw new SvmRefusedException(SvmRefusal.RootFileSystem, $"Refusing to write-lock / on {computerName}: write-locking the root file system hangs the host (Solaris Volume Manager Administration Guide). Back up / another way.", mountPoint);
            var entry = mnttab.LastOrDefault(e => e.MountPoint == normalized);
            if (entry == null)
                throw new SvmRefusedException(SvmRefusal.NotMounted, $"{mountPoint} is not a mount point on {computerName} (/etc/mnttab): lockfs would lock the file system that contains it. Give the mount point of the mirror.", mountPoint);
            if (!string.Equals(entry.FileSystemType, "ufs", StringComparison.Ordinal))
                throw new SvmRefusedException(SvmRefusal.NotUfs, $"{mountPoint} on {computerName} is {entry.FileSystemType}, not UFS: only UFS has lockfs write locks.", mountPoint);
        }

        /// <summary>Reads /etc/mnttab, checks, then write-locks (two round trips: nothing is locked unless the check passed).</summary>
        public static async Task<UfsLock> LockAsync(SvmSession session, string mountPoint, CancellationToken ct)
        {
            // Refused before the mnttab read too: a hostile path must not cost a round trip (CheckLockable checks it again).
            SolarisName.ValidateAbsolutePath(mountPoint, "MountPoint");
            var check = session.NewBatch();
            check.SafeToRetry = true;
            check.Add(new RemoteCommand(SolarisPaths.Cat, SolarisPaths.Mnttab));
            var mnttab = (await session.RunAsync(check, ct).ConfigureAwait(false))[0];
            CheckLockable(mountPoint, MnttabParser.Parse(mnttab.Stdout), session.ComputerName);
            await RunLockfsAsync(session, "-w", mountPoint, ct).ConfigureAwait(false);
            var now = DateTime.Now;
            return new UfsLock { Session = session, ComputerName = session.ComputerName, MountPoint = mountPoint, LockType = "write", LockedAt = now, ReadAt = now };
        }

        /// <summary>Unlocks (lockfs -u). Unlocking an unlocked file system succeeds, as lockfs does.</summary>
        public static async Task<UfsLock> UnlockAsync(SvmSession session, string mountPoint, CancellationToken ct)
        {
            SolarisName.ValidateAbsolutePath(mountPoint, "MountPoint");
            await RunLockfsAsync(session, "-u", mountPoint, ct).ConfigureAwait(false);
            return new UfsLock { Session = session, ComputerName = session.ComputerName, MountPoint = mountPoint, LockType = "unlock", ReadAt = DateTime.Now };
        }

        /// <summary>The command as an administrator would type it (for ShouldProcess and messages); an invalid mount point throws, as the command itself would.</summary>
        public static string CommandText(string option, string mountPoint) => new RemoteCommand(SolarisPaths.Lockfs, option, SolarisName.ValidateAbsolutePath(mountPoint, "MountPoint")).ToShell();

        private static async Task RunLockfsAsync(SvmSession session, string option, string mountPoint, CancellationToken ct)
        {
            var batch = session.NewBatch();
            batch.Add(new RemoteCommand(SolarisPaths.Lockfs, option, mountPoint) { NeedsRoot = true });
            var r = (await session.RunAsync(batch, ct).ConfigureAwait(false))[0];
            // lockfs reports failures as perror(fn): "<fn>: <strerror>", exit 2.
            if (r.ExitCode != 0) throw new SvmToolException(session.ComputerName, r, Array.Empty<SvmToolError>());
        }
    }
}
