using System.Text;
using SvmBackup.Simulator;
using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>ufsdump (§6): messages on stderr, exit codes, /etc/dumpdates, and dump == device bytes.</summary>
public sealed class UfsdumpTests
{
    private static ToolResult Dump(SimulatorHarness h, string node, params string[] args) => h.Run(node, "ufsdump", args);

    [Fact]
    public void LevelZeroToTapeMessagesAndDumpdates()
    {
        using var h = new SimulatorHarness();
        h.Run("myhost", "metaoffline", "d1", "d3");
        var r = Dump(h, "myhost", "0ucf", "/dev/rmt/0", "/dev/md/rdsk/d3");
        var now = h.SolarisNow();
        Assert.Equal(
            "  DUMP: Date of this level 0 dump: " + now + "\n" +
            "  DUMP: Date of last level 0 dump: the epoch\n" +
            "  DUMP: Dumping /dev/md/rdsk/d3 to /dev/rmt/0.\n" +
            "  DUMP: Mapping (Pass I) [regular files]\n" +
            "  DUMP: Mapping (Pass II) [directories]\n" +
            "  DUMP: Writing 63 Kilobyte records\n" +
            "  DUMP: Estimated 40 blocks (20KB).\n" +
            "  DUMP: Dumping (Pass III) [directories]\n" +
            "  DUMP: Dumping (Pass IV) [regular files]\n" +
            "  DUMP: 1 blocks (0KB) on 1 volume\n" +
            "  DUMP: DUMP IS DONE\n" +
            "  DUMP: Level 0 dump on " + now + "\n", r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.Equal(0, r.Exit);
        Assert.Equal("/dev/md/rdsk/d3                  0 " + now + "\n", File.ReadAllText(Path.Combine(h.Directory, "roots", "myhost", "etc", "dumpdates")));
    }

    [Fact]
    public void MountedDeviceNamesHostAndMountPoint()
    {
        using var h = new SimulatorHarness();
        var r = Dump(h, "myhost", "0f", "-", "/home1");
        Assert.Contains("  DUMP: Dumping /dev/md/rdsk/d1 (myhost:/home1) to standard output.\n", r.Stderr);
        Assert.Contains("  DUMP: Writing 32 Kilobyte records\n", r.Stderr);
        Assert.DoesNotContain("Level 9 dump on", r.Stderr);
        Assert.Equal(0, r.Exit);
    }

    [Fact]
    public void IncrementalReportsTheLastLowerLevelDump()
    {
        using var h = new SimulatorHarness();
        Dump(h, "myhost", "0uf", "-", "/dev/md/rdsk/d2");
        var full = h.SolarisNow();
        h.Advance(TimeSpan.FromHours(1));
        var r = Dump(h, "myhost", "1uf", "-", "/dev/md/rdsk/d2");
        Assert.StartsWith("  DUMP: Date of this level 1 dump: " + h.SolarisNow() + "\n  DUMP: Date of last level 0 dump: " + full + "\n", r.Stderr);
        Assert.Equal(
            "/dev/md/rdsk/d2                  0 " + full + "\n/dev/md/rdsk/d2                  1 " + h.SolarisNow() + "\n",
            File.ReadAllText(Path.Combine(h.Directory, "roots", "myhost", "etc", "dumpdates")));
    }

    [Fact]
    public void DumpToStdoutRestoresToTheDeviceBytes()
    {
        using var h = new SimulatorHarness(TestTopologies.Small());
        var random = new Random(7);
        foreach (var offset in new long[] { 0, 300, 2048, 5000, 8190 })
        {
            var data = new byte[1024];
            random.NextBytes(data);
            h.Simulator.Write("host1", "/data", offset, data);
        }
        h.Run("host1", "metaoffline", "d1", "d3");
        h.Simulator.Write("host1", "d1", 100, Enumerable.Repeat((byte)0x5A, 512).ToArray()); // after the split: not in d3
        var r = Dump(h, "host1", "0f", "-", "/dev/md/rdsk/d3");
        Assert.Equal(0, r.Exit);
        var restored = DumpImage.Restore(new MemoryStream(r.StdoutBytes));
        Assert.Equal(h.Simulator.ReadSubmirror("host1", "d3", 0, (int)TestTopologies.Size), restored);
        Assert.NotEqual(h.Simulator.ReadSubmirror("host1", "d2", 0, (int)TestTopologies.Size), restored);
        Assert.Equal("/dev/md/rdsk/d3", DumpImage.ReadHeader(new MemoryStream(r.StdoutBytes)).Device);
    }

    [Fact]
    public void TapeNotReadyWithoutTtyAborts()
    {
        using var h = new SimulatorHarness();
        h.Simulator.InjectFault(SimulatorFault.TapeNotReady());
        var r = Dump(h, "myhost", "0ucf", "/dev/rmt/0", "/dev/md/rdsk/d3");
        Assert.EndsWith(
            "  DUMP: Estimated 40 blocks (20KB).\n" +
            "  DUMP: NEEDS ATTENTION: Cannot open `myhost:/dev/rmt/0'.  Do you want to retry the open?: (\"yes\" or \"no\")   DUMP: The ENTIRE dump is aborted.\n",
            r.Stderr);
        Assert.Equal(3, r.Exit);
        Assert.False(File.Exists(Path.Combine(h.Directory, "roots", "myhost", "etc", "dumpdates")) &&
                     File.ReadAllText(Path.Combine(h.Directory, "roots", "myhost", "etc", "dumpdates")).Length > 0);
    }

    [Fact]
    public void TapeNotReadyWithTtyWaitsForTheOperator()
    {
        using var h = new SimulatorHarness();
        h.Simulator.InjectFault(SimulatorFault.TapeNotReady("myhost"));
        var stderr = new MemoryStream();
        var exit = h.Simulator.Run("myhost", "ufsdump", new[] { "0f", "/dev/rmt/0", "/dev/md/rdsk/d3" },
            new MemoryStream(Encoding.ASCII.GetBytes("maybe\nno\n")), true, new MemoryStream(), stderr, 0);
        Assert.EndsWith(
            "  DUMP: NEEDS ATTENTION: Cannot open `myhost:/dev/rmt/0'.  Do you want to retry the open?: (\"yes\" or \"no\") " +
            "  DUMP: \"yes\" or \"no\"?\n  DUMP: The ENTIRE dump is aborted.\n", Encoding.UTF8.GetString(stderr.ToArray()));
        Assert.Equal(3, exit);
    }

    [Fact]
    public void WaitingForTheOperatorHonoursCancellation()
    {
        using var h = new SimulatorHarness();
        h.Simulator.InjectFault(SimulatorFault.TapeNotReady());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Assert.ThrowsAny<OperationCanceledException>(() => h.Simulator.Run("myhost", "ufsdump", new[] { "0f", "/dev/rmt/0", "/dev/md/rdsk/d3" },
            new BlockingStream(), true, new MemoryStream(), new MemoryStream(), 0, cancel.Token));
    }

    [Fact]
    public void FailureAtPercentAbortsWithPartialOutput()
    {
        using var h = new SimulatorHarness(TestTopologies.Small());
        h.Simulator.Write("host1", "d1", 0, Enumerable.Repeat((byte)1, 4096 * 512).ToArray());
        h.Simulator.InjectFault(SimulatorFault.DumpFailsAt(50));
        var r = Dump(h, "host1", "0uf", "-", "/dev/md/rdsk/d2");
        Assert.Equal(3, r.Exit);
        Assert.EndsWith("  DUMP: NEEDS ATTENTION: Do you want to restart?: (\"yes\" or \"no\")   DUMP: The ENTIRE dump is aborted.\n", r.Stderr);
        Assert.Contains("  DUMP: Write error ", r.Stderr);
        Assert.InRange(r.StdoutBytes.Length, 1, 2100 * 512);
        Assert.DoesNotContain("DUMP IS DONE", r.Stderr);
    }

    [Fact]
    public void MissingDeviceCannotBeOpened()
    {
        using var h = new SimulatorHarness();
        var r = Dump(h, "myhost", "0f", "-", "/dev/md/rdsk/d99");
        Assert.Equal(new ToolResult(3, "", "  DUMP: Cannot open dump device `/dev/md/rdsk/d99': No such file or directory\n", r.StdoutBytes), r);
    }

    [Fact]
    public void BadKeyLetterAborts()
    {
        using var h = new SimulatorHarness();
        var r = Dump(h, "myhost", "0qf", "-", "/dev/md/rdsk/d3");
        Assert.Equal(new ToolResult(3, "", "  DUMP: Bad option `q'\n  DUMP: The ENTIRE dump is aborted.\n", r.StdoutBytes), r);
    }

    [Fact]
    public void MissingFileSystemIsUsage()
    {
        using var h = new SimulatorHarness();
        var r = Dump(h, "myhost", "0f", "-");
        Assert.Equal(new ToolResult(3, "", "Usage: ufsdump [0123456789fustdWwnNDCcbavloS [argument]] filesystem\n", r.StdoutBytes), r);
    }

    [Fact]
    public void TapeFileHoldsTheImage()
    {
        using var h = new SimulatorHarness(TestTopologies.Small());
        h.Simulator.Write("host1", "/data", 10, Enumerable.Repeat((byte)9, 512).ToArray());
        Assert.Equal(0, Dump(h, "host1", "0cf", "/dev/rmt/0", "/dev/md/rdsk/d2").Exit);
        using var tape = File.OpenRead(Path.Combine(h.Directory, "tapes", "host1", "rmt0"));
        Assert.Equal(h.Simulator.ReadSubmirror("host1", "d2", 0, (int)TestTopologies.Size), DumpImage.Restore(tape));
    }

    [Fact]
    public void SizeEstimateOnlyPrintsBytes()
    {
        using var h = new SimulatorHarness(TestTopologies.Small());
        h.Simulator.Write("host1", "/data", 0, new byte[] { 1 });
        ToolAssert.Succeeded(Dump(h, "host1", "0S", "/dev/md/rdsk/d2"), ((128 + 40) * 512) + "\n");
    }

    [Fact]
    public void ToolPathRunsAsItsBasename()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Succeeded(h.Run("myhost", "/usr/sbin/metastat", "-p"), "d1 -m d2 d3 1\nd2 1 1 c0t0d0s7\nd3 1 1 c0t1d0s7\n");
    }
}
