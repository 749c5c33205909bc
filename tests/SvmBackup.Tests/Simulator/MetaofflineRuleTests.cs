using SvmBackup.Simulator;
using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>metaoffline: userland checks, then mirror_offline's checks in kernel order (§4.2, §4.3).</summary>
public sealed class MetaofflineRuleTests
{
    [Fact]
    public void OfflinesAnOkaySubmirror() =>
        WithSmall(h => ToolAssert.Succeeded(h.Run("host1", "metaoffline", "d1", "d3"), "d1: submirror d3 is offlined\n"));

    [Fact]
    public void NonRootIsDenied() =>
        WithSmall(h => ToolAssert.Refused(h.RunAs(100, "host1", "metaoffline", "d1", "d3"),
            "metaoffline: host1: Permission denied.  You must have root privilege to execute this command.\n\n"));

    [Fact]
    public void UnknownSetIsNoSuchSet() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metaoffline", "-s", "blue", "d1", "d3"), "metaoffline: host1: setname \"blue\": no such set\n\n"));

    [Fact]
    public void UnknownMirrorIsNoSuchFile() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metaoffline", "d98", "d3"), "metaoffline: host1: d98: No such file or directory\n\n"));

    [Fact]
    public void UnknownSubmirrorIsNoSuchFile() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metaoffline", "d1", "/dev/md/rdsk/d99"), "metaoffline: host1: d99: No such file or directory\n\n"));

    [Fact]
    public void NonOwnerOfTheSetIsRefused()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Refused(h.Run("phys-schost-2", "metaoffline", "-s", "schost-1", "d0", "d30"),
            "metaoffline: phys-schost-2: schost-1: must be owner of the set for this command\n\n");
    }

    [Fact]
    public void NotAMirror() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metaoffline", "d2", "d3"), "metaoffline: host1: d2: unit is not a mirror\n\n"));

    [Fact]
    public void ResyncInProgressComesFirst() =>
        WithSmall(h =>
        {
            h.Simulator.InjectFault(SimulatorFault.ResyncInProgress("d1", "d3", 10, "host1"));
            ToolAssert.Refused(h.Run("host1", "metaoffline", "d1", "d4"), "metaoffline: host1: d1: resync in progress\n\n");
        });

    [Fact]
    public void SubmirrorOfAnotherMirrorIsNotFound() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metaoffline", "d1", "d4"), "metaoffline: host1: d1: can't find submirror in mirror\n\n"));

    [Fact]
    public void AlreadyOfflineIsIllegalState() =>
        WithSmall(h =>
        {
            h.Run("host1", "metaoffline", "d30", "d34");
            ToolAssert.Refused(h.Run("host1", "metaoffline", "d30", "d34"), "metaoffline: host1: d30: attempt operation on a submirror in illegal state\n\n");
        });

    [Fact]
    public void ErredSubmirrorNeedsForce() =>
        WithSmall(h =>
        {
            h.Simulator.InjectFault(SimulatorFault.ComponentMaintenance("d3", node: "host1"));
            ToolAssert.Refused(h.Run("host1", "metaoffline", "d1", "d3"), "metaoffline: host1: d1: attempt operation on a submirror in illegal state\n\n");
            ToolAssert.Succeeded(h.Run("host1", "metaoffline", "-f", "d1", "d3"), "d1: submirror d3 is offlined\n");
        });

    [Fact]
    public void LastReadableSubmirrorCannotGoEvenWithForce() =>
        WithSmall(h =>
        {
            h.Run("host1", "metaoffline", "d1", "d3");
            ToolAssert.Refused(h.Run("host1", "metaoffline", "d1", "d2"), "metaoffline: host1: d1: operation would result in no readable submirrors\n\n");
            ToolAssert.Refused(h.Run("host1", "metaoffline", "-f", "d1", "d2"), "metaoffline: host1: d1: operation would result in no readable submirrors\n\n");
        });

    [Fact]
    public void OneWayMirrorHasNoOtherReadableSubmirror() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metaoffline", "d20", "d21"), "metaoffline: host1: d20: operation would result in no readable submirrors\n\n"));

    [Fact]
    public void WrongArgumentCountPrintsUsage() =>
        WithSmall(h =>
        {
            ToolAssert.Refused(h.Run("host1", "metaoffline", "d1"), "usage:\tmetaoffline [-s setname] [-f] mirror submirror\n");
            var help = h.Run("host1", "metaoffline", "-h");
            Assert.Equal(0, help.Exit);
            Assert.Equal("usage:\tmetaoffline [-s setname] [-f] mirror submirror\n", help.Stderr);
        });

    [Fact]
    public void DiskSetNamesAreSetQualified()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Succeeded(h.Run("phys-schost-1", "metaoffline", "-s", "schost-1", "d0", "d30"), "schost-1/d0: submirror schost-1/d30 is offlined\n");
    }

    internal static void WithSmall(Action<SimulatorHarness> test)
    {
        using var h = new SimulatorHarness(TestTopologies.Small());
        test(h);
    }
}
