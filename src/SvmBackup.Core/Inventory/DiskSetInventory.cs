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
    /// <summary>Reads the disk sets a node knows (metaset, or metaset -s SET) in one round trip.</summary>
    public static class DiskSetInventory
    {
        public static RemoteBatch BuildBatch(SvmSession session, string? name)
        {
            var batch = session.NewBatch();
            batch.SafeToRetry = true; // status only
            batch.Add(name == null
                ? new RemoteCommand(SolarisPaths.Metaset)
                : new RemoteCommand(SolarisPaths.Metaset, "-s", SolarisName.ValidateDiskSet(name)));
            return batch;
        }

        public static async Task<IReadOnlyList<SvmDiskSet>> GetAsync(SvmSession session, string? name, CancellationToken cancellationToken)
        {
            var results = await session.RunAsync(BuildBatch(session, name), cancellationToken).ConfigureAwait(false);
            var metaset = results[0];
            if (metaset.ExitCode != 0)
                throw new SvmToolException(session.ComputerName, metaset, MetaErrorParser.Parse(metaset.Stderr));
            var sets = MetasetParser.Parse(metaset.Stdout, session.ComputerName);
            var now = System.DateTime.Now;
            foreach (var s in sets) { s.ReadAt = now; s.Session = session; }
            if (name == null) session.LastDiskSets = sets.ToArray();
            return sets;
        }
    }
}
