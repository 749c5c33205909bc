using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Inventory;
using SvmBackup.Model;
using SvmBackup.Parsing;
using SvmBackup.Scripts;
using SvmBackup.Sessions;

namespace SvmBackup.Operations
{
    /// <summary>Split a submirror out of its mirror and put it back, checking the kernel's rules first.</summary>
    public static class SubmirrorOperations
    {
        /// <summary>The split command: metaoffline / metadetach [-s SET] [-f] MIRROR SUBMIRROR.</summary>
        public static RemoteCommand SplitCommand(string? diskSet, string mirror, string submirror, SvmSplitMethod method, bool force)
        {
            var args = new List<string>();
            if (diskSet != null) { args.Add("-s"); args.Add(SolarisName.ValidateDiskSet(diskSet)); }
            if (force) args.Add("-f");
            args.Add(SolarisName.ValidateMetadevice(mirror, "Mirror"));
            args.Add(SolarisName.ValidateMetadevice(submirror, "Submirror"));
            return new RemoteCommand(method == SvmSplitMethod.Offline ? SolarisPaths.Metaoffline : SolarisPaths.Metadetach, args.ToArray()) { NeedsRoot = true };
        }

        /// <summary>The rejoin command: metaonline / metattach [-s SET] MIRROR SUBMIRROR.</summary>
        public static RemoteCommand RejoinCommand(string? diskSet, string mirror, string submirror, SvmSplitMethod method)
        {
            var args = new List<string>();
            if (diskSet != null) { args.Add("-s"); args.Add(SolarisName.ValidateDiskSet(diskSet)); }
            args.Add(SolarisName.ValidateMetadevice(mirror, "Mirror"));
            args.Add(SolarisName.ValidateMetadevice(submirror, "Submirror"));
            return new RemoteCommand(method == SvmSplitMethod.Offline ? SolarisPaths.Metaonline : SolarisPaths.Metattach, args.ToArray()) { NeedsRoot = true };
        }

        /// <summary>
        /// The kernel's rules for metaoffline / metadetach (mirror_offline, mirror_detach), checked on a fresh read so a
        /// refusal is explained in SVM's terms before anything is sent. SVM still has the last word.
        /// </summary>
        public static void CheckSplit(SvmMirror mirror, string submirror, SvmSplitMethod method, bool force)
        {
            var target = mirror.Submirrors.FirstOrDefault(s => s.Name == submirror);
            if (mirror.ResyncState == SvmResyncState.InProgress || mirror.Submirrors.Any(s => s.State == SvmSubmirrorState.Resyncing))
                throw new SvmRefusedException(SvmRefusal.ResyncInProgress, $"{mirror.FullName} on {mirror.ComputerName} is resyncing ({mirror.ResyncPercent?.ToString("0.#") ?? "?"} % done): SVM refuses to {Verb(method)} a submirror until the resync is finished (Wait-SvmResync).", mirror.FullName);
            if (target == null)
                throw new SvmRefusedException(SvmRefusal.SubmirrorNotFound, $"{submirror} is not a submirror of {mirror.FullName} on {mirror.ComputerName} (its submirrors: {string.Join(", ", mirror.Submirrors.Select(s => s.Name))}).", submirror);
            var othersOkay = mirror.Submirrors.Count(s => s != target && s.State == SvmSubmirrorState.Okay);
            if (othersOkay == 0)
                throw new SvmRefusedException(SvmRefusal.LastReadableSubmirror, $"{submirror} is the last readable submirror of {mirror.FullName} on {mirror.ComputerName}: taking it out would leave no readable copy (SVM: operation would result in no readable submirrors). -Force does not override this.", submirror);
            if (method == SvmSplitMethod.Offline && target.State != SvmSubmirrorState.Okay && !force)
                throw new SvmRefusedException(SvmRefusal.SubmirrorNotOkay, $"{submirror} of {mirror.FullName} is '{target.StateText}', not Okay: SVM offlines it only with -f (give -Force), and a backup of it would not be current.", submirror);
            if (method == SvmSplitMethod.Detach && target.Components.Any(c => c.State == SvmComponentState.Maintenance || c.State == SvmComponentState.LastErred) && !force)
                throw new SvmRefusedException(SvmRefusal.ErredComponents, $"{submirror} of {mirror.FullName} has erred components ({string.Join(", ", target.Components.Where(c => !c.IsOkay).Select(c => c.Name + " " + c.StateText))}): SVM detaches it only with -f (give -Force).", submirror);
        }

        private static string Verb(SvmSplitMethod m) => m == SvmSplitMethod.Offline ? "offline" : "detach";

        /// <summary>Reads the mirror (one round trip), checks the rules, then splits (second round trip).</summary>
        public static async Task<SvmSubmirrorSplit> SplitAsync(SvmSession session, string? diskSet, string mirror, string submirror, SvmSplitMethod method, bool force, CancellationToken ct)
        {
            var m = await ReadMirrorAsync(session, diskSet, mirror, ct).ConfigureAwait(false);
            CheckSplit(m, submirror, method, force);
            var batch = session.NewBatch();
            batch.Add(SplitCommand(diskSet, mirror, submirror, method, force));
            var r = (await session.RunAsync(batch, ct).ConfigureAwait(false))[0];
            if (r.ExitCode != 0) throw new SvmToolException(session.ComputerName, r, MetaErrorParser.Parse(r.Stderr));
            return new SvmSubmirrorSplit
            {
                Session = session, ComputerName = session.ComputerName, DiskSet = diskSet, Mirror = mirror, Submirror = submirror,
                SplitMethod = method, MountPoint = m.MountPoint, SplitAt = DateTime.Now, ReadAt = DateTime.Now,
            };
        }

        /// <summary>Rejoins and reads the mirror back in the same round trip (it shows the resync starting).</summary>
        /// <param name="clearMarker">Also remove the backup's host marker, only if the rejoin worked (same round trip).</param>
        public static async Task<SvmMirror> RejoinAsync(SvmSession session, string? diskSet, string mirror, string submirror, SvmSplitMethod method, CancellationToken ct, bool clearMarker = false)
        {
            var batch = session.NewBatch();
            batch.Add(RejoinCommand(diskSet, mirror, submirror, method));
            if (clearMarker)
            {
                var rm = BackupMarker.RemoveCommand(diskSet, mirror);
                rm.OnlyIfPreviousSucceeded = true;
                batch.Add(rm);
            }
            var inventory = MirrorInventory.BuildBatch(session, diskSet);
            foreach (var c in inventory.Commands) batch.Add(c);
            var r = await session.RunAsync(batch, ct).ConfigureAwait(false);
            if (r[0].ExitCode != 0) throw new SvmToolException(session.ComputerName, r[0], MetaErrorParser.Parse(r[0].Stderr));
            var at = clearMarker ? 2 : 1;
            var mirrors = MirrorInventory.FromResults(session, diskSet, r[at], r[at + 1]);
            return mirrors.FirstOrDefault(x => x.Name == mirror)
                   ?? throw new SvmRefusedException(SvmRefusal.MirrorNotFound, $"{mirror} vanished from metastat on {session.ComputerName} after {RejoinCommand(diskSet, mirror, submirror, method)}.", mirror);
        }

        /// <summary>One mirror, fresh (metastat + mnttab, one round trip).</summary>
        public static async Task<SvmMirror> ReadMirrorAsync(SvmSession session, string? diskSet, string mirror, CancellationToken ct)
        {
            SolarisName.ValidateMetadevice(mirror, "Mirror");
            var all = await MirrorInventory.GetAsync(session, diskSet, null, ct).ConfigureAwait(false);
            return all.FirstOrDefault(x => x.Name == mirror)
                   ?? throw new SvmRefusedException(SvmRefusal.MirrorNotFound, $"No mirror {SvmDevicePath.FullName(diskSet, mirror)} on {session.ComputerName}.", mirror);
        }
    }
}
