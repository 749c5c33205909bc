using System;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Model;
using SvmBackup.Parsing;
using SvmBackup.Scripts;
using SvmBackup.Sessions;

namespace SvmBackup.Operations
{
    /// <summary>A file system check was refused before anything ran; <see cref="ErrorId"/> is the cmdlet's error id.</summary>
    public sealed class UfsCheckRefusedException : InvalidOperationException
    {
        public UfsCheckRefusedException(string errorId, string message) : base(message) { ErrorId = errorId; }
        public string ErrorId { get; }
    }

    /// <summary>fsck of a split submirror's raw device: -n (check), -m (sanity), -y (repair; detached submirrors only).</summary>
    public static class UfsCheckOperations
    {
        public static RemoteCommand CheckCommand(string rawDevice, UfsCheckMode mode)
        {
            SolarisName.ValidateAbsolutePath(rawDevice, "RawDevice");
            var flag = mode == UfsCheckMode.Quick ? "-m" : mode == UfsCheckMode.Repair ? "-y" : "-n";
            return new RemoteCommand(SolarisPaths.Fsck, flag, rawDevice) { NeedsRoot = true };
        }

        /// <summary>
        /// Invariant: nothing ever writes to an offlined submirror — metaonline's optimized resync copies back only the
        /// regions written through the mirror meanwhile, so a block fsck changed on the offlined copy would stay
        /// different from the other submirrors for ever. Only a detached (stand-alone) submirror may be repaired.
        /// </summary>
        public static void CheckRepairAllowed(SvmSplitMethod? splitMethod, string device)
        {
            if (splitMethod == SvmSplitMethod.Detach) return;
            if (splitMethod == SvmSplitMethod.Offline)
                throw new UfsCheckRefusedException("RepairOfOfflinedSubmirror",
                    $"Refusing to repair {device}: it is an offlined submirror. metaonline resyncs only the regions written through the mirror while it was offline, " +
                    "so blocks fsck changed on the offlined copy would never be copied back and the submirrors would silently differ. Check it with fsck -n (the default) " +
                    "instead, or split with metadetach (Disconnect-Submirror -Detach), whose rejoin is a full resync.");
            throw new UfsCheckRefusedException("RepairOfUnsplitSubmirror",
                $"Refusing to repair {device}: the input does not say it was detached (SplitMethod Detach). Only a detached submirror may be written; pipe the output of Disconnect-Submirror -Detach or give -SplitMethod Detach.");
        }

        public static async Task<UfsCheckResult> CheckAsync(SvmSession session, string rawDevice, UfsCheckMode mode, SvmSplitMethod? splitMethod, CancellationToken ct)
        {
            if (mode == UfsCheckMode.Repair) CheckRepairAllowed(splitMethod, rawDevice);
            var batch = session.NewBatch();
            batch.SafeToRetry = mode != UfsCheckMode.Repair;
            batch.Add(CheckCommand(rawDevice, mode));
            var r = (await session.RunAsync(batch, ct).ConfigureAwait(false))[0];
            var result = FsckParser.Parse(r.Stdout, r.Stderr, r.ExitCode ?? -1, mode);
            if (result.Device.Length == 0) result.Device = rawDevice;
            result.Output = session.Secrets.Apply(result.Output);
            result.Session = session;
            result.ComputerName = session.ComputerName;
            return result;
        }
    }
}
