using System.Text;
using SvmBackup.Simulator;
using Xunit;
using static SvmBackup.Tests.Simulator.MetaofflineRuleTests;

namespace SvmBackup.Tests.Simulator;

/// <summary>metattach (mirror form): meta_check_submirror then mirror_attach (§4.6).</summary>
public sealed class MetattachRuleTests
{
    [Fact]
    public void AttachStartsAFullResync() =>
        WithSmall(h =>
        {
            ToolAssert.Succeeded(h.Run("host1", "metattach", "d1", "d4"), "d1: submirror d4 is attached\n");
            var report = h.Run("host1", "metastat", "d1").Stdout;
            Assert.Contains("    Submirror 2: d4\n      State: Resyncing    \n    Resync in progress: 0 % done\n", report);
        });

    [Fact]
    public void NonRootIsDenied() =>
        WithSmall(h => ToolAssert.Refused(h.RunAs(5, "host1", "metattach", "d1", "d4"),
            "metattach: host1: Permission denied.  You must have root privilege to execute this command.\n\n"));

    [Fact]
    public void UnknownSubmirrorIsNoSuchFile() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metattach", "d1", "d99"), "metattach: host1: d99: No such file or directory\n\n"));

    [Fact]
    public void SliceIsNotAMetadevice() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metattach", "d1", "c3t0d0s0"), "metattach: host1: c3t0d0s0: not a metadevice\n\n"));

    [Fact]
    public void MountedMetadeviceIsRefused() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metattach", "d20", "d1"), "metattach: host1: d1: is mounted on /data\n\n"));

    [Fact]
    public void ParentedSubmirrorIsInvalidUnit() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metattach", "d20", "d2"), "metattach: host1: d2: invalid unit\n\n"));

    [Fact]
    public void FourWayMirrorIsFull() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metattach", "d30", "d35"), "metattach: host1: d30: mirror has maximum number of submirrors\n\n"));

    [Fact]
    public void SmallerSubmirrorIsTooSmall() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metattach", "d1", "d5"), "metattach: host1: d5: submirror too small to attach\n\n"));

    [Fact]
    public void SubmirrorBeingDumpedIsOpen() =>
        WithSmall(h =>
        {
            // ufsdump opens the disk before it asks about the tape; with a tty it waits there, holding d4 open.
            h.Simulator.InjectFault(SimulatorFault.TapeNotReady("host1"));
            using var cancel = new CancellationTokenSource();
            var stderr = new MemoryStream();
            var dump = Task.Run(() => h.Simulator.Run("host1", "ufsdump", new[] { "0f", "/dev/rmt/0", "/dev/md/rdsk/d4" }, new BlockingStream(), true, new MemoryStream(), stderr, 0, cancel.Token));
            SpinWait.SpinUntil(() => Encoding.UTF8.GetString(stderr.ToArray()).Contains("NEEDS ATTENTION"), TimeSpan.FromSeconds(30));
            ToolAssert.Refused(h.Run("host1", "metattach", "d1", "d4"), "metattach: host1: d4: metadevice is open\n\n");
            cancel.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => dump.GetAwaiter().GetResult());
            ToolAssert.Succeeded(h.Run("host1", "metattach", "d1", "d4"), "d1: submirror d4 is attached\n");
        });

    [Fact]
    public void GrowWithoutSubmirrorIsSilent() =>
        WithSmall(h => ToolAssert.Succeeded(h.Run("host1", "metattach", "d1"), ""));

    [Fact]
    public void ClusterSeedReattachResyncs()
    {
        using var h = new SimulatorHarness();
        h.Run("phys-schost-1", "metadetach", "-s", "schost-1", "d0", "d30");
        ToolAssert.Succeeded(h.Run("phys-schost-1", "metattach", "-s", "schost-1", "d0", "d30"), "schost-1/d0: submirror schost-1/d30 is attached\n");
        Assert.Contains("    Submirror 2: schost-1/d30\n      State: Resyncing    \n    Resync in progress: 0 % done\n",
            h.Run("phys-schost-1", "metastat", "-s", "schost-1", "d0").Stdout);
    }
}
