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
            batch.Add(diskSet == null
                ? new RemoteCommand(SolarisPaths.Metastat)
                : new RemoteCommand(SolarisPaths.Metastat, "-s", SolarisName.ValidateDiskSet(diskSet)));
            batch.Add(new RemoteCommand(SolarisPaths.Cat, SolarisPaths.Mnttab));
            return batch;
        }

        public static async Task<IReadOnlyList<SvmMirror>> GetAsync(SvmSession session, string? diskSet, CancellationToken cancellationToken)
        {
            var batch = BuildBatch(session, diskSet);
            var results = await session.RunAsync(batch, cancellationToken).ConfigureAwait(false);
            var metastat = results[0];
            var errors = MetaErrorParser.Parse(metastat.Stderr);
            if (metastat.ExitCode != 0)
                throw new SvmToolException(session.ComputerName, metastat, errors);
            var mirrors = MetastatParser.Parse(metastat.Stdout, session.ComputerName, diskSet).Mirrors;
            if (results[1].ExitCode == 0)
                MirrorMounts.Join(mirrors, MnttabParser.Parse(results[1].Stdout));
            return mirrors.ToList();
        }
    }
}
