using System.Diagnostics;
using SvmBackup.Journal;
using SvmBackup.Model;
using SvmBackup.Sessions;
using SvmBackup.Simulator;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;
using Xunit.Abstractions;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>
/// The promise, fault by fault, over real sshd: after a fault at any step of Backup-SvmMirror (Ctrl+C, a hang that
/// the timeout must end, the server or the client side of the connection dropped, the controller process killed, a
/// command that fails, the local disk full) the file system is not write-locked, no remote process is left, no partial
/// dump is left under the final name, and the submirror is back in the mirror — or a journal entry and host marker
/// exist and Repair-SvmMirror (or re-running the backup) puts it back.
/// </summary>
[Collection(FaultMatrixCollection.Name)]
public sealed class BackupFaultMatrixTests : IClassFixture<SshSimulatorFixture>
{
    private readonly SshSimulatorFixture _f;
    private readonly ITestOutputHelper _out;

    public BackupFaultMatrixTests(SshSimulatorFixture fixture, ITestOutputHelper output)
    {
        _f = fixture;
        _out = output;
    }

    /// <summary>One fault point: which step, what goes wrong, how the test makes it happen.</summary>
    public sealed record FaultPoint(string Step, string Kind, Func<SimulatorFault[]> Faults, string Trigger, string? WaitForProcess = null, string? WaitForJournal = null,
        bool Local = false, bool WaitForResync = false, bool SlowResync = false)
    {
        public override string ToString() => Step + " / " + Kind;
    }

    private static SimulatorFault Hang(string tool, string? args = null) => SimulatorFault.Hang(tool, "myhost", args);
    private static SimulatorFault Slow(string tool, string? args = null) => new() { Kind = SimulatorFaultKind.Latency, LatencyMilliseconds = 3000, Tool = tool, Node = "myhost", ArgsContain = args };
    private static SimulatorFault Fails(string tool, int exit, string message, string? args = null) => SimulatorFault.Fails(tool, exit, message, args, "myhost");

    public static readonly Dictionary<string, FaultPoint> Points = new()
    {
        // Ctrl+C while each step runs (the step's tool hangs until killed).
        ["stop-preflight"] = new("preflight", "Ctrl+C", () => [Hang("lockfs", "-a")], "stop", WaitForProcess: "lockfs -a"),
        ["stop-lock"] = new("lock", "Ctrl+C", () => [Hang("lockfs", "-w")], "stop", WaitForProcess: "lockfs -w"),
        ["stop-split"] = new("split", "Ctrl+C", () => [Hang("metaoffline")], "stop", WaitForProcess: "metaoffline d1"),
        ["stop-unlock"] = new("unlock", "Ctrl+C", () => [Slow("lockfs", "-u")], "stop", WaitForProcess: "lockfs -u"),
        ["stop-check"] = new("check", "Ctrl+C", () => [Hang("fsck")], "stop", WaitForProcess: "fsck -n"),
        ["stop-dump"] = new("dump start", "Ctrl+C", () => [Hang("ufsdump", "rdsk/d3")], "stop", WaitForProcess: "ufsdump 0f"),
        ["stop-rejoin"] = new("rejoin", "Ctrl+C", () => [Hang("metaonline")], "stop", WaitForProcess: "metaonline d1"),
        ["stop-wait"] = new("resync wait", "Ctrl+C", () => [], "stop", WaitForJournal: "wait:begin", WaitForResync: true, SlowResync: true),
        // A remote command that hangs: the session's timeout must fire and clean up.
        ["hang-preflight"] = new("preflight", "hang (timeout)", () => [Hang("lockfs", "-a")], "timeout"),
        ["hang-lock"] = new("lock", "hang (timeout)", () => [Hang("lockfs", "-w")], "timeout"),
        ["hang-split"] = new("split", "hang (timeout)", () => [Hang("metaoffline")], "timeout"),
        ["hang-check"] = new("check", "hang (timeout)", () => [Hang("fsck")], "timeout"),
        ["hang-dump"] = new("dump start", "hang (timeout)", () => [Hang("ufsdump", "rdsk/d3")], "timeout"),
        ["hang-rejoin"] = new("rejoin", "hang (timeout)", () => [Hang("metaonline")], "timeout"),
        // The server side of the connection killed while a step runs.
        ["server-lock"] = new("lock", "connection dropped (server)", () => [Slow("lockfs", "-w")], "kill-server", WaitForProcess: "lockfs -w"),
        ["server-split"] = new("split", "connection dropped (server)", () => [Slow("metaoffline")], "kill-server", WaitForProcess: "metaoffline d1"),
        ["server-check"] = new("check", "connection dropped (server)", () => [Slow("fsck")], "kill-server", WaitForProcess: "fsck -n"),
        ["server-dump"] = new("dump start", "connection dropped (server)", () => [Slow("ufsdump", "rdsk/d3")], "kill-server", WaitForProcess: "ufsdump 0f"),
        ["server-rejoin"] = new("rejoin", "connection dropped (server)", () => [Slow("metaonline")], "kill-server", WaitForProcess: "metaonline d1"),
        // The client side of the connection closed while a step runs.
        ["client-lock"] = new("lock", "connection dropped (client)", () => [Slow("lockfs", "-w")], "drop-client", WaitForProcess: "lockfs -w"),
        ["client-split"] = new("split", "connection dropped (client)", () => [Slow("metaoffline")], "drop-client", WaitForProcess: "metaoffline d1"),
        ["client-check"] = new("check", "connection dropped (client)", () => [Slow("fsck")], "drop-client", WaitForProcess: "fsck -n"),
        ["client-dump"] = new("dump start", "connection dropped (client)", () => [Slow("ufsdump", "rdsk/d3")], "drop-client", WaitForProcess: "ufsdump 0f"),
        ["client-rejoin"] = new("rejoin", "connection dropped (client)", () => [Slow("metaonline")], "drop-client", WaitForProcess: "metaonline d1"),
        // A remote command that fails, in Solaris's own words (docs/svm-formats.md §4, §5, §6).
        ["fail-lock"] = new("lock", "lockfs -w: Device busy", () => [Fails("lockfs", 2, "/home1: Device busy\n", "-w")], "none"),
        ["fail-split"] = new("split", "metaoffline refused", () => [Fails("metaoffline", 1, "metaoffline: myhost: d1: resync in progress\n")], "none"),
        ["fail-check"] = new("check", "fsck exit 32", () => [Fails("fsck", 32, "** /dev/md/rdsk/d3 (NO WRITE)\nCAN'T CHECK FILE SYSTEM.\n")], "none"),
        ["fail-dump-start"] = new("dump start", "ufsdump exit 3 at 1 %", () => [SimulatorFault.DumpFailsAt(1, "myhost")], "none"),
        ["fail-dump-middle"] = new("dump middle", "ufsdump exit 3 at 50 %", () => [SimulatorFault.DumpFailsAt(50, "myhost")], "none"),
        ["fail-dump-end"] = new("dump end", "ufsdump exit 3 at 98 % (last record)", () => [SimulatorFault.DumpFailsAt(98, "myhost")], "none"),
        ["fail-tape"] = new("preflight", "tape not ready", () => [SimulatorFault.TapeNotReady("myhost")], "none"),
        ["fail-rejoin"] = new("rejoin", "metaonline refused", () => [Fails("metaonline", 1, "metaonline: myhost: d1: resync in progress\n")], "none"),
        // The controller process killed mid-run: a new run (same Azure Automation job) must finish the undo first.
        ["kill-split"] = new("split", "controller killed", () => [Slow("metaoffline")], "kill-controller", WaitForProcess: "metaoffline d1", Local: true),
        ["kill-dump"] = new("dump start", "controller killed", () => [Slow("ufsdump", "rdsk/d3")], "kill-controller", WaitForProcess: "ufsdump 0f", Local: true),
        // The local destination runs out of space mid-stream.
        ["disk-full"] = new("dump middle", "local disk full", () => [Slow("ufsdump", "rdsk/d3")], "disk-full", WaitForProcess: "ufsdump 0f"),
    };

    public static IEnumerable<object[]> Names => Points.Keys.Select(k => new object[] { k });

    private SshdRig Rig => _f.Rig("myhost", SshdProfile.Modern);
    private SolarisSimulator Sim => _f.Host.Simulator;
    private string MarkerDir => Path.Combine(_f.Host.RootFor("myhost"), "var", "opt", "svmbackup", "runs", "local", "d1");
    private string OpenSsh(int? timeout) =>
        "$s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh" + (timeout is { } t ? " -CommandTimeoutSeconds " + t : "");

    private string Locked()
    {
        using var o = new MemoryStream();
        Sim.Run("myhost", "lockfs", Array.Empty<string>(), Stream.Null, false, o, Stream.Null);
        return System.Text.Encoding.UTF8.GetString(o.ToArray());
    }

    /// <summary>
    /// The tool itself runs on the host. The trapped script's shell names every tool it will run in its own command line
    /// (several lines): matching that would fire the fault at the script's first line, not at the step.
    /// </summary>
    private static bool ToolRunning(SshdRig rig, string what) =>
        rig.ListProcesses().Any(p => !p.CommandLine.Contains('\n') && p.CommandLine.Contains(what, StringComparison.Ordinal));

    private bool RemoteToolsRunning() => Rig.ListProcesses().Any(p => p.CommandLine.Contains("svmsim", StringComparison.Ordinal));

    /// <summary>The mirror as metastat shows it on the host (d3 present and not offline = back in the mirror).</summary>
    private string SubmirrorState()
    {
        using var o = new MemoryStream();
        Sim.Run("myhost", "metastat", new[] { "-c", "d1" }, Stream.Null, false, o, Stream.Null);
        return System.Text.Encoding.UTF8.GetString(o.ToArray());
    }

    private void Reset()
    {
        Sim.ClearFaults();
        Sim.UpdateOptions(o => o.ResyncBlocksPerSecond = 1e9);
        var r = _f.Engine.Invoke("param($port, $key, $kh) " + OpenSsh(null) + "; try { Repair-SvmMirror -Session $s | Out-Null; Get-SvmMirror -Session $s d1 | Wait-SvmResync -PollIntervalSeconds 0.1 | Out-Null } finally { Remove-SvmSession $s }",
            Rig.Port, Rig.RootKeyPath, Rig.KnownHostsFile);
        r.AssertNoErrors();
        if (Directory.Exists(MarkerDir)) Directory.Delete(MarkerDir, true);
        Assert.Equal("", Locked());
    }

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public async Task After_the_fault_nothing_is_left_locked_running_or_out_of_the_mirror(string name)
    {
        var point = Points[name];
        var rig = Rig;
        Reset();
        var journal = Directory.CreateTempSubdirectory("svmjournal-fault-").FullName;
        var outDir = Directory.CreateTempSubdirectory("svmfault-out-").FullName;
        string? tmpfs = null;
        var said = new List<string>(); // what the run reported (errors, warnings), for a failure message
        try
        {
            var destination = Path.Combine(outDir, "home1.ufsdump");
            if (point.Trigger == "disk-full")
            {
                // A 16 MiB tmpfs: the preflight's space check passes (4 MiB of data), then, while ufsdump starts, the disk
                // fills up (another writer), so the stream hits ENOSPC mid-way.
                tmpfs = outDir;
                Assert.Equal(0, Run("mount", "-t", "tmpfs", "-o", "size=16m", "svmfault", tmpfs));
                Sim.Write("myhost", "/home1", 0, System.Text.Encoding.ASCII.GetBytes(new string('z', 4 << 20)));
            }
            else
            {
                // 4 MiB = 64 dump records of data: DumpFailsAt(1/50/98) fails at the first, a middle and the last one.
                Sim.Write("myhost", "/home1", 0, System.Text.Encoding.ASCII.GetBytes(new string('y', 4 << 20)));
            }
            if (point.SlowResync) Sim.UpdateOptions(o => o.ResyncBlocksPerSecond = 200);
            foreach (var fault in point.Faults()) Sim.InjectFault(fault);
            var target = point.Trigger == "disk-full" ? "-Destination $dest" : "-TapeDevice /dev/rmt/0";
            var backup = $"Backup-SvmMirror -Session $s d1 {target} -JournalPath $j{(point.WaitForResync ? " -WaitForResync -PollIntervalSeconds 0.2" : "")}";

            if (point.Trigger == "kill-controller")
            {
                await KillControllerThenRerun(point, journal, backup, destination);
            }
            else
            {
                var open = _f.Engine.Invoke("param($port, $key, $kh) " + OpenSsh(point.Trigger == "timeout" ? 4 : null) + "; $s", rig.Port, rig.RootKeyPath, rig.KnownHostsFile);
                open.AssertNoErrors();
                using var session = open.Single<SvmSession>();
                using var pipelines = new PipelineHost();
                using var run = pipelines.Start("param($s, $j, $dest) " + backup, session, journal, destination);
                if (point.WaitForProcess != null)
                    Assert.True(SpinWait.SpinUntil(() => ToolRunning(rig, point.WaitForProcess), TimeSpan.FromSeconds(60)), "never reached: " + point.WaitForProcess);
                if (point.WaitForJournal != null)
                    Assert.True(SpinWait.SpinUntil(() => BackupJournal.Read(journal).Any(e => e.LastStep + ":" + e.LastPhase == point.WaitForJournal), TimeSpan.FromSeconds(60)), "never reached: " + point.WaitForJournal);
                switch (point.Trigger)
                {
                    case "stop":
                        Assert.True(run.Stop(TimeSpan.FromSeconds(90)), "Stop did not return");
                        break;
                    case "kill-server":
                        foreach (var p in rig.ListProcesses().Where(p => p.CommandLine.StartsWith("sshd: root", StringComparison.Ordinal))) rig.KillProcess(p.Pid);
                        break;
                    case "drop-client":
                        session.Transport.Dispose();
                        break;
                    case "disk-full":
                        using (var filler = new FileStream(Path.Combine(outDir, "filler"), FileMode.Create))
                        {
                            var block = new byte[1 << 20];
                            try { while (true) filler.Write(block); }
                            catch (IOException) { } // full, but for less than a block
                        }
                        break;
                }
                Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "the backup did not end");
                said.AddRange(run.Shell.Streams.Error.Select(e => "error " + e.FullyQualifiedErrorId + ": " + e.Exception.Message));
                said.AddRange(run.Shell.Streams.Warning.Select(w => "warning: " + w.Message));
                if (run.Shell.InvocationStateInfo.Reason is { } reason) said.Add("ended: " + reason.Message);
            }

            // What the host is left with.
            Sim.ClearFaults();
            Sim.UpdateOptions(o => o.ResyncBlocksPerSecond = 1e9);
            Assert.True(SpinWait.SpinUntil(() => Locked() == "", TimeSpan.FromSeconds(20)), "left write-locked: " + Locked());
            Assert.True(SpinWait.SpinUntil(() => !RemoteToolsRunning(), TimeSpan.FromSeconds(20)),
                "remote tools still running: " + string.Join(" | ", rig.ListProcesses().Select(p => Describe(p.Pid) + " " + p.CommandLine)) + "\nthe run said:\n" + string.Join("\n", said));
            Assert.False(File.Exists(destination) && point.Trigger == "disk-full", "a partial dump under the final name");
            Assert.Empty(Directory.Exists(outDir) ? Directory.GetFiles(outDir, "*.partial-*") : Array.Empty<string>());

            var entries = BackupJournal.Read(journal);
            var outcome = "put back by the run";
            var mirror = SubmirrorState();
            if (Directory.Exists(MarkerDir) || mirror.Contains("offline", StringComparison.OrdinalIgnoreCase) || !mirror.Contains("d3", StringComparison.Ordinal))
            {
                // Not put back: a journal entry must say so, and Repair-SvmMirror -RunId must complete it.
                var open = entries.Where(e => e.Status is "Running" or "Incomplete").ToList();
                Assert.True(open.Count == 1, "submirror out of the mirror without a journal entry: " + mirror + "\njournal: " +
                    string.Join("; ", entries.Select(e => e.Status + " (" + e.StatusDetail + ") " + string.Join(",", e.Events.Select(v => v.Step + ":" + v.Phase + ":" + v.Detail)))) + "\nthe run said:\n" + string.Join("\n", said));
                var repair = _f.Engine.Invoke("param($port, $key, $kh, $id, $j) " + OpenSsh(null) + "; try { Repair-SvmMirror -Session $s -RunId $id -JournalPath $j } finally { Remove-SvmSession $s }",
                    rig.Port, rig.RootKeyPath, rig.KnownHostsFile, open[0].RunId, journal);
                repair.AssertNoErrors();
                outcome = "journal entry; Repair-SvmMirror completed (" + string.Join("; ", repair.All<SvmRepairAction>().Select(a => a.Command)) + ")";
            }
            var after = _f.Engine.Invoke("param($port, $key, $kh) " + OpenSsh(null) + "; try { Get-SvmMirror -Session $s d1 | Wait-SvmResync -PollIntervalSeconds 0.1 } finally { Remove-SvmSession $s }", rig.Port, rig.RootKeyPath, rig.KnownHostsFile);
            after.AssertNoErrors();
            var m = after.Single<SvmMirror>();
            Assert.True(m.IsHealthy && m.Submirrors.Select(x => x.Name).SequenceEqual(new[] { "d2", "d3" }), "mirror not whole: " + SubmirrorState());
            Assert.False(Directory.Exists(MarkerDir), "host marker left");
            if (name.StartsWith("fail-dump", StringComparison.Ordinal))
                Assert.Contains(BackupJournal.Read(journal).SelectMany(e => e.Events), v => v.Step == "dump" && v.Phase == "failed");
            _out.WriteLine($"| {point.Step} | {point.Kind} | unlocked | no remote process | {outcome} | journal: {string.Join(", ", BackupJournal.Read(journal).Select(e => e.Status))} |");
        }
        finally
        {
            Sim.ClearFaults();
            if (tmpfs != null) Run("umount", tmpfs);
            try { Directory.Delete(journal, true); } catch (IOException) { }
            try { Directory.Delete(outDir, true); } catch (IOException) { }
        }
    }

    /// <summary>The backup runs in a child process (an Azure Automation job); it is killed mid-step, then the job "restarts".</summary>
    private async Task KillControllerThenRerun(FaultPoint point, string journal, string backup, string destination)
    {
        var rig = Rig;
        const string job = "5f0c6a52-7b7e-4a39-9a1e-2d7c0d1e9b11";
        var script = Path.Combine(journal, "..", "svmfault-job-" + Guid.NewGuid().ToString("N")[..8] + ".ps1");
        File.WriteAllText(script, "param($port, $key, $kh, $j, $dest)\n$PSPrivateMetadata = @{ JobId = [guid]'" + job + "' }\nImport-Module SvmBackup\n" + OpenSsh(null) + "\n" + backup + "\n");
        // The engine host of examples/ (built with the solution, in the configuration these tests were built in).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var examples = Path.Combine(RepoPaths.Root, "examples", "SvmBackup.Examples", "bin", configuration, "net10.0", "svmbackup-examples.dll");
        Assert.True(File.Exists(examples), "Build first: " + examples);
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { examples, script, rig.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), rig.RootKeyPath, rig.KnownHostsFile, journal, destination }) psi.ArgumentList.Add(a);
        try
        {
            using var child = Process.Start(psi)!;
            _ = child.StandardOutput.ReadToEndAsync();
            _ = child.StandardError.ReadToEndAsync();
            Assert.True(SpinWait.SpinUntil(() => ToolRunning(rig, point.WaitForProcess!) || child.HasExited, TimeSpan.FromSeconds(90)), "never reached: " + point.WaitForProcess);
            Assert.False(child.HasExited, "the controller ended on its own");
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
        finally { File.Delete(script); }
        Sim.ClearFaults();
        // The job restarts from the beginning: same job id, so the unfinished run is its own.
        var rerun = _f.Engine.Invoke("param($port, $key, $kh, $j, $dest) $PSPrivateMetadata = @{ JobId = [guid]'" + job + "' }; " + OpenSsh(null) + "; try { " + backup + " -PollIntervalSeconds 0.1 } finally { Remove-SvmSession $s }",
            rig.Port, rig.RootKeyPath, rig.KnownHostsFile, journal, destination);
        rerun.AssertNoErrors();
        var b = rerun.Single<SvmBackupResult>();
        Assert.Equal("Succeeded", b.Status);
        // The killed run is over in the journal: taken over (its marker showed what was out), or closed because the
        // host's traps had already undone everything (a kill before the split left no marker).
        var killed = BackupJournal.Read(journal).Single(e => e.RunId != b.RunId);
        Assert.True(killed.Status is "Recovered" or "Failed", "the killed run is still " + killed.Status);
        Assert.Equal(killed.Status == "Recovered", b.RecoveredRunId == killed.RunId);
    }

    /// <summary>
    /// A process as the kernel sees it, for a failure message: PID, state, parent, process group, and its pending,
    /// blocked, ignored and caught signal masks (why a TERM did or did not end it).
    /// </summary>
    private static string Describe(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // state ppid pgrp ...
            var masks = File.ReadAllLines($"/proc/{pid}/status").Where(l => l.StartsWith("ShdPnd:") || l.StartsWith("SigPnd:") || l.StartsWith("SigBlk:") || l.StartsWith("SigIgn:") || l.StartsWith("SigCgt:"))
                .Select(l => l.Replace("\t", "", StringComparison.Ordinal));
            return $"[pid {pid} {f[0]} ppid {f[1]} pgrp {f[2]} {string.Join(" ", masks)}]";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException) { return $"[pid {pid}: {ex.GetType().Name}]"; }
    }

    private static int Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        return p.ExitCode;
    }
}

/// <summary>The fault matrix mounts a tmpfs and kills processes: it runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultMatrixCollection
{
    public const string Name = "Fault matrix";
}
