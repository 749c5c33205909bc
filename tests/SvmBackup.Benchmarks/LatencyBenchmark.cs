using System.Globalization;
using System.Runtime.Versioning;
using SvmBackup.Sessions;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;

namespace SvmBackup.Benchmarks;

/// <summary>
/// --latency: the write-lock window of a backup split against the network's round-trip time, on the simulated host
/// behind a real sshd (the test rig), with a <see cref="DelayProxy"/> between client and sshd. For each one-way delay
/// and repetition: one trivial round trip (what one remote round trip costs), the trapped lock-split-unlock script (host-side window), rejoin
/// and resync; then lock, split, unlock as separate round trips (client-side window and, from a clocked lockfs,
/// host-side window), rejoin and resync. Medians, each as a ratio to its own 0-delay median of this same run.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class LatencyBenchmark
{
    private static readonly int[] OneWayDelaysMs = { 0, 25, 50, 100 };
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    public static async Task<int> RunAsync(string[] args)
    {
        var repetitions = 5;
        var i = Array.IndexOf(args, "--repetitions");
        if (i >= 0 && (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out repetitions) || repetitions < 1))
        {
            Console.Error.WriteLine("--repetitions needs a positive whole number.");
            return 2;
        }

        if (!SshdRig.IsAvailable(out var reason))
        {
            Console.Error.WriteLine($"--latency needs the sshd test rig, which cannot start here: {reason}.");
            Console.Error.WriteLine(RigRequirement.HowToEnable);
            return 3;
        }

        Console.WriteLine("Write-lock window against network round-trip time: simulated Solaris host behind a real sshd on 127.0.0.1,");
        Console.WriteLine("a TCP proxy in between that holds every chunk back by the one-way delay in each direction (RTT + 2 x delay).");
        Console.WriteLine("trapped = FreezeSplitThaw (lockfs -w, metaoffline, lockfs -u in one remote script), window measured on the host;");
        Console.WriteLine("steps   = UfsLockOperations.LockAsync, SubmirrorOperations.SplitAsync, UfsLockOperations.UnlockAsync, one round trip each");
        Console.WriteLine("          (plus their checks); client window = lockfs -w request sent -> unlock returned; host window = first lockfs -w");
        Console.WriteLine("          started -> last lockfs -u done, from a lockfs wrapper that logs the host clock (same points as the script's marks).");
        Console.WriteLine("network RTT = what the proxy adds (2 x delay); trivial round trip = one remote round trip that runs no simulated tool");
        Console.WriteLine("(cat /etc/release: SSH channel open, then the command). After each run: metaonline, then wait for the resync.");
        Console.WriteLine("On the simulated host every lockfs/metastat/metaoffline is a short-lived .NET process, so the windows include their");
        Console.WriteLine("start-up (a real Solaris host runs these tools in milliseconds); what matters is how each column grows with the delay.");
        Console.WriteLine($"{repetitions} repetitions, each of all delays in turn (after one warm-up), medians; ratio = median / the same column's 0-ms median.");
        Console.WriteLine();

        using var host = new SimulatedHost();
        var root = host.RootFor(LockWindowExperiment.Node);
        var clockLog = Path.Combine(host.StateDirectory, "lockfs-clock.log");
        LockWindowExperiment.InstallLockfsClock(root, clockLog);
        await using var rig = await SshdRig.StartAsync(new SshdRigOptions { NodeName = LockWindowExperiment.Node, SolarisRoot = root });
        var experiment = new LockWindowExperiment(clockLog);

        // One link and one login per delay, all open at once: each repetition runs every delay in turn, so a change in
        // the machine's load during the run falls on all rows alike instead of on the rows measured last.
        var rows = new List<Row>();
        var links = new List<(DelayProxy Proxy, SvmSession Session)>();
        try
        {
            foreach (var delayMs in OneWayDelaysMs)
            {
                var proxy = DelayProxy.Start(rig.Host, rig.Port, TimeSpan.FromMilliseconds(delayMs));
                SvmSession session;
                try { session = await LockWindowExperiment.OpenSessionAsync(rig, proxy); }
                catch { proxy.Dispose(); throw; }
                links.Add((proxy, session));
                rows.Add(new Row(delayMs));
            }
            await RepetitionAsync(experiment, links[0].Session); // warm-up, not counted
            for (var rep = 1; rep <= repetitions; rep++)
            {
                for (var d = 0; d < rows.Count; d++)
                {
                    var row = rows[d];
                    var (rtt, trapped, steps) = await RepetitionAsync(experiment, links[d].Session);
                    row.Rtt.Add(rtt.TotalMilliseconds);
                    row.Trapped.Add(trapped.HostWindow!.Value.TotalMilliseconds);
                    row.TrappedTrips.Add(trapped.RoundTrips);
                    row.StepsClient.Add(steps.ClientWindow.TotalMilliseconds);
                    row.StepsHost.Add(steps.HostWindow?.TotalMilliseconds ?? double.NaN);
                    row.StepsTrips.Add(steps.RoundTrips);
                    Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                        "  rep {1}  delay {0,3} ms: round trip {2,7:F1} ms | trapped {3,6:F1} ms host ({4,6:F1} ms by the lockfs clock), {5} round trip | steps {6,7:F1} ms client, {7,7:F1} ms host, {8} round trips",
                        row.DelayMs, rep, rtt.TotalMilliseconds, trapped.HostWindow!.Value.TotalMilliseconds, trapped.ClockedHostWindow?.TotalMilliseconds ?? double.NaN,
                        trapped.RoundTrips, steps.ClientWindow.TotalMilliseconds, steps.HostWindow?.TotalMilliseconds ?? double.NaN, steps.RoundTrips));
                }
            }
        }
        finally
        {
            foreach (var (proxy, session) in links)
            {
                session.Dispose();
                proxy.Dispose();
            }
        }

        Console.WriteLine();
        Console.WriteLine("Summary (medians of this run; ratio to the 0 ms row of the same column):");
        const string medianRatio = "      median    ratio";
        Console.WriteLine("  one-way  network    trivial | trapped window (host) | steps window (client) | steps window (host)   | round trips");
        Console.WriteLine($"    delay      RTT round trip | {medianRatio} | {medianRatio} | {medianRatio} | trapped steps");
        var baseline = rows[0];
        foreach (var r in rows)
        {
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "  {0,4} ms  +{10,3} ms {1,7:F1} ms | {2,9:F1} ms {3,7:F2}x | {4,9:F1} ms {5,7:F2}x | {6,9:F1} ms {7,7:F2}x | {8,7} {9,5}",
                r.DelayMs, Median(r.Rtt),
                Median(r.Trapped), Median(r.Trapped) / Median(baseline.Trapped),
                Median(r.StepsClient), Median(r.StepsClient) / Median(baseline.StepsClient),
                Median(r.StepsHost), Median(r.StepsHost) / Median(baseline.StepsHost),
                Trips(r.TrappedTrips), Trips(r.StepsTrips), 2 * r.DelayMs));
        }
        return 0;
    }

    private static async Task<(TimeSpan Rtt, LockWindowSample Trapped, LockWindowSample Steps)> RepetitionAsync(LockWindowExperiment experiment, SvmSession session)
    {
        // A pause before each measured run lets the processes of the previous one finish exiting on the host, so that
        // no row (the 0 ms one least of all, where nothing waits for the network) starts while they still run.
        await Task.Delay(Settle);
        var rtt = await LockWindowExperiment.TrivialRoundTripAsync(session);
        await Task.Delay(Settle);
        var trapped = await experiment.RunTrappedAsync(session);
        await LockWindowExperiment.RejoinAsync(session);
        await Task.Delay(Settle);
        var steps = await experiment.RunStepsAsync(session);
        await LockWindowExperiment.RejoinAsync(session);
        return (rtt, trapped, steps);
    }

    private static double Median(List<double> values)
    {
        var s = values.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static string Trips(List<long> trips) =>
        trips.Min() == trips.Max() ? trips[0].ToString(CultureInfo.InvariantCulture) : $"{trips.Min()}-{trips.Max()}";

    private sealed class Row(int delayMs)
    {
        public int DelayMs { get; } = delayMs;
        public List<double> Rtt { get; } = new();
        public List<double> Trapped { get; } = new();
        public List<long> TrappedTrips { get; } = new();
        public List<double> StepsClient { get; } = new();
        public List<double> StepsHost { get; } = new();
        public List<long> StepsTrips { get; } = new();
    }
}
