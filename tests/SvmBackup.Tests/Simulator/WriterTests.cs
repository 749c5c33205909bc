using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>The simulated application writer blocks on a write-locked file system, like real writers.</summary>
public sealed class WriterTests
{
    [Fact]
    public async Task WriterBlocksWhileWriteLockedAndResumesAfterUnlock()
    {
        using var h = new SimulatorHarness();
        h.Run("myhost", "lockfs", "-w", "/home1");
        var data = Enumerable.Repeat((byte)0xAB, 512).ToArray();
        var writer = Task.Run(() => h.Simulator.Write("myhost", "/home1", 8, data));
        Assert.NotSame(writer, await Task.WhenAny(writer, Task.Delay(300)));
        Assert.Equal(new byte[512], h.Simulator.ReadSubmirror("myhost", "d2", 8, 1));
        h.Run("myhost", "lockfs", "-u", "/home1");
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(data, h.Simulator.ReadSubmirror("myhost", "d2", 8, 1));
        Assert.Equal(data, h.Simulator.ReadSubmirror("myhost", "d3", 8, 1));
    }

    [Fact]
    public void BlockedWriterCanBeCancelled()
    {
        using var h = new SimulatorHarness();
        h.Run("phys-schost-1", "lockfs", "-w", "/global/schost-1");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        // The global mount's lock is seen from the other node too.
        Assert.ThrowsAny<OperationCanceledException>(() => h.Simulator.Write("phys-schost-2", "schost-1/d0", 0, new byte[512], cancel.Token));
    }

    [Fact]
    public void OtherFileSystemsAreNotBlocked()
    {
        using var h = new SimulatorHarness();
        h.Run("myhost", "lockfs", "-w", "/");
        h.Simulator.Write("myhost", "d1", 0, new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, h.Simulator.ReadSubmirror("myhost", "d3", 0, 1).Take(3).ToArray());
    }
}
