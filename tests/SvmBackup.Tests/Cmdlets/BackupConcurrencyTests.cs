using System.Diagnostics;
using System.Management.Automation;
using SvmBackup.Model;
using SvmBackup.Sessions;
using SvmBackup.Simulator;
using SvmBackup.Simulator.Topology;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;
using Xunit.Abstractions;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>
/// Backup-SvmMirror under concurrency and load: 16 backups across 8 simulated hosts at once, two backups of the same
/// mirror at once (in one process: the in-process registry refuses; from two processes: the host marker refuses),
/// and one session used by several runspaces in parallel.
/// </summary>
public class BackupConcurrencyTests : IClassFixture<SshSimulatorFixture>, IDisposable
{
    private const int Nodes = 8;
    private readonly SshSimulatorFixture _f;
    private readonly ITestOutputHelper _out;
    private readonly string _dir = Directory.CreateTempSubdirectory("svm-concurrency-").FullName;

    public BackupConcurrencyTests(SshSimulatorFixture fixture, ITestOutputHelper output)
    {
        _f = fixture;
        _out = output;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string MarkerRoot(string sim, string node) => Path.Combine(sim, "roots", node, "var", "opt", "svmbackup", "runs");

    /// <summary>Live mirror directories under a node's marker root (the host says a backup holds them).</summary>
    private static string[] Markers(string sim, string node)
    {
        var root = MarkerRoot(sim, node);
        return Directory.Exists(root) ? Directory.GetDirectories(root).SelectMany(Directory.GetDirectories).ToArray() : [];
    }

    // ---- 1. 16 backups across 8 hosts -----------------------------------------------------------------

    /// <summary>node1..node8, each with d10 = d11 + d12 on /data1 and d20 = d21 + d22 on /data2 (4 MiB each).</summary>
    private static string EightNodeTopology(string dir)
    {
        static TopologyMetadevice Stripe(string name, string component) => new()
        {
            Name = name, Type = "stripe", SizeBlocks = 8192,
            Components = { new TopologyComponent { Name = component, DevId = "id1,sd@SSEAGATE_ST336607LSUN36G_" + component.ToUpperInvariant() } },
        };
        var topology = new SimulatorTopology();
        for (var i = 1; i <= Nodes; i++)
        {
            var node = new TopologyNode { Name = "node" + i };
            node.Mounts.Add(new TopologyMount { Special = "/dev/dsk/c0t0d0s0", MountPoint = "/" });
            node.Mounts.Add(new TopologyMount { Special = "swap", MountPoint = "/tmp", FsType = "tmpfs", Options = "xattr" });
            foreach (var (mirror, a, b, mount, target) in new[] { ("d10", "d11", "d12", "/data1", 1), ("d20", "d21", "d22", "/data2", 2) })
            {
                node.Mounts.Add(new TopologyMount { Special = "/dev/md/dsk/" + mirror, MountPoint = mount });
                node.Metadevices.Add(new TopologyMetadevice { Name = mirror, Type = "mirror", Submirrors = { a, b } });
                node.Metadevices.Add(Stripe(a, $"c{target}t{i}d0s0"));
                node.Metadevices.Add(Stripe(b, $"c{target + 2}t{i}d0s0"));
            }
            topology.Nodes.Add(node);
        }
        var path = Path.Combine(dir, "eight-nodes.json");
        topology.Save(path);
        return path;
    }

    [Fact]
    public void Sixteen_backups_across_eight_hosts_run_hosts_in_parallel_and_one_hosts_mirrors_in_turn()
    {
        var journal = Path.Combine(_dir, "journal");
        var sw = Stopwatch.StartNew();
        // Each ufsdump takes at least 1.5 s on every node, so runs on different hosts must overlap if they run at once.
        var r = _f.Engine.Invoke("""
            param($topology, $j)
            $sim = New-SvmSimulator -Topology $topology
            $sim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1e9 })
            foreach ($n in $sim.Nodes) {
                [IO.Directory]::CreateDirectory([IO.Path]::Combine($sim.Path, 'roots', $n, 'backup')) | Out-Null
                $sim.Engine.InjectFault([SvmBackup.Simulator.SimulatorFault]::Latency(1500, 'ufsdump', $n))
            }
            $ss = foreach ($n in $sim.Nodes) { New-SvmSession -Simulator $sim -ComputerName $n }
            $sim.Path
            try { $ss | Get-SvmMirror | Backup-SvmMirror -RemotePath '/backup/{host}-{mirror}.ufsdump' -ThrottleLimit 8 -JournalPath $j }
            finally { Remove-SvmSession $ss }
            """, EightNodeTopology(_dir), journal);
        var elapsed = sw.Elapsed;
        r.AssertNoErrors();
        var sim = Assert.IsType<string>(r.Output[0].BaseObject);
        var results = r.Output.Skip(1).Select(o => Assert.IsType<SvmBackupResult>(o.BaseObject)).ToList();

        // 16 results, all Succeeded, one per mirror, each with its own target, and the file is on its host.
        Assert.Equal(2 * Nodes, results.Count);
        Assert.All(results, b => Assert.True(b.Status == "Succeeded", $"{b.ComputerName} {b.Mirror}: {b.Status}"));
        var expected = Enumerable.Range(1, Nodes).SelectMany(i => new[] { ("node" + i, "d10"), ("node" + i, "d20") }).Order().ToList();
        Assert.Equal(expected, results.Select(b => (b.ComputerName, b.Mirror)).Order().ToList());
        Assert.All(results, b => Assert.Equal($"/backup/{b.ComputerName}-{b.Mirror}.ufsdump", b.Target));
        Assert.Equal(results.Count, results.Select(b => b.RunId).Distinct().Count());
        Assert.All(results, b => Assert.Equal(b.Mirror == "d10" ? "d12" : "d22", b.Submirror));
        long bytes = 0;
        foreach (var b in results)
        {
            var file = new FileInfo(Path.Combine(sim, "roots", b.ComputerName, "backup", $"{b.ComputerName}-{b.Mirror}.ufsdump"));
            Assert.True(file.Exists && file.Length > 0, file.FullName + " missing or empty");
            bytes += file.Length;
            // The image is of this host's split submirror (no two runs wrote into each other's file).
            using var image = file.OpenRead();
            var header = DumpImage.ReadHeader(image);
            Assert.Equal((b.ComputerName, "/dev/md/rdsk/" + b.Submirror, 0), (header.Node, header.Device, header.Level));
        }

        // Afterwards: every mirror healthy, no host marker, every journal Succeeded with the results' run ids.
        var after = _f.Engine.Invoke("""
            param($p, $j)
            $sim = New-SvmSimulator -Path $p
            $ss = foreach ($n in $sim.Nodes) { New-SvmSession -Simulator $sim -ComputerName $n }
            try { $ss | Get-SvmMirror } finally { Remove-SvmSession $ss }
            Get-SvmBackupJournal -JournalPath $j
            """, sim, journal);
        after.AssertNoErrors();
        var mirrors = after.Output.Select(o => o.BaseObject).OfType<SvmMirror>().ToList();
        Assert.Equal(2 * Nodes, mirrors.Count);
        Assert.All(mirrors, m => Assert.True(m.IsHealthy, $"{m.ComputerName} {m.Name} is not healthy after the backups"));
        Assert.All(Enumerable.Range(1, Nodes), i => Assert.Empty(Markers(sim, "node" + i)));
        var journals = after.Output.Select(o => o.BaseObject).OfType<SvmBackupJournalEntry>().ToList();
        Assert.Equal(results.Select(b => b.RunId).Order(), journals.Select(e => e.RunId).Order());
        Assert.All(journals, e => Assert.Equal("Succeeded", e.Status));

        // Different hosts ran at once (intervals overlap); the two mirrors of one host never did.
        var overlappingPairs = 0;
        for (var i = 0; i < results.Count; i++)
            for (var k = i + 1; k < results.Count; k++)
            {
                var (a, b) = (results[i], results[k]);
                var overlap = a.Start < b.End && b.Start < a.End;
                if (a.ComputerName == b.ComputerName)
                    Assert.False(overlap, $"{a.ComputerName}: {a.Mirror} ({a.Start:HH:mm:ss.fff}-{a.End:HH:mm:ss.fff}) and {b.Mirror} ({b.Start:HH:mm:ss.fff}-{b.End:HH:mm:ss.fff}) ran at the same time");
                else if (overlap) overlappingPairs++;
            }
        var events = results.SelectMany(b => new[] { (T: b.Start, D: 1), (T: b.End!.Value, D: -1) }).OrderBy(e => e.T).ThenBy(e => e.D).ToList();
        int running = 0, peak = 0;
        foreach (var e in events) peak = Math.Max(peak, running += e.D);
        _out.WriteLine($"{results.Count} backups on {Nodes} hosts in {elapsed.TotalSeconds:0.0} s; {bytes} bytes dumped; " +
                       $"{overlappingPairs} overlapping pairs across hosts, peak {peak} runs at once; run durations {results.Min(b => b.Duration!.Value.TotalSeconds):0.0}-{results.Max(b => b.Duration!.Value.TotalSeconds):0.0} s");
        Assert.True(overlappingPairs > 0, "no two hosts were ever backed up at the same time");
        Assert.True(peak >= 2);
    }

    // ---- 2. two backups of the same mirror at once -------------------------------------------------

    /// <summary>A simulated host (default topology) with /backup on myhost, a fast resync and the given latencies.</summary>
    private string NewSimulator(int testLatencyMs, int dumpLatencyMs)
    {
        var r = _f.Engine.Invoke("""
            param($t, $d)
            $sim = New-SvmSimulator
            $sim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1e9 })
            [IO.Directory]::CreateDirectory([IO.Path]::Combine($sim.Path, 'roots', 'myhost', 'backup')) | Out-Null
            if ($t -gt 0) { $sim.Engine.InjectFault([SvmBackup.Simulator.SimulatorFault]::Latency($t, 'test', 'myhost')) }
            $sim.Engine.InjectFault([SvmBackup.Simulator.SimulatorFault]::Latency($d, 'ufsdump', 'myhost'))
            $sim.Path
            """, testLatencyMs, dumpLatencyMs);
        r.AssertNoErrors();
        return Assert.IsType<string>(r.Output.Single().BaseObject);
    }

    private const string BackupD1 = """
        param($p, $j, $tag)
        $sim = New-SvmSimulator -Path $p
        $s = New-SvmSession -Simulator $sim -ComputerName myhost
        try { Backup-SvmMirror -Session $s d1 -RemotePath "/backup/$tag.ufsdump" -JournalPath $j } finally { Remove-SvmSession $s }
        """;

    private sealed record Outcome(string Tag, SvmBackupResult? Result, ErrorRecord? Error);

    private static Outcome Finish(string tag, RunningPipeline p)
    {
        Assert.True(p.Wait(TimeSpan.FromMinutes(3)), tag + " did not finish");
        var results = p.Output.Select(o => o.BaseObject).OfType<SvmBackupResult>().ToList();
        var errors = p.Shell.Streams.Error.ToList();
        Assert.True(results.Count + errors.Count == 1, $"{tag}: {results.Count} results, errors: {string.Join(" | ", errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message))}");
        return new Outcome(tag, results.SingleOrDefault(), errors.SingleOrDefault());
    }

    /// <summary>Exactly one Succeeded; the other is BackupInProgress naming the winner's run id; the host is whole again.</summary>
    private string AssertOneWinner(string sim, Outcome a, Outcome b, string? externalWinnerRunId = null)
    {
        var winners = new[] { a, b }.Where(o => o.Result != null).ToList();
        var winner = Assert.Single(winners);
        var loser = new[] { a, b }.Single(o => o != winner);
        Assert.Equal("Succeeded", winner.Result!.Status);
        var e = loser.Error!;
        Assert.True(e.FullyQualifiedErrorId.StartsWith("BackupInProgress,", StringComparison.Ordinal), $"{loser.Tag}: {e.FullyQualifiedErrorId}: {e.Exception.Message}");
        Assert.Equal(ErrorCategory.ResourceBusy, e.CategoryInfo.Category);
        Assert.Contains(externalWinnerRunId ?? winner.Result.RunId!, e.ErrorDetails.Message);
        Assert.True(File.Exists(Path.Combine(sim, "roots", "myhost", "backup", winner.Tag + ".ufsdump")));
        Assert.False(File.Exists(Path.Combine(sim, "roots", "myhost", "backup", loser.Tag + ".ufsdump")), "the refused run dumped too");
        Assert.Empty(Markers(sim, "myhost"));
        var healthy = _f.Engine.Invoke("param($p) $s = New-SvmSession -Simulator (New-SvmSimulator -Path $p) -ComputerName myhost; try { (Get-SvmMirror -Session $s d1).IsHealthy } finally { Remove-SvmSession $s }", sim);
        healthy.AssertNoErrors();
        Assert.Equal(true, healthy.Output.Single().BaseObject);
        _out.WriteLine($"  winner {winner.Tag} ({winner.Result.RunId}); {loser.Tag} refused: {e.ErrorDetails.Message}");
        return e.ErrorDetails.Message;
    }

    [Fact]
    public void Two_backups_of_one_mirror_in_one_process_one_runs_the_other_is_refused_with_its_run_id()
    {
        var journal = Path.Combine(_dir, "journal");
        using var hostA = new PipelineHost();
        using var hostB = new PipelineHost();

        // a) At the same instant: both preflights find no marker (each spends 5 s in the target checks), so the
        //    in-process registry decides between them.
        var sim = NewSimulator(testLatencyMs: 1000, dumpLatencyMs: 3000);
        _out.WriteLine("same instant:");
        using (var a = hostA.Start(BackupD1, sim, journal, "a"))
        using (var b = hostB.Start(BackupD1, sim, journal, "b"))
            AssertOneWinner(sim, Finish("a", a), Finish("b", b));

        // b) The second starts while the first holds the mirror (its marker is on the host): refused from the preflight.
        sim = NewSimulator(testLatencyMs: 0, dumpLatencyMs: 8000);
        _out.WriteLine("second while the first runs:");
        using (var a = hostA.Start(BackupD1, sim, journal, "a"))
        {
            var sw = Stopwatch.StartNew();
            while (Markers(sim, "myhost").Length == 0 && sw.Elapsed < TimeSpan.FromMinutes(1) && a.State == PSInvocationState.Running) Thread.Sleep(20);
            Assert.NotEmpty(Markers(sim, "myhost"));
            using var b = hostB.Start(BackupD1, sim, journal, "b");
            var first = Finish("a", a);
            var second = Finish("b", b);
            Assert.NotNull(first.Result);
            AssertOneWinner(sim, first, second);
        }
    }

    private static string ExamplesHost()
    {
        var dll = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "examples", "SvmBackup.Examples", "bin"), "svmbackup-examples.dll", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
        Assert.True(dll != null, "Build first: the examples host (examples/SvmBackup.Examples) is missing.");
        return dll!;
    }

    [Fact]
    public async Task Two_backups_of_one_mirror_from_two_processes_the_host_marker_refuses_the_second()
    {
        var journal = Path.Combine(_dir, "journal");
        var script = Path.Combine(_dir, "Backup-D1.ps1");
        File.WriteAllText(script, """
            param($p, $j, $tag, $out)
            Import-Module SvmBackup
            $sim = New-SvmSimulator -Path $p
            $s = New-SvmSession -Simulator $sim -ComputerName myhost
            $lines = @()
            try {
                $r = Backup-SvmMirror -Session $s d1 -RemotePath "/backup/$tag.ufsdump" -JournalPath $j -ErrorVariable ev -ErrorAction SilentlyContinue
                foreach ($x in $r) { $lines += 'RESULT|' + $x.Status + '|' + $x.RunId }
                foreach ($e in $ev) { $lines += 'ERROR|' + $e.FullyQualifiedErrorId + '|' + ($e.ErrorDetails.Message -replace '\s+', ' ') }
            } finally { Remove-SvmSession $s }
            [IO.File]::WriteAllLines($out, [string[]]$lines)
            """);
        var outFile = Path.Combine(_dir, "process-b.txt");
        // Each preflight spends 5 s in the target checks, so the other process (which needs a few seconds to start)
        // usually also finds no marker and meets this one's marker in its own lock script (mkdir refuses).
        var sim = NewSimulator(testLatencyMs: 1000, dumpLatencyMs: 4000);
        using var hostA = new PipelineHost();
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? self
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dotnet")).First(File.Exists);
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { ExamplesHost(), script, sim, journal, "b", outFile }) psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var a1 = hostA.Start(BackupD1, sim, journal, "a");
        using var other = Process.Start(psi)!;
        var stdout = other.StandardOutput.ReadToEndAsync();
        var stderr = other.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
            await other.WaitForExitAsync(limit.Token);
        var (so, se) = (await stdout, await stderr);
        var inProcess = Finish("a", a1);
        _out.WriteLine($"second process exited {other.ExitCode} after {sw.Elapsed.TotalSeconds:0.0} s; stdout: {so.Trim()} stderr: {se.Trim()}");
        Assert.True(File.Exists(outFile), "the second process wrote no outcome: " + se);
        var lines = File.ReadAllLines(outFile);
        _out.WriteLine("second process: " + string.Join(" / ", lines));
        var line = Assert.Single(lines).Split('|', 3);

        Outcome external;
        string? externalRunId = null;
        if (line[0] == "RESULT")
        {
            Assert.Equal("Succeeded", line[1]);
            externalRunId = line[2];
            external = new Outcome("b", new SvmBackupResult { Status = line[1], RunId = line[2] }, null);
        }
        else
        {
            Assert.Equal("ERROR", line[0]);
            var record = new ErrorRecord(new InvalidOperationException(line[2]), line[1], line[1].StartsWith("BackupInProgress,", StringComparison.Ordinal) ? ErrorCategory.ResourceBusy : ErrorCategory.NotSpecified, null)
            { ErrorDetails = new ErrorDetails(line[2]) };
            external = new Outcome("b", null, record);
        }
        var message = AssertOneWinner(sim, inProcess, external, externalRunId);
        // Another process's run is only known to this one through the host: the marker (its preflight) or mkdir (its lock script).
        Assert.True(message.Contains("holds it", StringComparison.Ordinal) || message.Contains("started meanwhile", StringComparison.Ordinal), message);
        _out.WriteLine(message.Contains("started meanwhile") ? "refused in the lock script (mkdir of the marker)" : "refused in the preflight (marker read)");
    }

    // ---- 3. one session, several runspaces ---------------------------------------------------------

    private void OneSessionFromFourRunspaces(SvmSession s, string node, int iterations)
    {
        const int runspaces = 4;
        // What one Get-SvmMirror and one Get-UfsLock send, read alone.
        var reference = _f.Engine.Invoke("param($s) Get-SvmMirror -Session $s -Verbose; '--'; Get-UfsLock -Session $s -Verbose", s);
        reference.AssertNoErrors();
        var cut = reference.Output.Select(o => o.BaseObject).ToList().IndexOf("--");
        var refMirrors = reference.Output.Take(cut).Select(o => (SvmMirror)o.BaseObject).ToDictionary(m => m.Name, MirrorSnapshot.Of);
        var refLocks = MirrorSnapshot.Of(reference.Output.Skip(cut + 1).Select(o => o.BaseObject).ToList());
        Assert.NotEmpty(refMirrors);
        var transcriptBefore = s.Transcript.Length;
        var tripsBefore = s.RoundTrips;

        var hosts = Enumerable.Range(0, runspaces).Select(_ => new PipelineHost()).ToList();
        try
        {
            var sw = Stopwatch.StartNew();
            var pipelines = hosts.Select(h => h.Start("""
                param($s, $n)
                for ($i = 0; $i -lt $n; $i++) {
                    "mirrors $i"; Get-SvmMirror -Session $s -Verbose
                    "locks $i"; Get-UfsLock -Session $s -Verbose
                }
                """, s, iterations)).ToList();
            foreach (var p in pipelines) Assert.True(p.Wait(TimeSpan.FromMinutes(5)), "a runspace did not finish");
            var elapsed = sw.Elapsed;

            var verboseLines = new List<int>();
            foreach (var (p, i) in pipelines.Select((p, i) => (p, i)))
            {
                Assert.True(p.Shell.Streams.Error.Count == 0, $"runspace {i}: " + string.Join(" | ", p.Shell.Streams.Error.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message)));
                // Each result parses and equals the reference read: 'mirrors i', its mirrors, 'locks i', its locks.
                var items = p.Output.Select(o => o.BaseObject).ToList();
                for (var k = 0; k < iterations; k++)
                {
                    var m = items.IndexOf($"mirrors {k}");
                    var l = items.IndexOf($"locks {k}");
                    var next = k + 1 < iterations ? items.IndexOf($"mirrors {k + 1}") : items.Count;
                    Assert.True(m >= 0 && l > m && next > l, $"runspace {i}: output out of order at iteration {k}");
                    var mirrors = items.Skip(m + 1).Take(l - m - 1).Select(x => Assert.IsType<SvmMirror>(x)).ToList();
                    Assert.Equal(refMirrors.Keys.Order(), mirrors.Select(x => x.Name).Order());
                    Assert.All(mirrors, x => Assert.Equal(refMirrors[x.Name], MirrorSnapshot.Of(x)));
                    Assert.Equal(refLocks, MirrorSnapshot.Of(items.Skip(l + 1).Take(next - l - 1).Select(x => Assert.IsType<UfsLock>(x)).ToList()));
                }
                verboseLines.Add(p.Shell.Streams.Verbose.Count);
            }

            // The transcript: one well-formed block per round trip, every command of a read, all with exit 0.
            var entries = s.Transcript.Skip(transcriptBefore).ToList();
            var trips = entries.GroupBy(t => t.RoundTrip).ToList();
            Assert.Equal(2 * iterations * runspaces, trips.Count);
            Assert.Equal(s.RoundTrips - tripsBefore, trips.Count);
            var mirrorRead = new[] { SvmBackup.Scripts.SolarisPaths.Metastat, "/usr/bin/cat /etc/mnttab" };
            var lockRead = s.Transcript.Take(transcriptBefore).Where(t => t.RoundTrip == s.Transcript.Take(transcriptBefore).Max(x => x.RoundTrip)).Select(t => t.Command).ToArray();
            foreach (var trip in trips)
            {
                var first = entries.FindIndex(t => t.RoundTrip == trip.Key);
                Assert.True(entries.Skip(first).Take(trip.Count()).All(t => t.RoundTrip == trip.Key), $"round trip {trip.Key} is not one block in the transcript");
                var commands = trip.Select(t => t.Command).ToArray();
                Assert.True(commands.SequenceEqual(mirrorRead) || commands.SequenceEqual(lockRead), $"round trip {trip.Key}: {string.Join("; ", commands)}");
                Assert.All(trip, t => Assert.Equal((0, node), (t.ExitCode ?? -1, t.ComputerName)));
            }
            Assert.Equal(iterations * runspaces, trips.Count(t => t.First().Command == SvmBackup.Scripts.SolarisPaths.Metastat));

            // -Verbose shows each runspace what the same reads show alone: its own commands, no more, no fewer.
            var perRunspace = iterations * reference.Verbose.Count;
            _out.WriteLine($"{runspaces} runspaces x {iterations} iterations on one session to {node} in {elapsed.TotalSeconds:0.0} s: {trips.Count} round trips, " +
                           $"{entries.Count} transcript entries; verbose lines per runspace {string.Join(", ", verboseLines)} (expected {perRunspace} each)");
            Assert.All(verboseLines, n => Assert.Equal(perRunspace, n));
        }
        finally
        {
            foreach (var h in hosts) h.Dispose();
        }
    }

    [Fact]
    public void One_simulated_session_used_by_four_runspaces_at_once()
    {
        var r = _f.Engine.Invoke("$sim = New-SvmSimulator; New-SvmSession -Simulator $sim -ComputerName myhost");
        r.AssertNoErrors();
        using var s = r.Single<SvmSession>();
        OneSessionFromFourRunspaces(s, "myhost", iterations: 3);
    }

    [SkippableFact]
    public void One_ssh_session_used_by_four_runspaces_at_once()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        var r = _f.Engine.Invoke("param($port, $key, $kh) New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh", rig.Port, rig.RootKeyPath, rig.KnownHostsFile);
        r.AssertNoErrors();
        using var s = r.Single<SvmSession>();
        OneSessionFromFourRunspaces(s, "myhost", iterations: 5);
    }
}
