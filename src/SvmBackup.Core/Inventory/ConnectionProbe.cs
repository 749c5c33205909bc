using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Model;
using SvmBackup.Parsing;
using SvmBackup.Scripts;
using SvmBackup.Sessions;

namespace SvmBackup.Inventory
{
    /// <summary>Checks a session end to end in one round trip: OS, elevation, SVM tools, disk sets.</summary>
    public static class ConnectionProbe
    {
        /// <summary>The tools the module runs, at their Solaris paths.</summary>
        public static readonly string[] RequiredTools =
        {
            SolarisPaths.Metastat, SolarisPaths.Metaset, SolarisPaths.Metaoffline, SolarisPaths.Metaonline,
            SolarisPaths.Metadetach, SolarisPaths.Metattach, SolarisPaths.Lockfs, SolarisPaths.Ufsdump, SolarisPaths.Fsck,
        };

        private static readonly Regex Uid = new Regex(@"^uid=(\d+)", RegexOptions.CultureInvariant);

        public static RemoteBatch BuildBatch(SvmSession session)
        {
            var batch = session.NewBatch();
            batch.SafeToRetry = true; // status only
            batch.Add(new RemoteCommand(SolarisPaths.Uname, "-a"));
            batch.Add(new RemoteCommand(SolarisPaths.Cat, SolarisPaths.Release));
            // Solaris /usr/bin/id has no -u; its first word is uid=N(name). Run as a root command to prove elevation.
            batch.Add(new RemoteCommand("/usr/bin/id") { NeedsRoot = true });
            foreach (var tool in RequiredTools) batch.Add(new RemoteCommand("/usr/bin/test", "-x", tool));
            batch.Add(new RemoteCommand(SolarisPaths.Metaset));
            return batch;
        }

        public static async Task<SvmConnectionReport> RunAsync(SvmSession session, CancellationToken cancellationToken)
        {
            var report = new SvmConnectionReport
            {
                ComputerName = session.ComputerName,
                Target = session.Target,
                UserName = session.UserName,
                KeyExchangeAlgorithm = session.KeyExchangeAlgorithm,
                HostKeyAlgorithm = session.HostKeyAlgorithm,
                Cipher = session.Cipher,
                Mac = session.Mac,
                HostKeyFingerprint = session.HostKeyFingerprint,
                Elevation = session.Elevation.ToString(),
            };
            var problems = new List<string>();
            var batch = BuildBatch(session);
            IReadOnlyList<CommandResult> r;
            try
            {
                r = await session.RunAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (SvmElevationException ex)
            {
                // The elevation failed, but the host answered: report it instead of failing the whole test.
                report.Reachable = true;
                report.Problems = new[] { ex.Message };
                return report;
            }
            report.Reachable = true;
            report.OperatingSystem = FirstLine(r[0].Stdout);
            report.Release = FirstLine(r[1].Stdout);
            var id = Uid.Match(r[2].Stdout.Trim());
            if (id.Success) report.RootCommandUid = int.Parse(id.Groups[1].Value, CultureInfo.InvariantCulture);
            if (report.RootCommandUid != 0)
                problems.Add(session.Elevation == Elevation.None
                    ? $"Commands run as '{session.UserName}', not root: log in as root or use -Elevation Sudo/Pfexec."
                    : $"-Elevation {session.Elevation} does not give root (uid {report.RootCommandUid?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}).");
            report.MissingTools = RequiredTools.Where((t, i) => r[3 + i].ExitCode != 0).ToArray();
            if (report.MissingTools.Length > 0) problems.Add("Missing Solaris tools: " + string.Join(", ", report.MissingTools));
            var metaset = r[3 + RequiredTools.Length];
            if (metaset.ExitCode == 0)
            {
                report.CanSeeDiskSets = true;
                report.DiskSets = MetasetParser.Parse(metaset.Stdout, session.ComputerName)
                    .Select(s => s.Name + (s.Owners.Contains(session.ComputerName) ? " (owner)" : "")).ToArray();
            }
            else
            {
                var errors = MetaErrorParser.Parse(metaset.Stderr);
                problems.Add("metaset: " + (errors.Count > 0 ? errors[0].Message : session.Secrets.Apply(metaset.Stderr.Trim())));
            }
            report.Problems = problems.ToArray();
            return report;
        }

        private static string? FirstLine(string text)
        {
            var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
            return line;
        }
    }
}
