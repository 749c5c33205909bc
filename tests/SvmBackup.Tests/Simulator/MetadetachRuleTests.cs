using SvmBackup.Simulator;
using Xunit;
using static SvmBackup.Tests.Simulator.MetaofflineRuleTests;

namespace SvmBackup.Tests.Simulator;

/// <summary>metadetach: mirror_detach checks in kernel order (§4.5).</summary>
public sealed class MetadetachRuleTests
{
    [Fact]
    public void DetachRenumbersTheRemainingSubmirrors() =>
        WithSmall(h =>
        {
            ToolAssert.Succeeded(h.Run("host1", "metadetach", "d30", "d31"), "d30: submirror d31 is detached\n");
            Assert.StartsWith("d30 -m d32 d33 d34 1\n", h.Run("host1", "metastat", "-p", "d30").Stdout);
            Assert.Contains("    Submirror 0: d32\n", h.Run("host1", "metastat", "d30").Stdout);
        });

    [Fact]
    public void NonRootIsDenied() =>
        WithSmall(h => ToolAssert.Refused(h.RunAs(1, "host1", "metadetach", "d1", "d3"),
            "metadetach: host1: Permission denied.  You must have root privilege to execute this command.\n\n"));

    [Fact]
    public void ResyncInProgress() =>
        WithSmall(h =>
        {
            h.Simulator.InjectFault(SimulatorFault.ResyncInProgress("d30", "d34", 50, "host1"));
            ToolAssert.Refused(h.Run("host1", "metadetach", "d30", "d31"), "metadetach: host1: d30: resync in progress\n\n");
        });

    [Fact]
    public void SubmirrorNotInMirror() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metadetach", "d1", "d4"), "metadetach: host1: d1: can't find submirror in mirror\n\n"));

    [Fact]
    public void LastSubmirror() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metadetach", "d20", "d21"), "metadetach: host1: d20: attempt to detach last running submirror\n\n"));

    [Fact]
    public void NoOtherReadableSubmirror() =>
        WithSmall(h =>
        {
            h.Run("host1", "metaoffline", "d1", "d3");
            ToolAssert.Refused(h.Run("host1", "metadetach", "d1", "d2"), "metadetach: host1: d1: operation would result in no readable submirrors\n\n");
        });

    [Fact]
    public void ErredComponentsNeedForce() =>
        WithSmall(h =>
        {
            h.Simulator.InjectFault(SimulatorFault.ComponentMaintenance("d3", "c1t1d0s0", "host1"));
            ToolAssert.Refused(h.Run("host1", "metadetach", "d1", "d3"), "metadetach: host1: d1: attempt an operation on a submirror that has erred components\n\n");
            ToolAssert.Succeeded(h.Run("host1", "metadetach", "-f", "d1", "d3"), "d1: submirror d3 is detached\n");
        });

    [Fact]
    public void StripeIsAnInvalidMetadeviceType() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metadetach", "d4", "d3"), "metadetach: d4: invalid metadevice type md_stripe\n"));

    [Fact]
    public void ClusterSeedDetach()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Succeeded(h.Run("phys-schost-1", "metadetach", "-s", "schost-1", "d0", "d30"), "schost-1/d0: submirror schost-1/d30 is detached\n");
    }

    [Fact]
    public void NonOwnerIsRefused()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Refused(h.Run("phys-schost-2", "metadetach", "-s", "schost-1", "d0", "d30"),
            "metadetach: phys-schost-2: schost-1: must be owner of the set for this command\n\n");
    }
}
