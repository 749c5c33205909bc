using SvmBackup.Simulator;
using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>svmsim as a process, and the /bin/sh shims InstallRoot writes.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "svmsim-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, true);
        }
    }

    private ToolResult Tool(string node, params string[] args) =>
        SvmsimProcess.Run(null, new[] { "--state", _state, "--node", node }.Concat(args).ToArray());

    [Fact]
    public void InitThenRunToolsWithExitCodes()
    {
        Assert.Equal(0, SvmsimProcess.Run(null, "init", "--state", _state).Exit);
        ToolAssert.Succeeded(Tool("myhost", "metastat", "-p"), "d1 -m d2 d3 1\nd2 1 1 c0t0d0s7\nd3 1 1 c0t1d0s7\n");
        ToolAssert.Refused(Tool("myhost", "metastat", "d99"), "metastat: myhost: d99: No such file or directory\n\n");
        ToolAssert.Succeeded(Tool("myhost", "uname", "-n"), "myhost\n");
    }

    [Fact]
    public void EffectiveUidOverrideMakesANonRootCaller()
    {
        SvmsimProcess.Run(null, "init", "--state", _state);
        var r = SvmsimProcess.Run(new Dictionary<string, string> { ["SVMSIM_EUID"] = "100" }, "--state", _state, "--node", "myhost", "metaoffline", "d1", "d3");
        ToolAssert.Refused(r, "metaoffline: myhost: Permission denied.  You must have root privilege to execute this command.\n\n");
    }

    [Fact]
    public void RedirectedStdinIsNotATtySoTapeQuestionsAbort()
    {
        SvmsimProcess.Run(null, "init", "--state", _state);
        Assert.Equal(0, SvmsimProcess.Run(null, "fault", "--state", _state, "--kind", "tape-not-ready").Exit);
        var r = Tool("myhost", "ufsdump", "0ucf", "/dev/rmt/0", "/dev/md/rdsk/d3");
        Assert.Equal(3, r.Exit);
        Assert.EndsWith("(\"yes\" or \"no\")   DUMP: The ENTIRE dump is aborted.\n", r.Stderr);
        Assert.Equal(0, SvmsimProcess.Run(null, "clear-faults", "--state", _state).Exit);
        Assert.Equal(0, Tool("myhost", "ufsdump", "0ucf", "/dev/rmt/0", "/dev/md/rdsk/d3").Exit);
    }

    [Fact]
    public void DumpToStdoutThroughTheProcessRestoresToDeviceBytes()
    {
        SimulatorTopology topology = TestTopologies.Small();
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        topology.Save(file);
        try
        {
            Assert.Equal(0, SvmsimProcess.Run(null, "init", "--state", _state, "--topology", file).Exit);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal(0, SvmsimProcess.Run(null, "write", "--state", _state, "--node", "host1", "--target", "/data", "--offset", "3000", "--blocks", "7", "--byte", "0x3C").Exit);
        var r = Tool("host1", "ufsdump", "0f", "-", "/dev/md/rdsk/d2");
        Assert.Equal(0, r.Exit);
        var device = SolarisSimulator.Open(_state).ReadSubmirror("host1", "d2", 0, (int)TestTopologies.Size);
        Assert.Equal(device, DumpImage.Restore(new MemoryStream(r.StdoutBytes)));
        Assert.Equal(Enumerable.Repeat((byte)0x3C, 7 * 512), device.Skip(3000 * 512).Take(7 * 512));
    }

    [Fact]
    public void ParallelProcessesDoNotLoseWrites()
    {
        SvmsimProcess.Run(null, "init", "--state", _state);
        var results = Enumerable.Range(0, 4).AsParallel().Select(i => SvmsimProcess.Run(null, "write", "--state", _state, "--node", "myhost",
            "--target", "d1", "--offset", (i * 4096).ToString(), "--blocks", "1", "--byte", (i + 1).ToString())).ToList();
        Assert.All(results, r => Assert.Equal(0, r.Exit));
        var sim = SolarisSimulator.Open(_state);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(Enumerable.Repeat((byte)(i + 1), 512), sim.ReadSubmirror("myhost", "d3", i * 4096, 1));
        }
    }

    [Fact]
    public void ShimRunsTheToolLikeTheLibrary()
    {
        var sim = SolarisSimulator.Create(_state);
        var root = sim.InstallRoot("myhost", SvmsimProcess.Launcher);
        Assert.Equal(Path.Combine(_state, "roots", "myhost"), root);
        foreach (var path in SolarisSimulator.ProvidedPaths)
        {
            Assert.True(File.Exists(root + path) || Directory.Exists(root + path), path);
        }
        Assert.Equal("#!/bin/sh\nexec " + SvmsimProcess.Launcher + " --state '" + _state + "' --node 'myhost' metastat \"$@\"\n",
            File.ReadAllText(Path.Combine(root, "usr", "sbin", "metastat")));
        using var stdout = new MemoryStream();
        sim.Run("myhost", "metastat", Array.Empty<string>(), new MemoryStream(), false, stdout, new MemoryStream());
        ToolAssert.Succeeded(SvmsimProcess.Shell("'" + root + "/usr/sbin/metastat'"), System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
        ToolAssert.Succeeded(SvmsimProcess.Shell("'" + root + "/usr/sbin/metaoffline' d1 d3"), "d1: submirror d3 is offlined\n");
        ToolAssert.Succeeded(SvmsimProcess.Shell("'" + root + "/usr/bin/uname' -a"), "SunOS myhost 5.10 Generic_150400-59 sun4v sparc sun4v\n");
        Assert.Contains("(offline)", SvmsimProcess.Shell("'" + root + "/usr/sbin/metastat' -c").Stdout);
    }

    [Fact]
    public void RootHasMnttabReleaseAndDumpdates()
    {
        var sim = SolarisSimulator.Create(_state);
        var root = sim.InstallRoot("phys-schost-1", SvmsimProcess.Launcher);
        var mnttab = File.ReadAllLines(Path.Combine(root, "etc", "mnttab"));
        Assert.Equal(new[] { "/dev/dsk/c0t0d0s0", "/", "ufs" }, mnttab[0].Split('\t').Take(3));
        var global = mnttab.Single(l => l.Contains("/global/schost-1")).Split('\t');
        Assert.Equal(5, global.Length);
        Assert.Equal("/dev/md/schost-1/dsk/d0", global[0]);
        Assert.Contains(",global,", global[3]);
        Assert.True(long.TryParse(global[4], out _));
        Assert.StartsWith("                   Oracle Solaris 10", File.ReadAllText(Path.Combine(root, "etc", "release")));
        Assert.Equal(0, sim.Run("phys-schost-1", "ufsdump", new[] { "0uf", "-", "/global/schost-1" }, new MemoryStream(), false, new MemoryStream(), new MemoryStream()));
        Assert.StartsWith("/dev/md/schost-1/rdsk/d0         0 ", File.ReadAllText(Path.Combine(root, "etc", "dumpdates")));
    }

    [Fact]
    public void HelpAndBadCommands()
    {
        var help = SvmsimProcess.Run(null, "--help");
        Assert.Equal(0, help.Exit);
        Assert.StartsWith("usage: svmsim --state DIR --node NODE TOOL", help.Stdout);
        Assert.Equal(2, SvmsimProcess.Run(null, "bogus").Exit);
    }
}
