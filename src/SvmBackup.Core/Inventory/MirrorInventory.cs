using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Model;
using SvmBackup.Parsing;
using SvmBackup.Scripts;
using SvmBackup.Sessions;

namespace SvmBackup.Inventory
{
    /// <summary>Reads a node's mirrors: metastat and /etc/mnttab in one round trip, parsed and joined.</summary>
    public static class MirrorInventory
    {
        /// <summary>The commands of one inventory round trip (exposed so tests can check the script).</summary>
        public static RemoteBatch BuildBatch(SvmSession session, string? diskSet)
        {
            var batch = session.NewBatch();
            batch.SafeToRetry = true; // status only
            batch.Add(diskSet == null
                ? new RemoteCommand(SolarisPaths.Metastat)
                : new RemoteCommand(SolarisPaths.Metastat, "-s", SolarisName.ValidateDiskSet(diskSet)));
            batch.Add(new RemoteCommand(SolarisPaths.Cat, SolarisPaths.Mnttab));
            return batch;
        }

        /// <param name="warn">Receives non-fatal problems (e.g. SVM services not online in SMF).</param>
        public static async Task<IReadOnlyList<SvmMirror>> GetAsync(SvmSession session, string? diskSet, System.Action<string>? warn, CancellationToken cancellationToken)
        {
            var batch = BuildBatch(session, diskSet);
            var results = await session.RunAsync(batch, cancellationToken).ConfigureAwait(false);
            return FromResults(session, diskSet, results[0], results[1], warn);
        }

        /// <summary>Turns the metastat and mnttab results of a round trip into mirrors (shared by every step that reads back).</summary>
        public static IReadOnlyList<SvmMirror> FromResults(SvmSession session, string? diskSet, CommandResult metastat, CommandResult mnttab, System.Action<string>? warn = null)
        {
            var errors = MetaErrorParser.Parse(metastat.Stderr);
            // metastat prints its whole report and THEN the SMF check, exiting 1: the report is still true, so keep it and warn.
            var smfOnly = errors.Count > 0 && errors.All(e => e.Kind == SvmToolErrorKind.SmfServicesNotOnline);
            if (metastat.ExitCode != 0 && !smfOnly)
                throw new SvmToolException(session.ComputerName, metastat, errors);
            if (smfOnly)
                warn?.Invoke($"{session.ComputerName}: SVM services not online in SMF ({string.Join(" ", errors.Select(e => e.Name))}); resync and hot sparing may not run. Enable them with svcadm.");
            var mirrors = MetastatParser.Parse(metastat.Stdout, session.ComputerName, diskSet).Mirrors;
            if (mnttab.ExitCode == 0)
                MirrorMounts.Join(mirrors, MnttabParser.Parse(mnttab.Stdout));
            var now = System.DateTime.Now;
            foreach (var m in mirrors)
            {
                m.Session = session;
                m.ReadAt = now;
                foreach (var sm in m.Submirrors) { sm.Session = session; sm.ReadAt = now; }
            }
            // Remember the last inventory of each set for argument completion.
            session.LastMirrors = session.LastMirrors.Where(m => m.DiskSet != diskSet).Concat(mirrors).ToArray();
            return mirrors.ToList();
        }
    }
}
