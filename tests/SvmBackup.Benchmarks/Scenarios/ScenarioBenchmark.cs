using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using SvmBackup.Model;
using SvmBackup.Simulator;
using SvmBackup.Simulator.Topology;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Simulator;
using SvmBackup.Tests.Support;

namespace SvmBackup.Benchmarks.Scenarios;

/// <summary>
/// --scenarios: SvmBackup against what people do today, in one run, as ratios. On the simulated host myhost behind a
/// real sshd (the test rig): (1) one backup of d1 (/home1, split d3) to the simulated tape three ways — Backup-SvmMirror,
/// the step cmdlets piped by hand, and a shell runbook with one OpenSSH connection per step — at several network
/// delays (a <see cref="DelayProxy"/> in front of sshd); (2) dump streaming: Invoke-SubmirrorDump -Destination against
/// <c>ssh host ufsdump 0f - ... &gt; file</c>; (3) a fleet of 1, 4, 8 simulated hosts backed up by one
/// Backup-SvmMirror -ThrottleLimit N over local simulator sessions.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class ScenarioBenchmark
{
    private static readonly int[] OneWayDelaysMs = { 0, 10, 25 };
    // 32 hosts only with resident tools: with a .NET start per tool call it would take minutes per repetition here.
    private static readonly int[] FleetSizes = { 1, 8, 32 };
    private static readonly int[] FleetSizesPerProcess = { 1, 4, 8 };
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);
    private const string Tape = "/dev/rmt/0";

    [DllImport("libc")]
    private static extern uint geteuid();

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryOption(args, "--repetitions", 3, out var repetitions) || !TryOption(args, "--dump-mib", 256, out var dumpMib)
            || !TryOption(args, "--part", 0, out var part) || part > 3 || !TryOption(args, "--host-latency-ms", 0, out var hostLatency))
        {
            Console.Error.WriteLine("--repetitions, --dump-mib and --host-latency-ms need a positive whole number, --part 1, 2 or 3.");
            return 2;
        }
        if (geteuid() != 0)
        {
            Console.Error.WriteLine("--scenarios must run as root: it starts a real sshd in private Linux namespaces (mount, UTS, PID) for the simulated host.");
            return 3;
        }
        if (!SshdRig.IsAvailable(out var reason))
        {
            Console.Error.WriteLine($"--scenarios needs the sshd test rig, which cannot start here: {reason}.");
            Console.Error.WriteLine(RigRequirement.HowToEnable);
            return 3;
        }
        var runbook = Path.Combine(AppContext.BaseDirectory, "Scenarios", "runbook.sh");
        if (!File.Exists(runbook) || !File.Exists("/usr/bin/ssh"))
        {
            Console.Error.WriteLine("--scenarios needs the OpenSSH client (/usr/bin/ssh) and " + runbook + ".");
            return 3;
        }

        Console.WriteLine($"Machine: {Environment.ProcessorCount} logical CPUs, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 20):N0} MiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"{repetitions} repetitions per row, medians; ratios are to the runbook (or OpenSSH, or 1 host) of this same run.");
        Console.WriteLine();

        using var host = new SimulatedHost();
        host.Simulator.UpdateOptions(o => o.ResyncBlocksPerSecond = 1e9); // every rejoin is whole again at once
        // Resident (default): the host's tools run in one `svmsim serve` outside the rig, called by Perl shims, so a
        // tool costs milliseconds as on a real host instead of a .NET start; the same for all three ways.
        var perProcess = args.Contains("--process-per-tool");
        using var server = perProcess ? null : ResidentServerProcess.Start(host.Simulator);
        var root = server?.RootFor(LockWindowExperiment.Node) ?? host.RootFor(LockWindowExperiment.Node);
        Console.WriteLine(perProcess
            ? "Simulated tools: one .NET process per call (--process-per-tool)."
            : "Simulated tools: resident (`svmsim serve` outside the rig; a Perl shim per call; --process-per-tool for one .NET process per call).");
        var clockLog = Path.Combine(host.StateDirectory, "lockfs-clock.log");
        LockWindowExperiment.InstallLockfsClock(root, clockLog);
        FillHome1(host.Simulator, 0, 4); // a small file system for the control-plane runs
        var work = Directory.CreateTempSubdirectory("svm-scenarios-").FullName;
        try
        {
            await using var rig = await SshdRig.StartAsync(new SshdRigOptions { NodeName = LockWindowExperiment.Node, SolarisRoot = root });
            using var engine = new ModuleHost();

            if (part is 0 or 1)
            {
                var noop = ToolStart(root);
                await ControlPlaneAsync(rig, engine, runbook, clockLog, work, repetitions, noop);
                Console.WriteLine();
            }
            if (part is 0 or 2)
            {
                FillHome1(host.Simulator, 4, dumpMib);
                await ThroughputAsync(rig, engine, work, Math.Min(repetitions, 3), dumpMib);
                Console.WriteLine();
            }
        }
        finally
        {
            try { Directory.Delete(work, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        if (part is 0 or 3) Fleet(repetitions, perProcess, hostLatency);
        return 0;
    }

    private static bool TryOption(string[] args, string name, int fallback, out int value)
    {
        value = fallback;
        var i = Array.IndexOf(args, name);
        return i < 0 || (i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0);
    }

    /// <summary>Writes MiB [fromMib, toMib) of /home1 with pseudo-random data (every 64 KiB record is dumped).</summary>
    private static void FillHome1(SolarisSimulator sim, int fromMib, int toMib)
    {
        const int piece = 4;
        var random = new Random(1);
        var data = new byte[piece << 20];
        var clock = Stopwatch.StartNew();
        for (var mib = fromMib; mib < toMib; mib += piece)
        {
            random.NextBytes(data);
            sim.Write(LockWindowExperiment.Node, LockWindowExperiment.MountPoint, (long)mib * 2048, data);
        }
        if (toMib - fromMib > 4)
            Console.WriteLine($"Wrote MiB {fromMib}-{toMib} of /home1 with random data in {clock.Elapsed.TotalSeconds:F1} s.");
    }

    /// <summary>Median wall time of running a simulated tool locally (no SSH): what one tool start costs on this machine.</summary>
    private static double ToolStart(string root)
    {
        var times = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var clock = Stopwatch.StartNew();
            using var p = Process.Start(new ProcessStartInfo(Path.Combine(root, "usr", "bin", "id")) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (i > 0) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return Median(times);
    }

    // ---- 1. lock window, control plane, round trips ---------------------------------------------------------------

    private sealed record Sample(double HostWindowMs, double? OwnWindowMs, double WallMs, double DumpMs, long RoundTrips, long BackupRoundTrips, int Connections)
    {
        public double ControlMs => WallMs - DumpMs;
    }

    private const string ModuleScript = """
        param($port, $key, $kh, $j)
        $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh
        try { Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -JournalPath $j; $s.RoundTrips } finally { Remove-SvmSession $s }
        """;

    private const string StepsScript = """
        param($port, $key, $kh)
        $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh
        try {
            $m = Get-SvmMirror -Session $s -MountPoint /home1
            $lock = $m | Lock-UfsFileSystem
            try { $sub = $m | Disconnect-Submirror -Submirror d3 } finally { $lock | Unlock-UfsFileSystem | Out-Null }
            $sub | Test-UfsFileSystem | Out-Null
            $sub | Invoke-SubmirrorDump -TapeDevice /dev/rmt/0
            $sub | Connect-Submirror | Out-Null
            $s.RoundTrips
        } finally { Remove-SvmSession $s }
        """;

    private static async Task ControlPlaneAsync(SshdRig rig, ModuleHost engine, string runbook, string clockLog, string work, int repetitions, double toolStartMs)
    {
        Console.WriteLine("1. One backup of d1 (/home1, split d3) to the simulated tape /dev/rmt/0, three ways, through a proxy that delays");
        Console.WriteLine("   every chunk by the one-way delay in each direction (RTT + 2 x delay):");
        Console.WriteLine("   module   = New-SvmSession; Backup-SvmMirror d1 -TapeDevice /dev/rmt/0; Remove-SvmSession (hosted engine, built module)");
        Console.WriteLine("   steps    = New-SvmSession; Get-SvmMirror | Lock-UfsFileSystem; Disconnect-Submirror; Unlock-UfsFileSystem;");
        Console.WriteLine("              Test-UfsFileSystem; Invoke-SubmirrorDump -TapeDevice; Connect-Submirror; Remove-SvmSession");
        Console.WriteLine("   runbook  = Scenarios/runbook.sh: metastat, lockfs -w, metaoffline, lockfs -u, fsck -n, ufsdump, metaonline, metastat,");
        Console.WriteLine("              one OpenSSH `ssh` (new connection) per step (the baseline)");
        Console.WriteLine("   window   = host clock, first lockfs -w started -> last lockfs -u done (a lockfs wrapper logs it; the same for all three)");
        Console.WriteLine("   control  = wall time of the whole backup (incl. session open/close) minus the dump (module/steps: the dump's Duration;");
        Console.WriteLine("              runbook: the ufsdump step's ssh, incl. its connection set-up)");
        Console.WriteLine("   trips    = exec round trips (module: whole session / Backup-SvmMirror's own), conns = TCP connections the proxy saw");
        Console.WriteLine();

        var ways = new[] { "module", "steps", "runbook" };
        var samples = new Dictionary<(int, string), List<Sample>>();
        var links = new List<(int DelayMs, DelayProxy Proxy, string KnownHosts)>();
        try
        {
            foreach (var d in OneWayDelaysMs)
            {
                var proxy = DelayProxy.Start(rig.Host, rig.Port, TimeSpan.FromMilliseconds(d));
                var kh = Path.Combine(work, $"known_hosts-{proxy.Port}");
                File.WriteAllText(kh, File.ReadAllText(rig.KnownHostsFile).Replace($"]:{rig.Port} ", $"]:{proxy.Port} ", StringComparison.Ordinal));
                links.Add((d, proxy, kh));
                foreach (var w in ways) samples[(d, w)] = new List<Sample>();
            }
            var journal = Path.Combine(work, "journal");
            // Warm-up (JIT, caches), not counted.
            foreach (var w in ways) await RunWayAsync(w, rig, engine, runbook, clockLog, links[0].Proxy, links[0].KnownHosts, journal);
            for (var rep = 1; rep <= repetitions; rep++)
            {
                foreach (var (d, proxy, kh) in links)
                {
                    foreach (var w in ways)
                    {
                        var s = await RunWayAsync(w, rig, engine, runbook, clockLog, proxy, kh, journal);
                        samples[(d, w)].Add(s);
                        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                            "  rep {0} delay {1,2} ms {2,-8}: window {3,6:F0} ms host{4}, wall {5,6:F0} ms, dump {6,6:F0} ms, control {7,6:F0} ms, {8} trips, {9} conns",
                            rep, d, w, s.HostWindowMs, s.OwnWindowMs is { } own ? string.Format(CultureInfo.InvariantCulture, " ({0:F0} ms by its marks)", own) : "",
                            s.WallMs, s.DumpMs, s.ControlMs, s.RoundTrips, s.Connections));
                    }
                }
            }
        }
        finally
        {
            foreach (var (_, proxy, _) in links) proxy.Dispose();
        }

        Console.WriteLine();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "A simulated tool started locally (no SSH, the `usr/bin/id` shim) takes {0:F0} ms (median of 5); the window holds", toolStartMs));
        Console.WriteLine("three such starts (the lockfs -w after its mark, metaoffline, the lockfs -u before its mark): `tool starts` = 3 x that / window.");
        Console.WriteLine();
        Console.WriteLine("| one-way delay (RTT +) | way | write-lock window (host) | x runbook | tool starts in window | control-plane wall | x runbook | dump | exec round trips | SSH connections |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var d in OneWayDelaysMs)
        {
            var baseline = samples[(d, "runbook")];
            var bw = Median(baseline.Select(s => s.HostWindowMs));
            var bc = Median(baseline.Select(s => s.ControlMs));
            foreach (var w in ways)
            {
                var list = samples[(d, w)];
                var win = Median(list.Select(s => s.HostWindowMs));
                var ctl = Median(list.Select(s => s.ControlMs));
                var own = list.All(s => s.OwnWindowMs.HasValue) ? string.Format(CultureInfo.InvariantCulture, " ({0:F0} by its marks)", Median(list.Select(s => s.OwnWindowMs!.Value))) : "";
                var trips = w == "module" ? $"{Range(list.Select(s => s.RoundTrips))} ({Range(list.Select(s => s.BackupRoundTrips))} in the backup)" : Range(list.Select(s => s.RoundTrips));
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "| {0} ms (+{1} ms) | {2} | {3:F0} ms{4} | {5:F2}x | {6:P0} | {7:F0} ms | {8:F2}x | {9:F0} ms | {10} | {11} |",
                    d, 2 * d, w, win, own, win / bw, Math.Min(1, 3 * toolStartMs / win), ctl, ctl / bc, Median(list.Select(s => s.DumpMs)), trips, Range(list.Select(s => (long)s.Connections))));
            }
        }
    }

    private static async Task<Sample> RunWayAsync(string way, SshdRig rig, ModuleHost engine, string runbook, string clockLog, DelayProxy proxy, string kh, string journal)
    {
        await Task.Delay(Settle);
        var mark = new FileInfo(clockLog).Length;
        var conns = proxy.ConnectionsAccepted;
        var clock = Stopwatch.StartNew();
        Sample sample;
        switch (way)
        {
            case "module":
            {
                var r = engine.Invoke(ModuleScript, proxy.Port, rig.RootKeyPath, kh, journal);
                var wall = clock.Elapsed.TotalMilliseconds;
                Check(r, way);
                var result = r.Output.Select(o => o.BaseObject).OfType<SvmBackupResult>().Single();
                if (result.Status != "Succeeded") throw new InvalidOperationException("Backup-SvmMirror: " + result.Status + " " + string.Join("; ", result.Warnings));
                var trips = r.Output.Select(o => o.BaseObject).OfType<long>().Single();
                sample = new Sample(HostWindow(clockLog, mark), result.WriteLockWindow?.TotalMilliseconds, wall,
                    result.Dump?.Duration.TotalMilliseconds ?? double.NaN, trips, result.RoundTrips, proxy.ConnectionsAccepted - conns);
                break;
            }
            case "steps":
            {
                var r = engine.Invoke(StepsScript, proxy.Port, rig.RootKeyPath, kh);
                var wall = clock.Elapsed.TotalMilliseconds;
                Check(r, way);
                var dump = r.Output.Select(o => o.BaseObject).OfType<SvmDumpResult>().Single();
                var trips = r.Output.Select(o => o.BaseObject).OfType<long>().Single();
                sample = new Sample(HostWindow(clockLog, mark), null, wall, dump.Duration.TotalMilliseconds, trips, trips, proxy.ConnectionsAccepted - conns);
                break;
            }
            default:
            {
                var (steps, _) = RunProcess("/bin/sh", runbook, proxy.Port.ToString(CultureInfo.InvariantCulture), rig.RootKeyPath, kh, Tape);
                var first = steps.Min(s => s.Start);
                var last = steps.Max(s => s.End);
                var dump = steps.Single(s => s.Name == "ufsdump");
                sample = new Sample(HostWindow(clockLog, mark), null, (last - first) * 1000, (dump.End - dump.Start) * 1000, steps.Count, steps.Count, proxy.ConnectionsAccepted - conns);
                break;
            }
        }
        return sample;
    }

    private static void Check(HostResult r, string way)
    {
        if (r.Errors.Count > 0)
            throw new InvalidOperationException(way + ": " + string.Join(" | ", r.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message)));
    }

    private sealed record RunbookStep(string Name, double Start, double End, int ExitCode);

    private static (List<RunbookStep> Steps, string Stderr) RunProcess(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: exit {p.ExitCode}: {stderr.Result}");
        var steps = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .Where(f => f.Length == 5 && f[0] == "step")
            .Select(f => new RunbookStep(f[1], double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[4], CultureInfo.InvariantCulture)))
            .ToList();
        return (steps, stderr.Result);
    }

    /// <summary>First lockfs -w to last lockfs -u the clocked lockfs logged after <paramref name="offset"/>, in ms.</summary>
    private static double HostWindow(string log, long offset)
    {
        using var f = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        f.Seek(offset, SeekOrigin.Begin);
        var lines = new StreamReader(f).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var w = lines.Where(l => l.StartsWith("w ", StringComparison.Ordinal)).Select(l => double.Parse(l.AsSpan(2), CultureInfo.InvariantCulture)).ToList();
        var u = lines.Where(l => l.StartsWith("u ", StringComparison.Ordinal)).Select(l => double.Parse(l.AsSpan(2), CultureInfo.InvariantCulture)).ToList();
        if (w.Count == 0 || u.Count == 0) throw new InvalidOperationException("the lockfs clock logged no lock/unlock pair");
        return (u[^1] - w[0]) * 1000;
    }

    // ---- 2. dump streaming -----------------------------------------------------------------------------------------

    private static async Task ThroughputAsync(SshdRig rig, ModuleHost engine, string work, int repetitions, int dumpMib)
    {
        Console.WriteLine($"2. Dump streaming of the split d3 ({dumpMib} MiB of random data in /home1) to a local file, straight to sshd (no proxy):");
        Console.WriteLine("   module  = $sub | Invoke-SubmirrorDump -Destination FILE -Force (SSH.NET, SHA-256 computed while writing)");
        Console.WriteLine("   OpenSSH = sh -c \"ssh ... root@127.0.0.1 /usr/sbin/ufsdump 0f - /dev/md/rdsk/d3 > FILE\" (no checksum)");
        Console.WriteLine("   OpenSSH + sha256sum = the same through `tee FILE | sha256sum` (a checksum as the module computes)");
        Console.WriteLine("   MB/s = dump bytes / wall time of the whole command (10^6 bytes); the same split copy for both, alternating.");
        var open = engine.Invoke("""
            param($port, $key, $kh)
            $global:s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh
            "$($global:s.Cipher) $($global:s.Mac)"
            $m = Get-SvmMirror -Session $global:s -MountPoint /home1
            $lock = $m | Lock-UfsFileSystem
            try { $global:sub = $m | Disconnect-Submirror -Submirror d3 } finally { $lock | Unlock-UfsFileSystem | Out-Null }
            """, rig.Port, rig.RootKeyPath, rig.KnownHostsFile);
        Check(open, "split for the dump");
        var file = Path.Combine(work, "d3.ufsdump");
        var module = new List<double>();
        var openssh = new List<double>();
        var opensshSum = new List<double>();
        var ssh = $"ssh -F /dev/null -p {rig.Port} -i '{rig.RootKeyPath}' -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes " +
                  $"-o UserKnownHostsFile='{rig.KnownHostsFile}' root@127.0.0.1";
        var moduleCipher = open.Output.Select(o => o.BaseObject).OfType<string>().FirstOrDefault() ?? "?";
        var opensshCipher = OpenSshCipher(ssh);
        Console.WriteLine($"   cipher and MAC server->client: module (SSH.NET) {moduleCipher}; OpenSSH {opensshCipher}");
        long bytes = 0;
        try
        {
            for (var rep = 0; rep < repetitions; rep++)
            {
                await Task.Delay(Settle);
                var clock = Stopwatch.StartNew();
                var r = engine.Invoke("param($f) $global:sub | Invoke-SubmirrorDump -Destination $f -Force", file);
                var wall = clock.Elapsed.TotalSeconds;
                Check(r, "Invoke-SubmirrorDump");
                var dump = r.Output.Select(o => o.BaseObject).OfType<SvmDumpResult>().Single();
                if (dump.Sha256 is null || dump.Bytes != new FileInfo(file).Length) throw new InvalidOperationException("Invoke-SubmirrorDump: no checksum or a short file");
                bytes = dump.Bytes.Value;
                module.Add(bytes / 1e6 / wall);
                File.Delete(file);

                await Task.Delay(Settle);
                clock.Restart();
                RunProcess("/bin/sh", "-c", $"{ssh} /usr/sbin/ufsdump 0f - /dev/md/rdsk/d3 > '{file}'");
                wall = clock.Elapsed.TotalSeconds;
                var length = new FileInfo(file).Length;
                if (length != bytes) throw new InvalidOperationException($"OpenSSH dump: {length} bytes, the module's {bytes}");
                openssh.Add(length / 1e6 / wall);
                File.Delete(file);

                await Task.Delay(Settle);
                clock.Restart();
                RunProcess("/bin/sh", "-c", $"{ssh} /usr/sbin/ufsdump 0f - /dev/md/rdsk/d3 | tee '{file}' | sha256sum > /dev/null");
                wall = clock.Elapsed.TotalSeconds;
                length = new FileInfo(file).Length;
                if (length != bytes) throw new InvalidOperationException($"OpenSSH + sha256sum dump: {length} bytes, the module's {bytes}");
                opensshSum.Add(length / 1e6 / wall);
                File.Delete(file);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  rep {0}: module {1,6:F1} MB/s, OpenSSH {2,6:F1} MB/s, OpenSSH + sha256sum {4,6:F1} MB/s ({3:N0} bytes)", rep + 1, module[^1], openssh[^1], bytes, opensshSum[^1]));
            }
        }
        finally
        {
            Check(engine.Invoke("$global:sub | Connect-Submirror | Out-Null; Remove-SvmSession $global:s"), "rejoin after the dump");
        }
        Console.WriteLine();
        Console.WriteLine("| dump of d3 | bytes | MB/s (median) | x OpenSSH |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| OpenSSH `ssh host ufsdump 0f - ... > file` | {0:N0} | {1:F1} | 1.00x |", bytes, Median(openssh)));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| OpenSSH + `tee file \\| sha256sum` | {0:N0} | {1:F1} | {2:F2}x |", bytes, Median(opensshSum), Median(opensshSum) / Median(openssh)));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| Invoke-SubmirrorDump -Destination (SHA-256) | {0:N0} | {1:F1} | {2:F2}x |", bytes, Median(module), Median(module) / Median(openssh)));
    }

    /// <summary>The server-to-client cipher and MAC OpenSSH's client negotiates with the rig (from ssh -v).</summary>
    private static string OpenSshCipher(string ssh)
    {
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(ssh.Replace("ssh -F", "ssh -v -F", StringComparison.Ordinal) + " true");
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        var line = p.StandardError.ReadToEnd().Split('\n').FirstOrDefault(l => l.Contains("kex: server->client cipher:", StringComparison.Ordinal));
        p.WaitForExit();
        return line is null ? "?" : line[(line.IndexOf("cipher:", StringComparison.Ordinal) + "cipher: ".Length)..].Trim();
    }

    // ---- 3. fleet --------------------------------------------------------------------------------------------------

    private static void Fleet(int repetitions, bool perProcess, int hostLatencyMs)
    {
        Console.WriteLine("3. Fleet: N simulated hosts (node1..nodeN, each d10 = d11 + d12 on /data1, 4 MiB of data), local simulator sessions");
        Console.WriteLine("   (no sshd), one `$sessions | Get-SvmMirror | Backup-SvmMirror -RemotePath ... -ThrottleLimit N` in one engine.");
        Console.WriteLine(perProcess
            ? "   Every simulated tool call is a `dotnet svmsim.dll` process on this machine's cores: the hosts share the CPUs."
            : "   Simulated tools run in one resident `svmsim serve` per fleet (Perl shims), on this machine's cores: the hosts share the CPUs.");
        if (hostLatencyMs > 0)
            Console.WriteLine($"   --host-latency-ms {hostLatencyMs}: every tool call first waits {hostLatencyMs} ms on its host (a Latency fault: a wait, no CPU), as real tools wait for disks and the metadb; the hosts then share less CPU than time.");
        Console.WriteLine("   scaling = (hosts per second at N) / (hosts per second at 1); peak working set = this process, sampled every 20 ms.");
        using var engine = new ModuleHost();
        // Where the time goes: the module's own CPU (this process), the shells and shims its scripts start (reaped
        // children: /proc/self/stat cutime+cstime), and the resident simulator (the hosts' tools).
        var rows = new List<(int N, double WallS, long PeakWs, double ClientCpu, double ShimCpu, double ServerCpu)>();
        foreach (var n in perProcess ? FleetSizesPerProcess : FleetSizes)
        {
            var walls = new List<double>();
            var clientCpu = new List<double>();
            var shimCpu = new List<double>();
            var serverCpu = new List<double>();
            long peak = 0;
            for (var rep = 0; rep < repetitions; rep++)
            {
                var dir = Directory.CreateTempSubdirectory("svm-fleet-").FullName;
                try
                {
                    var sim = SolarisSimulator.Create(Path.Combine(dir, "sim"), FleetTopology(n));
                    sim.UpdateOptions(o => o.ResyncBlocksPerSecond = 1e9);
                    if (hostLatencyMs > 0) sim.InjectFault(SimulatorFault.Latency(hostLatencyMs));
                    var data = new byte[4 << 20];
                    new Random(n).NextBytes(data);
                    foreach (var node in sim.Nodes) sim.Write(node, "/data1", 0, data);
                    // The server is outside the timed part, as a host's own tools are (its start is one .NET start, once).
                    using var server = perProcess ? null : ResidentServerProcess.Start(sim);
                    using var sampler = new PeakSampler();
                    var (ownBefore, childrenBefore) = CpuSeconds();
                    var serverBefore = server?.ProcessorTime.TotalSeconds ?? 0;
                    var clock = Stopwatch.StartNew();
                    var r = engine.Invoke("""
                        param($p, $n, $j, $socket)
                        $sim = New-SvmSimulator -Path $p
                        $ss = foreach ($x in $sim.Nodes) { New-SvmSession -Simulator $sim -ComputerName $x }
                        # The sessions installed process-per-tool shims; resident ones replace them (same paths, same tools).
                        if ($socket) { foreach ($x in $sim.Nodes) { $sim.Engine.InstallResidentRoot($x, $socket) | Out-Null } }
                        foreach ($x in $sim.Nodes) { [IO.Directory]::CreateDirectory([IO.Path]::Combine($sim.Path, 'roots', $x, 'backup')) | Out-Null }
                        try { $ss | Get-SvmMirror | Backup-SvmMirror -RemotePath '/backup/{host}-{mirror}.ufsdump' -ThrottleLimit $n -JournalPath $j }
                        finally { Remove-SvmSession $ss }
                        """, Path.Combine(dir, "sim"), n, Path.Combine(dir, "journal"), server?.SocketPath ?? "");
                    var wall = clock.Elapsed.TotalSeconds;
                    var (ownAfter, childrenAfter) = CpuSeconds();
                    clientCpu.Add(ownAfter - ownBefore);
                    shimCpu.Add(childrenAfter - childrenBefore);
                    serverCpu.Add((server?.ProcessorTime.TotalSeconds ?? 0) - serverBefore);
                    Check(r, $"fleet of {n}");
                    var results = r.Output.Select(o => o.BaseObject).OfType<SvmBackupResult>().ToList();
                    if (results.Count != n || results.Any(b => b.Status != "Succeeded")) throw new InvalidOperationException($"fleet of {n}: {results.Count} results, {string.Join(", ", results.Select(b => b.Status))}");
                    walls.Add(wall);
                    peak = Math.Max(peak, sampler.Stop());
                    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  rep {0} {1} hosts: {2:F1} s", rep + 1, n, wall));
                }
                finally
                {
                    try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                }
            }
            rows.Add((n, Median(walls), peak, Median(clientCpu), Median(shimCpu), Median(serverCpu)));
        }
        Console.WriteLine();
        Console.WriteLine("| hosts (-ThrottleLimit) | wall time | hosts/s | scaling vs 1 host | ideal | peak working set | CPU: module | CPU: shells + shims | CPU: simulator | CPU busy (of 2 x wall) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var one = rows[0].N / rows[0].WallS;
        foreach (var (n, wall, ws, client, shims, sim) in rows)
        {
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:F1} s | {2:F2} | {3:F2}x | {0}x | {4:N0} MiB | {5:F1} s | {6:F1} s | {7:F1} s | {8:P0} |",
                n, wall, n / wall, n / wall / one, ws >> 20, client, shims, sim, (client + shims + sim) / (Environment.ProcessorCount * wall)));
        }
    }

    /// <summary>This process's CPU seconds, and its reaped descendants' (Linux /proc/self/stat utime+stime, cutime+cstime).</summary>
    private static (double Own, double Children) CpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double Ticks(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture) / 100.0; // fields counted from 1; USER_HZ = 100
        return (Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
    }

    private static SimulatorTopology FleetTopology(int nodes)
    {
        var topology = new SimulatorTopology();
        for (var i = 1; i <= nodes; i++)
        {
            var node = new TopologyNode { Name = "node" + i };
            node.Mounts.Add(new TopologyMount { Special = "/dev/dsk/c0t0d0s0", MountPoint = "/" });
            node.Mounts.Add(new TopologyMount { Special = "/dev/md/dsk/d10", MountPoint = "/data1" });
            node.Metadevices.Add(new TopologyMetadevice { Name = "d10", Type = "mirror", Submirrors = { "d11", "d12" } });
            foreach (var (name, c) in new[] { ("d11", 1), ("d12", 3) })
            {
                node.Metadevices.Add(new TopologyMetadevice
                {
                    Name = name, Type = "stripe", SizeBlocks = 8192,
                    Components = { new TopologyComponent { Name = $"c{c}t{i}d0s0", DevId = $"id1,sd@SSEAGATE_ST336607LSUN36G_C{c}T{i}D0S0" } },
                });
            }
            topology.Nodes.Add(node);
        }
        return topology;
    }

    /// <summary>Samples this process's working set every 20 ms until stopped; returns the highest seen.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task<long> loop;

        public PeakSampler() => loop = Task.Run(async () =>
        {
            long peak = 0;
            using var self = Process.GetCurrentProcess();
            while (true)
            {
                self.Refresh();
                peak = Math.Max(peak, self.WorkingSet64);
                try { await Task.Delay(20, stop.Token); }
                catch (OperationCanceledException) { return peak; }
            }
        });

        public long Stop()
        {
            stop.Cancel();
            return loop.GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            stop.Cancel();
            stop.Dispose();
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static string Range(IEnumerable<long> values)
    {
        var l = values.ToList();
        return l.Min() == l.Max() ? l[0].ToString(CultureInfo.InvariantCulture) : $"{l.Min()}-{l.Max()}";
    }
}
