using Xunit;

namespace SvmBackup.Tests.Simulator;

public sealed class MetasetOutputTests
{
    private const string Drives = "\nDrive Dbase\n\nd4    Yes  \n\nd6    Yes  \n\nd8    Yes  \n";

    [Fact]
    public void OwnerSeesItselfAsOwner()
    {
        using var h = new SimulatorHarness();
        var r = h.Run("phys-schost-1", "metaset", "-s", "schost-1");
        Assert.Equal(
            "\nSet name = schost-1, Set number = 1\n" +
            "\nHost                Owner\n" +
            "  phys-schost-1      Yes\n" +
            "  phys-schost-2      \n" +
            Drives, r.Stdout);
        Assert.Equal(0, r.Exit);
    }

    [Fact]
    public void NonOwnerShowsNoOwner()
    {
        using var h = new SimulatorHarness();
        Assert.Equal(
            "\nSet name = schost-1, Set number = 1\n" +
            "\nHost                Owner\n" +
            "  phys-schost-1      \n" +
            "  phys-schost-2      \n" +
            Drives, h.Run("phys-schost-2", "metaset").Stdout);
    }

    [Fact]
    public void HostOutsideTheSetKnowsNoSets()
    {
        using var h = new SimulatorHarness();
        Assert.Equal("", h.Run("myhost", "metaset").Stdout);
        var r = h.Run("myhost", "metaset", "-s", "schost-1");
        Assert.Equal("metaset: myhost: setname \"schost-1\": no such set\n\n", r.Stderr);
        Assert.Equal(1, r.Exit);
    }

    [Fact]
    public void ExtraArgumentsAreTooManyArgs()
    {
        using var h = new SimulatorHarness();
        var r = h.Run("phys-schost-1", "metaset", "-s", "schost-1", "extra");
        Assert.StartsWith("metaset: too many args\nusage:\tmetaset -s setname", r.Stderr);
        Assert.Equal(1, r.Exit);
    }

    [Fact]
    public void OwnershipMovesWithTheSet()
    {
        using var h = new SimulatorHarness();
        h.Simulator.SetDiskSetOwner("schost-1", "phys-schost-2");
        Assert.Equal(
            "\nSet name = schost-1, Set number = 1\n" +
            "\nHost                Owner\n" +
            "  phys-schost-1      \n" +
            "  phys-schost-2      Yes\n" +
            Drives, h.Run("phys-schost-2", "metaset", "-s", "schost-1").Stdout);
        ToolAssert.Refused(h.Run("phys-schost-1", "metaoffline", "-s", "schost-1", "d0", "d30"),
            "metaoffline: phys-schost-1: schost-1: must be owner of the set for this command\n\n");
        ToolAssert.Succeeded(h.Run("phys-schost-2", "metaoffline", "-s", "schost-1", "d0", "d30"), "schost-1/d0: submirror schost-1/d30 is offlined\n");
    }

    [Fact]
    public void OwnershipCheckIsSilentExitStatus()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Succeeded(h.Run("phys-schost-1", "metaset", "-s", "schost-1", "-o"), "");
        ToolAssert.Refused(h.Run("phys-schost-2", "metaset", "-s", "schost-1", "-o"), "");
        ToolAssert.Succeeded(h.Run("phys-schost-2", "metaset", "-s", "schost-1", "-o", "-h", "phys-schost-1"), "");
        ToolAssert.Refused(h.Run("myhost", "metaset", "-s", "schost-1", "-o"), "metaset: myhost: setname \"schost-1\": no such set\n\n");
    }
}
