using System.Diagnostics;
using System.Text;
using SvmBackup.Simulator;
using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>
/// The resident mode (`svmsim serve` + the Perl shims of InstallResidentRoot) against the process-per-tool svmsim:
/// same bytes, stderr and exit codes; stdin relayed; a killed or signalled client cancels its tool in the server.
/// </summary>
public sealed class ResidentServerTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "svmsim-res-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly SolarisSimulator _simulator;
    private readonly ResidentServerProcess _server;
    private readonly string _root;

    public ResidentServerTests()
    {
        _simulator = SolarisSimulator.Create(_state);
        _server = ResidentServerProcess.Start(_simulator);
        _root = _server.RootFor("myhost");
    }

    public void Dispose()
    {
        _server.Dispose();
        try { Directory.Delete(_state, true); } catch (IOException) { }
    }

    private string Shim(string tool) => Path.Combine(_root, "usr", File.Exists(Path.Combine(_root, "usr", "sbin", tool)) ? "sbin" : "bin", tool);

    private ToolResult Resident(string tool, string[] args, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var p = Start(tool, args, environment);
        if (stdin != null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var stdout = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), tool + " did not finish");
        copy.GetAwaiter().GetResult();
        var bytes = stdout.ToArray();
        return new ToolResult(p.ExitCode, Encoding.UTF8.GetString(bytes), stderr.GetAwaiter().GetResult(), bytes);
    }

    private Process Start(string tool, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Shim(tool)) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("SVMSIM_EUID");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        return Process.Start(start)!;
    }

    private ToolResult PerProcess(string tool, string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        SvmsimProcess.Run(environment, new[] { "--state", _state, "--node", "myhost", tool }.Concat(args).ToArray());

    private static void AssertSame(ToolResult expected, ToolResult actual)
    {
        Assert.Equal(expected.Exit, actual.Exit);
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(expected.Stderr, actual.Stderr);
    }

    [Fact]
    public void ToolsPrintAndExitAsTheirOwnProcessesDo()
    {
        var calls = new (string Tool, string[] Args)[]
        {
            ("metastat", Array.Empty<string>()),
            ("metastat", new[] { "-p" }),
            ("metastat", new[] { "d99" }),                    // exit 1, stderr only
            ("metaoffline", new[] { "d1" }),                  // usage
            ("uname", new[] { "-a" }),
            ("id", Array.Empty<string>()),
            ("test", new[] { "-d", "/nonexistent" }),         // exit 1, nothing printed
            ("mt", new[] { "-f", "/dev/rmt/0", "status" }),
            ("lockfs", new[] { "-a" }),
            ("metaset", Array.Empty<string>()),
        };
        foreach (var (tool, args) in calls)
        {
            AssertSame(PerProcess(tool, args), Resident(tool, args));
        }
        var nonRoot = new Dictionary<string, string> { ["SVMSIM_EUID"] = "100" };
        var refused = Resident("metaoffline", new[] { "d1", "d3" }, environment: nonRoot);
        AssertSame(PerProcess("metaoffline", new[] { "d1", "d3" }, nonRoot), refused);
        Assert.Contains("Permission denied", refused.Stderr);
        Assert.Equal(0, Resident("metastat", new[] { "-p" }).Exit); // the refusal changed nothing
        Assert.DoesNotContain("Offline", PerProcess("metastat", new[] { "d1" }).Stdout);
    }

    [Fact]
    public void ABigDumpStreamsByteForByteAsFromItsOwnProcess()
    {
        var data = new byte[24 << 20];
        new Random(7).NextBytes(data);
        _simulator.Write("myhost", "/home1", 0, data);
        var own = PerProcess("ufsdump", new[] { "0f", "-", "/dev/md/rdsk/d3" });
        var resident = Resident("ufsdump", new[] { "0f", "-", "/dev/md/rdsk/d3" });
        Assert.Equal(0, own.Exit);
        Assert.Equal(0, resident.Exit);
        Assert.True(resident.StdoutBytes.Length > data.Length, "dump of " + resident.StdoutBytes.Length + " bytes");
        Assert.Contains("DUMP IS DONE", resident.Stderr);
        // The header holds the dump's date; everything after it (every record) must be identical.
        var headerEnd = 12 + BitConverter.ToInt32(resident.StdoutBytes, 8);
        Assert.Equal(own.StdoutBytes.Length, resident.StdoutBytes.Length);
        Assert.True(own.StdoutBytes.AsSpan(headerEnd).SequenceEqual(resident.StdoutBytes.AsSpan(headerEnd)), "records differ");
        var device = _simulator.ReadSubmirror("myhost", "d3", 0, data.Length / 512);
        Assert.True(device.AsSpan().SequenceEqual(DumpImage.Restore(new MemoryStream(resident.StdoutBytes)).AsSpan(0, device.Length)));
    }

    [Fact]
    public void StdinReachesTheToolAndItsEndIsEof()
    {
        // An interactive fsck of a detached copy asks FIX? and reads the answer from stdin. Two identical states: one
        // answered by a process of its own, one through the resident server.
        var other = Path.Combine(Path.GetTempPath(), "svmsim-res-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            SolarisSimulator.Create(other);
            Assert.Equal(0, PerProcess("metadetach", new[] { "d1", "d3" }).Exit);
            Assert.Equal(0, SvmsimProcess.Run(null, "--state", other, "--node", "myhost", "metadetach", "d1", "d3").Exit);
            var eof = Resident("fsck", new[] { "/dev/md/rdsk/d3" }, stdin: "");
            Assert.Contains("FIX? ", eof.Stdout);
            var own = OwnProcessWithStdin(other, "fsck", "/dev/md/rdsk/d3");
            AssertSame(own, eof);

            var yes = Resident("fsck", new[] { "/dev/md/rdsk/d3" }, stdin: "y\n");
            Assert.Contains("***** FILE SYSTEM WAS MODIFIED *****", yes.Stdout);
            AssertSame(OwnProcessWithStdin(other, "fsck", "/dev/md/rdsk/d3", "y\n"), yes);
        }
        finally
        {
            try { Directory.Delete(other, true); } catch (IOException) { }
        }
    }

    private static ToolResult OwnProcessWithStdin(string state, string tool, string device, string stdin = "")
    {
        var command = "printf '" + stdin.Replace("\n", "\\n") + "' | " + SvmsimProcess.Launcher + " --state '" + state + "' --node myhost " + tool + " " + device;
        return SvmsimProcess.Shell(command);
    }

    [Fact]
    public void KillingTheClientCancelsItsHungTool()
    {
        _simulator.InjectFault(SimulatorFault.Hang("metastat"));
        using var client = Start("metastat", new[] { "d1" });
        WaitFor(() => _server.RunningTools == 1, "the hung metastat to start in the server");
        Assert.Contains("svmsim", File.ReadAllText("/proc/" + client.Id + "/cmdline"));
        Thread.Sleep(300);
        Assert.Equal(1, _server.RunningTools); // it does hang
        client.Kill(); // SIGKILL: the server learns only from the closed socket
        Assert.True(client.WaitForExit(10_000));
        WaitFor(() => _server.RunningTools == 0, "the server to cancel the killed client's tool");
        Assert.Contains(_server.Log, l => l.StartsWith("end ", StringComparison.Ordinal) && l.Split(' ')[2] == "130");
    }

    [Fact]
    public void KillingTheClientMidStreamEndsTheDumpInTheServer()
    {
        var data = new byte[32 << 20];
        new Random(3).NextBytes(data);
        _simulator.Write("myhost", "/home1", 0, data);
        using var client = Start("ufsdump", new[] { "0f", "-", "/dev/md/rdsk/d3" });
        client.StandardInput.Close();
        var first = new byte[1];
        Assert.Equal(1, client.StandardOutput.BaseStream.Read(first, 0, 1)); // streaming has begun; nobody reads on
        Thread.Sleep(300);
        Assert.False(client.HasExited); // blocked on the full pipe and socket, not done
        WaitFor(() => _server.RunningTools == 1, "the dump to show as running");
        client.Kill();
        Assert.True(client.WaitForExit(10_000));
        WaitFor(() => _server.RunningTools == 0, "the server to end the dump of a killed client");
        Assert.DoesNotContain(_server.Log, l => l.StartsWith("end ", StringComparison.Ordinal) && l.Split(' ')[2] == "0");
    }

    [Fact]
    public void TermCancelsTheToolWhichExits130AsAProcessOfItsOwn()
    {
        _simulator.InjectFault(SimulatorFault.Hang("lockfs", argsContain: "-w"));
        using var client = Start("lockfs", new[] { "-w", "/home1" });
        client.StandardInput.Close();
        WaitFor(() => _server.RunningTools == 1, "the hung lockfs -w to start");
        using (var kill = Process.Start("kill", new[] { "-TERM", client.Id.ToString() })!) kill.WaitForExit();
        Assert.True(client.WaitForExit(10_000), "the client did not exit after TERM");
        Assert.Equal(130, client.ExitCode); // the tool's own exit code: the client waited for its tool to end
        WaitFor(() => _server.RunningTools == 0, "the server's log to show the end"); // the log arrives on its own pipe
        Assert.DoesNotContain("wlock", Resident("lockfs", new[] { "-a" }).Stdout);
    }

    [Fact]
    public void ConcurrentClientsRunSideBySideWithAHungOne()
    {
        _simulator.InjectFault(SimulatorFault.Hang("lockfs", argsContain: "-w"));
        using var hung = Start("lockfs", new[] { "-w", "/home1" });
        WaitFor(() => _server.RunningTools == 1, "the hung lockfs -w to start");
        var expected = PerProcess("metastat", new[] { "-p" }).Stdout;
        var results = Enumerable.Range(0, 12).AsParallel().WithDegreeOfParallelism(12)
            .Select(i => i % 2 == 0 ? Resident("metastat", new[] { "-p" }) : Resident("uname", new[] { "-n" })).ToList();
        for (var i = 0; i < results.Count; i++)
        {
            Assert.Equal(0, results[i].Exit);
            Assert.Equal(i % 2 == 0 ? expected : "myhost\n", results[i].Stdout);
        }
        Assert.False(hung.HasExited);
        WaitFor(() => _server.RunningTools == 1, "the 12 to end and the hung one to stay"); // the log comes on its own pipe
        hung.Kill();
        WaitFor(() => _server.RunningTools == 0, "the hung lockfs to be cancelled");
    }

    [Fact]
    public void NoServerIsAnError()
    {
        _server.Dispose();
        var r = Resident("uname", new[] { "-n" });
        Assert.Equal(2, r.Exit);
        Assert.StartsWith("svmsim: no resident simulator at " + _server.SocketPath, r.Stderr);
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "timed out waiting for " + what);
            Thread.Sleep(50);
        }
    }
}
