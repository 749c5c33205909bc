using System;
using System.Linq;
using SvmBackup.Model;

namespace SvmBackup.Operations
{
    /// <summary>The preflight's rules for the mirror itself, and the default choice of the submirror to split.</summary>
    public static class MirrorBackup
    {
        /// <summary>
        /// Refuses what the procedure forbids: a mirror that is not Okay, a file system that is not a mounted UFS or is
        /// / (unless <paramref name="noLock"/>: then nothing is locked, and / is still refused — it cannot be split safely
        /// while the host runs from it).
        /// </summary>
        public static void CheckMirror(SvmMirror m, bool noLock)
        {
            if (!m.IsHealthy)
                throw new SvmRefusedException(SvmRefusal.MirrorNotHealthy, $"{m.FullName} on {m.ComputerName} is not Okay ({string.Join(", ", m.Submirrors.Select(s => s.Name + " " + s.StateText))}{(m.ResyncPercent.HasValue ? $", resync {m.ResyncPercent} % done" : "")}): repair it or let the resync finish before a backup.", m.FullName);
            if (m.MountPoint == "/")
                throw new SvmRefusedException(SvmRefusal.RootFileSystem, $"{m.FullName} on {m.ComputerName} holds /: write-locking the root file system hangs the host. Back up / another way.", m.FullName);
            if (noLock) return;
            if (m.MountPoint == null)
                throw new SvmRefusedException(SvmRefusal.NotMounted, $"{m.FullName} on {m.ComputerName} is not mounted (/etc/mnttab): there is no UFS to write-lock (a raw volume: give -NoLock).", m.FullName);
            if (!string.Equals(m.FileSystemType, "ufs", StringComparison.Ordinal))
                throw new SvmRefusedException(SvmRefusal.NotUfs, $"{m.MountPoint} on {m.ComputerName} is {m.FileSystemType}, not UFS.", m.MountPoint);
        }

        /// <summary>The last Okay submirror by slot: another Okay submirror always stays in the mirror.</summary>
        public static string ChooseSubmirror(SvmMirror m) =>
            m.Submirrors.Where(s => s.State == SvmSubmirrorState.Okay).OrderBy(s => s.Index).Select(s => s.Name).LastOrDefault()
            ?? throw new SvmRefusedException(SvmRefusal.LastReadableSubmirror, $"{m.FullName} on {m.ComputerName} has no Okay submirror.", m.FullName);
    }
}
