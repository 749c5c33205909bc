using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>Resync data movement: optimized (dirty regions only) after metaonline, full after metattach.</summary>
public sealed class ResyncTests
{
    private const int Blocks = (int)TestTopologies.Size;

    private static byte[] Fill(byte value, int blocks) => Enumerable.Repeat(value, blocks * 512).ToArray();

    private static SimulatorHarness Filled()
    {
        var h = new SimulatorHarness(TestTopologies.Small(), resyncBlocksPerSecond: 1000);
        h.Simulator.Write("host1", "/data", 0, Fill(0x11, Blocks));
        return h;
    }

    [Fact]
    public void WritesWhileOfflineOnlyMarkTheOfflinedSubmirrorDirty()
    {
        using var h = Filled();
        h.Run("host1", "metaoffline", "d1", "d3");
        var frozen = h.Simulator.ReadSubmirror("host1", "d3", 0, Blocks);
        h.Simulator.Write("host1", "d1", 2100, Fill(0x22, 4));
        Assert.Equal(frozen, h.Simulator.ReadSubmirror("host1", "d3", 0, Blocks));
        Assert.Equal(Fill(0x22, 4), h.Simulator.ReadSubmirror("host1", "d2", 2100, 4));
    }

    [Fact]
    public void OptimizedResyncCopiesOnlyDirtyRegions()
    {
        using var h = Filled();
        h.Run("host1", "metaoffline", "d1", "d3");
        h.Simulator.Write("host1", "d1", 2100, Fill(0x22, 4)); // region 1 (blocks 2048-4095) becomes dirty
        // Damage d3 behind the simulator's back in a clean region: an optimized resync must not look there.
        using (var raw = new FileStream(Path.Combine(h.Directory, "disks", "host1", "d3.img"), FileMode.Open, FileAccess.Write))
        {
            raw.Position = 6000L * 512;
            raw.Write(Fill(0x99, 1));
        }
        h.Run("host1", "metaonline", "d1", "d3");
        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("    Resync in progress: 48 % done\n", h.Run("host1", "metastat", "d1").Stdout);
        h.Advance(TimeSpan.FromSeconds(2));
        Assert.Contains("    Submirror 1: d3\n      State: Okay         \n", h.Run("host1", "metastat", "d1").Stdout);
        Assert.Equal(h.Simulator.ReadSubmirror("host1", "d2", 2048, 2048), h.Simulator.ReadSubmirror("host1", "d3", 2048, 2048));
        Assert.Equal(Fill(0x99, 1), h.Simulator.ReadSubmirror("host1", "d3", 6000, 1));
        Assert.Equal(Fill(0x11, 1), h.Simulator.ReadSubmirror("host1", "d2", 6000, 1));
    }

    [Fact]
    public void AfterOptimizedResyncSubmirrorsAreIdentical()
    {
        using var h = Filled();
        h.Run("host1", "metaoffline", "d1", "d3");
        h.Simulator.Write("host1", "d1", 10, Fill(0x33, 3));
        h.Simulator.Write("host1", "/data", 7000, Fill(0x44, 100));
        h.Run("host1", "metaonline", "d1", "d3");
        h.Advance(TimeSpan.FromMinutes(1));
        h.Run("host1", "metastat");
        Assert.Equal(h.Simulator.ReadSubmirror("host1", "d2", 0, Blocks), h.Simulator.ReadSubmirror("host1", "d3", 0, Blocks));
    }

    [Fact]
    public void OnlineWithoutWritesFinishesAtOnce()
    {
        using var h = Filled();
        h.Run("host1", "metaoffline", "d1", "d3");
        h.Run("host1", "metaonline", "d1", "d3");
        Assert.DoesNotContain("Resync", h.Run("host1", "metastat", "d1").Stdout);
    }

    [Fact]
    public void ReattachedSubmirrorGetsAFullResync()
    {
        using var h = Filled();
        h.Run("host1", "metadetach", "d1", "d3");
        // The detached copy is writable on its own (e.g. fsck -y); the attach must overwrite everything.
        h.Simulator.Write("host1", "d3", 5000, Fill(0x77, 8));
        h.Simulator.Write("host1", "d1", 100, Fill(0x55, 8));
        h.Run("host1", "metattach", "d1", "d3");
        h.Advance(TimeSpan.FromSeconds(4.096));
        Assert.Contains("    Resync in progress: 50 % done\n", h.Run("host1", "metastat", "d1").Stdout);
        Assert.Equal(Fill(0x77, 8), h.Simulator.ReadSubmirror("host1", "d3", 5000, 8));
        h.Advance(TimeSpan.FromSeconds(5));
        h.Run("host1", "metastat");
        Assert.Equal(h.Simulator.ReadSubmirror("host1", "d2", 0, Blocks), h.Simulator.ReadSubmirror("host1", "d3", 0, Blocks));
    }

    [Fact]
    public void NewSubmirrorGetsEverythingIncludingZeros()
    {
        using var h = new SimulatorHarness(TestTopologies.Small(), resyncBlocksPerSecond: 1e9);
        h.Simulator.Write("host1", "d4", 0, Fill(0x66, Blocks)); // stale content on the spare
        h.Simulator.Write("host1", "d1", 4000, Fill(0x12, 2));
        h.Run("host1", "metattach", "d1", "d4");
        h.Advance(TimeSpan.FromSeconds(1));
        h.Run("host1", "metastat");
        Assert.Equal(h.Simulator.ReadSubmirror("host1", "d2", 0, Blocks), h.Simulator.ReadSubmirror("host1", "d4", 0, Blocks));
    }

    [Fact]
    public void SubmirrorsInTheMirrorCannotBeWrittenDirectly()
    {
        using var h = Filled();
        Assert.Throws<InvalidOperationException>(() => h.Simulator.Write("host1", "d3", 0, Fill(1, 1)));
        h.Run("host1", "metaoffline", "d1", "d3");
        Assert.Throws<InvalidOperationException>(() => h.Simulator.Write("host1", "d3", 0, Fill(1, 1)));
    }
}
