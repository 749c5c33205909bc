using SvmBackup.Simulator;
using Xunit;
using static SvmBackup.Tests.Simulator.MetaofflineRuleTests;

namespace SvmBackup.Tests.Simulator;

/// <summary>metaonline: mirror_online checks — find, must be offline, no resync (§4.4).</summary>
public sealed class MetaonlineRuleTests
{
    [Fact]
    public void OnlinesAnOfflinedSubmirrorAndStartsResync() =>
        WithSmall(h =>
        {
            h.Run("host1", "metaoffline", "d1", "d3");
            h.Simulator.Write("host1", "/data", 0, new byte[512]);
            ToolAssert.Succeeded(h.Run("host1", "metaonline", "d1", "d3"), "d1: submirror d3 is onlined\n");
            Assert.Contains("      State: Resyncing    \n    Resync in progress: 0 % done\n", h.Run("host1", "metastat", "d1").Stdout);
        });

    [Fact]
    public void NonRootIsDenied() =>
        WithSmall(h => ToolAssert.Refused(h.RunAs(1000, "host1", "metaonline", "d1", "d3"),
            "metaonline: host1: Permission denied.  You must have root privilege to execute this command.\n\n"));

    [Fact]
    public void SubmirrorNotInMirror() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metaonline", "d1", "d21"), "metaonline: host1: d1: can't find submirror in mirror\n\n"));

    [Fact]
    public void OnlineSubmirrorIsIllegalState() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metaonline", "d1", "d3"), "metaonline: host1: d1: attempt operation on a submirror in illegal state\n\n"));

    [Fact]
    public void ResyncInProgressOnAnotherSubmirror() =>
        WithSmall(h =>
        {
            h.Run("host1", "metaoffline", "d30", "d34");
            h.Simulator.InjectFault(SimulatorFault.ResyncInProgress("d30", "d33", 5, "host1"));
            ToolAssert.Refused(h.Run("host1", "metaonline", "d30", "d34"), "metaonline: host1: d30: resync in progress\n\n");
        });

    [Fact]
    public void NotAMirror() =>
        WithSmall(h => ToolAssert.Refused(h.Run("host1", "metaonline", "d4", "d3"), "metaonline: host1: d4: unit is not a mirror\n\n"));

    [Fact]
    public void UsageHasNoForceOption() =>
        WithSmall(h =>
        {
            var r = h.Run("host1", "metaonline", "-f", "d1", "d3");
            ToolAssert.Refused(r, "metaonline: illegal option -- f\nusage:\tmetaonline [-s setname] mirror submirror\n");
        });
}
