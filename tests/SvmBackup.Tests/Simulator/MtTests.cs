using SvmBackup.Simulator;
using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>mt (usr/src/cmd/mt/mt.c): status of the node's one drive, open failures in mt's words, exit codes.</summary>
public sealed class MtTests
{
    private const string Ready =
        "HP Ultrium LTO 3 tape drive:\n" +
        "   sense key(0x0)= No Additional Sense   residual= 0   retries= 0\n" +
        "   file no= 0   block no= 0\n";

    [Theory]
    [InlineData("/dev/rmt/0")]
    [InlineData("/dev/rmt/0n")]
    [InlineData("/dev/rmt/0bn")]
    [InlineData("/dev/rmt/0cbn")]
    public void StatusOfAReadyDrive(string device)
    {
        using var h = new SimulatorHarness();
        ToolAssert.Succeeded(h.Run("myhost", "mt", "-f", device, "status"), Ready);
    }

    [Fact]
    public void DefaultDeviceTOptionAndCommandPrefixes()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Succeeded(h.Run("myhost", "mt", "status"), Ready); // DEFAULT_NRW_TAPE /dev/rmt/0n
        ToolAssert.Succeeded(h.Run("myhost", "mt", "-t", "/dev/rmt/0n", "stat"), Ready);
        ToolAssert.Succeeded(h.Run("myhost", "/usr/bin/mt", "-f", "/dev/rmt/0n", "rewind"), "");
        ToolAssert.Succeeded(h.Run("myhost", "mt", "-f", "/dev/rmt/0n", "tell"), "At block = 0.\n");
    }

    [Fact]
    public void NoTapeLoadedIsTheOpenFailureMtDecodes()
    {
        using var h = new SimulatorHarness();
        h.Simulator.InjectFault(SimulatorFault.TapeNotReady("myhost"));
        ToolAssert.Refused(h.Run("myhost", "mt", "-f", "/dev/rmt/0bn", "status"), "/dev/rmt/0bn: no tape loaded or drive offline\n");
        ToolAssert.Refused(h.Run("myhost", "mt", "-f", "/dev/rmt/0", "rewind"), "/dev/rmt/0: no tape loaded or drive offline\n");
        // "load" opens with O_NDELAY: it works without a tape.
        ToolAssert.Succeeded(h.Run("myhost", "mt", "-f", "/dev/rmt/0", "load"), "");
        // The fault is per node.
        using var c = new SimulatorHarness();
        c.Simulator.InjectFault(SimulatorFault.TapeNotReady("phys-schost-2"));
        ToolAssert.Succeeded(c.Run("phys-schost-1", "mt", "-f", "/dev/rmt/0", "status"), Ready);
        ToolAssert.Refused(c.Run("phys-schost-2", "mt", "-f", "/dev/rmt/0", "status"), "/dev/rmt/0: no tape loaded or drive offline\n");
    }

    [Fact]
    public void UsageUnknownCommandMissingDeviceAndNegativeCount()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Refused(h.Run("myhost", "mt"), "usage: mt [ -f device ] command [ count ]\n");
        ToolAssert.Refused(h.Run("myhost", "mt", "-f", "/dev/rmt/0"), "usage: mt [ -f device ] command [ count ]\n");
        ToolAssert.Refused(h.Run("myhost", "mt", "-f", "/dev/rmt/0", "stats"), "mt: unknown command: stats\n");
        ToolAssert.Refused(h.Run("myhost", "mt", "-f", "/dev/rmt/1", "status"), "/dev/rmt/1: No such file or directory\n");
        ToolAssert.Refused(h.Run("myhost", "mt", "-f", "/dev/rmt/0n", "fsf", "-2"), "mt: negative fsf count\n");
        ToolAssert.Refused(h.Run("myhost", "mt", "-f", "/dev/rmt/0n", "asf", "-1"), "mt: negative file number\n");
    }
}
