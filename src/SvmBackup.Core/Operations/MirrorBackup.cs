using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Model;
using SvmBackup.Scripts;
using SvmBackup.Sessions;

namespace SvmBackup.Operations
{
    /// <summary>The read-only checks before an online backup and the choice of the submirror to split.</summary>
    public static class MirrorBackup
    {
        /// <summary>
        /// Reads the mirror and refuses what the procedure forbids: a mirror that is not Okay, a file system that is not a
        /// mounted UFS or is /, a split SVM would refuse. Chooses the submirror when none is given: the last Okay one by
        /// slot, so another Okay submirror always stays in the mirror.
        /// </summary>
        public static async Task<(SvmMirror Mirror, string Submirror)> PreflightAsync(SvmSession session, string? diskSet, string mirror, string? submirror, SvmSplitMethod method, CancellationToken ct)
        {
            var m = await SubmirrorOperations.ReadMirrorAsync(session, diskSet, mirror, ct).ConfigureAwait(false);
            if (!m.IsHealthy)
                throw new SvmRefusedException(SvmRefusal.MirrorNotHealthy, $"{m.FullName} on {m.ComputerName} is not Okay ({string.Join(", ", m.Submirrors.Select(s => s.Name + " " + s.StateText))}{(m.ResyncPercent.HasValue ? $", resync {m.ResyncPercent} % done" : "")}): repair it or let the resync finish before a backup.", m.FullName);
            if (m.MountPoint == null)
                throw new SvmRefusedException(SvmRefusal.NotMounted, $"{m.FullName} on {m.ComputerName} is not mounted (/etc/mnttab): there is no UFS to write-lock.", m.FullName);
            if (m.MountPoint == "/")
                throw new SvmRefusedException(SvmRefusal.RootFileSystem, $"{m.FullName} on {m.ComputerName} holds /: write-locking the root file system hangs the host. Back up / another way.", m.FullName);
            if (!string.Equals(m.FileSystemType, "ufs", StringComparison.Ordinal))
                throw new SvmRefusedException(SvmRefusal.NotUfs, $"{m.MountPoint} on {m.ComputerName} is {m.FileSystemType}, not UFS.", m.MountPoint);
            var chosen = submirror ?? m.Submirrors.Where(s => s.State == SvmSubmirrorState.Okay).OrderBy(s => s.Index).Last().Name;
            SubmirrorOperations.CheckSplit(m, chosen, method, force: false);
            return (m, chosen);
        }
    }
}
