using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>ufsdump and /etc/dumpdates (dumpitime.c): malformed records, the rewrite, the S estimate, tape nodes.</summary>
public sealed class UfsdumpDumpdatesTests
{
    private static string DumpdatesPath(SimulatorHarness h, string node) => Path.Combine(h.Directory, "roots", node, "etc", "dumpdates");

    [Fact]
    public void AMalformedLineStopsTheReadingAndTheRewriteDropsItAndTheRest()
    {
        using var h = new SimulatorHarness();
        var path = DumpdatesPath(h, "myhost");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path,
            "/dev/md/rdsk/d3                  0 Tue Nov 24 02:00:01 2026\n" +
            "\n" +
            "/dev/md/rdsk/d2                  0 Wed Nov 25 02:00:01 2026\n");
        var r = h.Run("myhost", "ufsdump", "1uf", "-", "/dev/md/rdsk/d2");
        Assert.Equal(0, r.Exit);
        var now = h.SolarisNow();
        // getitime() never saw d2's level 0 (after the blank line), so this level 1 has no base.
        Assert.StartsWith(
            "  DUMP: Malformed entry in dump record file `/etc/dumpdates', line 2\n" +
            "  DUMP: Date of this level 1 dump: " + now + "\n" +
            "  DUMP: Date of last level 0 dump: the epoch\n", r.Stderr);
        // putitime() re-reads (the message again), then writes only what it read, reformatted, and truncates.
        Assert.EndsWith(
            "  DUMP: DUMP IS DONE\n" +
            "  DUMP: Malformed entry in dump record file `/etc/dumpdates', line 2\n" +
            "  DUMP: Level 1 dump on " + now + "\n", r.Stderr);
        Assert.Equal(
            "/dev/md/rdsk/d3                  0 Tue Nov 24 02:00:01 2026\n" +
            "/dev/md/rdsk/d2                  1 " + now + "\n", File.ReadAllText(path));
    }

    [Fact]
    public void RecordsAreReadLikeUnctimeAndWrittenBackWithCtime()
    {
        using var h = new SimulatorHarness();
        var path = DumpdatesPath(h, "myhost");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A wrong weekday and no padding: unctime() reads fixed columns only; recout() rewrites with "%-32s %c %s".
        File.WriteAllText(path, "/dev/md/rdsk/d2 0 Mon Nov 25 02:00:01 2026\n");
        var r = h.Run("myhost", "ufsdump", "1uf", "-", "/dev/md/rdsk/d2");
        Assert.Contains("  DUMP: Date of last level 0 dump: Wed Nov 25 02:00:01 2026\n", r.Stderr);
        Assert.StartsWith("/dev/md/rdsk/d2                  0 Wed Nov 25 02:00:01 2026\n", File.ReadAllText(path));
    }

    [Fact]
    public void SizeEstimateReadsDumpdatesButPrintsOnlyTheNumber()
    {
        using var h = new SimulatorHarness(TestTopologies.Small());
        h.Simulator.Write("host1", "/data", 0, new byte[] { 1 });
        var path = DumpdatesPath(h, "host1");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "garbage\n");
        var r = h.Run("host1", "ufsdump", "0S", "/dev/md/rdsk/d2");
        Assert.Equal(new ToolResult(0, ((128 + 40) * 512) + "\n", "  DUMP: Malformed entry in dump record file `/etc/dumpdates', line 1\n", r.StdoutBytes), r);
        Assert.Equal("garbage\n", File.ReadAllText(path)); // S never writes
        // S opens no output: a drive without a tape does not matter.
        h.Simulator.InjectFault(SvmBackup.Simulator.SimulatorFault.TapeNotReady());
        Assert.Equal(0, h.Run("host1", "ufsdump", "0Sf", "/dev/rmt/0", "/dev/md/rdsk/d2").Exit);
        Assert.Equal(3, h.Run("host1", "ufsdump", "0S", "/dev/md/rdsk/d99").Exit);
    }

    [Fact]
    public void OnlyTheNodesDriveCanBeOpened()
    {
        using var h = new SimulatorHarness();
        var r = h.Run("myhost", "ufsdump", "0f", "/dev/rmt/1", "/dev/md/rdsk/d3");
        Assert.Equal(3, r.Exit);
        Assert.EndsWith("  DUMP: NEEDS ATTENTION: Cannot open `myhost:/dev/rmt/1'.  Do you want to retry the open?: (\"yes\" or \"no\")   DUMP: The ENTIRE dump is aborted.\n", r.Stderr);
        Assert.Equal(0, h.Run("myhost", "ufsdump", "0f", "/dev/rmt/0cbn", "/dev/md/rdsk/d3").Exit);
    }
}
