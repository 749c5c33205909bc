using SvmBackup.Simulator;
using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>Whole metastat outputs of the seed topology against the reference §2.6 samples (names adapted).</summary>
public sealed class MetastatOutputTests
{
    private const string Header = "\tDevice     Start Block  Dbase        State Reloc Hot Spare\n";

    private const string Trailer =
        "Device Relocation Information:\n" +
        "Device   Reloc\tDevice ID\n" +
        "c0t1d0   Yes  \tid1,sd@SSEAGATE_ST336607LSUN36G_3JA6LR7N00007422W6QK\n" +
        "c0t0d0   Yes  \tid1,sd@SSEAGATE_ST336607LSUN36G_3JA69DGJ00007414CGBC\n";

    private static string Mirror(string d2State, string d3State, string? resync = null) =>
        "d1: Mirror\n" +
        "    Submirror 0: d2\n" +
        "      State: " + d2State + " \n" +
        "    Submirror 1: d3\n" +
        "      State: " + d3State + " \n" +
        (resync == null ? "" : "    Resync in progress: " + resync + " % done\n") +
        "    Pass: 1\n" +
        "    Read option: roundrobin (default)\n" +
        "    Write option: parallel (default)\n" +
        "    Size: 2097152 blocks (1.0 GB)\n" +
        "\n";

    private static string Submirror(string name, string state, string component, string componentState = "        Okay", string? invoke = null) =>
        name + ": Submirror of d1\n" +
        "    State: " + state + " \n" +
        (invoke == null ? "" : "    Invoke: " + invoke + "\n") +
        "    Size: 2097152 blocks (1.0 GB)\n" +
        "    Stripe 0:\n" +
        Header +
        "\t" + component + "          0     No    " + componentState + "   Yes \n" +
        "\n" +
        "\n";

    [Fact]
    public void HealthyMirrorMatchesReferenceLayout()
    {
        using var h = new SimulatorHarness();
        var r = h.Run("myhost", "metastat");
        var expected = Mirror("Okay        ", "Okay        ") +
                       Submirror("d2", "Okay        ", "c0t0d0s7") +
                       Submirror("d3", "Okay        ", "c0t1d0s7") +
                       Trailer;
        Assert.Equal(expected, r.Stdout);
        Assert.Equal("", r.Stderr);
        Assert.Equal(0, r.Exit);
    }

    [Fact]
    public void OfflinedSubmirrorNeedsMaintenanceWithMetaonlineInvoke()
    {
        using var h = new SimulatorHarness();
        Assert.Equal(0, h.Run("myhost", "metaoffline", "d1", "d3").Exit);
        var expected = Mirror("Okay        ", "Needs maintenance") +
                       Submirror("d2", "Okay        ", "c0t0d0s7") +
                       Submirror("d3", "Needs maintenance", "c0t1d0s7", invoke: "metaonline d1 d3") +
                       Trailer;
        Assert.Equal(expected, h.Run("myhost", "metastat").Stdout);
    }

    [Fact]
    public void ResyncingSubmirrorShowsPercentage()
    {
        using var h = new SimulatorHarness();
        h.Simulator.InjectFault(SimulatorFault.ResyncInProgress("d1", "d3", 45, "myhost"));
        var expected = Mirror("Okay        ", "Resyncing   ", "45") +
                       Submirror("d2", "Okay        ", "c0t0d0s7") +
                       Submirror("d3", "Resyncing   ", "c0t1d0s7") +
                       Trailer;
        Assert.Equal(expected, h.Run("myhost", "metastat").Stdout);
    }

    [Fact]
    public void ResyncPercentageFollowsTheClockAndEndsOkay()
    {
        using var h = new SimulatorHarness(resyncBlocksPerSecond: 1000);
        h.Simulator.InjectFault(SimulatorFault.ResyncInProgress("d1", "d3", 0, "myhost"));
        h.Advance(TimeSpan.FromSeconds(2097.152 * 0.30 + 0.001));
        Assert.Contains("    Resync in progress: 30 % done\n", h.Run("myhost", "metastat", "d1").Stdout);
        h.Advance(TimeSpan.FromSeconds(2097.152));
        var report = h.Run("myhost", "metastat", "d1").Stdout;
        Assert.DoesNotContain("Resync", report);
        Assert.StartsWith(Mirror("Okay        ", "Okay        "), report);
    }

    [Fact]
    public void ComponentInMaintenance()
    {
        using var h = new SimulatorHarness();
        h.Simulator.InjectFault(SimulatorFault.ComponentMaintenance("d3", node: "myhost"));
        var expected = Mirror("Okay        ", "Needs maintenance") +
                       Submirror("d2", "Okay        ", "c0t0d0s7") +
                       Submirror("d3", "Needs maintenance", "c0t1d0s7", " Maintenance", "metareplace d1 c0t1d0s7 <new device>") +
                       Trailer;
        Assert.Equal(expected, h.Run("myhost", "metastat").Stdout);
    }

    [Fact]
    public void ComponentLastErredInvokesAfterReplacingMaintenance()
    {
        using var h = new SimulatorHarness();
        h.Simulator.InjectFault(SimulatorFault.ComponentLastErred("d3", node: "myhost"));
        var expected = Mirror("Okay        ", "Needs maintenance") +
                       Submirror("d2", "Okay        ", "c0t0d0s7") +
                       Submirror("d3", "Needs maintenance", "c0t1d0s7", "  Last Erred",
                           "after replacing \"Maintenance\" components:\n\t\tmetareplace d1 c0t1d0s7 <new device>") +
                       Trailer;
        Assert.Equal(expected, h.Run("myhost", "metastat").Stdout);
        h.Simulator.ClearFaults();
        Assert.DoesNotContain("Last Erred", h.Run("myhost", "metastat").Stdout);
    }

    [Fact]
    public void DiskSetReportPrefixesMetadevicesButNotComponents()
    {
        using var h = new SimulatorHarness();
        static string Sub(string name, string comp) =>
            "schost-1/" + name + ": Submirror of schost-1/d0\n" +
            "    State: Okay         \n" +
            "    Size: 2097152 blocks (1.0 GB)\n" +
            "    Stripe 0:\n" +
            "\tDevice   Start Block  Dbase        State Reloc Hot Spare\n" +
            "\t" + comp + "            0     No            Okay   Yes \n" +
            "\n\n";
        var expected =
            "schost-1/d0: Mirror\n" +
            "    Submirror 0: schost-1/d10\n      State: Okay         \n" +
            "    Submirror 1: schost-1/d20\n      State: Okay         \n" +
            "    Submirror 2: schost-1/d30\n      State: Okay         \n" +
            "    Pass: 1\n    Read option: roundrobin (default)\n    Write option: parallel (default)\n" +
            "    Size: 2097152 blocks (1.0 GB)\n\n" +
            Sub("d10", "d4s0") + Sub("d20", "d6s0") + Sub("d30", "d8s0") +
            "Device Relocation Information:\n" +
            "Device Reloc\tDevice ID\n" +
            "d8   Yes  \tid1,ssd@n600a0b80001137e40000a2be4c3f1ea5\n" +
            "d6   Yes  \tid1,ssd@n600a0b80001137e40000a2bb4c3f1e6a\n" +
            "d4   Yes  \tid1,ssd@n600a0b80001137e40000a2b84c3f1e2d\n";
        var r = h.Run("phys-schost-1", "metastat", "-s", "schost-1");
        Assert.Equal(expected, r.Stdout);
        Assert.Equal(0, r.Exit);
    }

    [Fact]
    public void MdTabFormatMatchesClusterSeed()
    {
        using var h = new SimulatorHarness();
        var r = h.Run("phys-schost-1", "metastat", "-s", "schost-1", "-p");
        Assert.Equal(
            "schost-1/d0 -m schost-1/d10 schost-1/d20 schost-1/d30 1\n" +
            "schost-1/d10 1 1 d4s0\n" +
            "schost-1/d20 1 1 d6s0\n" +
            "schost-1/d30 1 1 d8s0\n", r.Stdout);
        Assert.Equal(0, r.Exit);
    }

    [Fact]
    public void MdTabAfterDetachListsTheStandaloneStripe()
    {
        using var h = new SimulatorHarness();
        Assert.Equal(0, h.Run("phys-schost-1", "metadetach", "-s", "schost-1", "d0", "d30").Exit);
        Assert.Equal(
            "schost-1/d0 -m schost-1/d10 schost-1/d20 1\n" +
            "schost-1/d10 1 1 d4s0\n" +
            "schost-1/d20 1 1 d6s0\n" +
            "schost-1/d30 1 1 d8s0\n", h.Run("phys-schost-1", "metastat", "-s", "schost-1", "-p").Stdout);
    }

    [Fact]
    public void DetachedSubmirrorIsPrintedAsTopLevelConcat()
    {
        using var h = new SimulatorHarness();
        h.Run("myhost", "metadetach", "d1", "d3");
        var report = h.Run("myhost", "metastat", "-q").Stdout;
        Assert.EndsWith(
            "d3: Concat/Stripe\n" +
            "    Size: 2097152 blocks (1.0 GB)\n" +
            "    Stripe 0:\n" +
            "\tDevice     Start Block  Dbase\tReloc\n" +
            "\tc0t1d0s7          0     No   \tYes\n" +
            "\n", report);
        Assert.StartsWith("d1: Mirror\n    Submirror 0: d2\n      State: Okay         \n    Pass: 1\n", report);
    }

    [Fact]
    public void ConciseShowsOfflineAndResyncStates()
    {
        using var h = new SimulatorHarness();
        h.Run("myhost", "metaoffline", "d1", "d3");
        Assert.Equal(
            "d1               m  1.0GB d2 d3 (offline)\n" +
            "    d2           s  1.0GB c0t0d0s7\n" +
            "    d3           s  1.0GB c0t1d0s7\n", h.Run("myhost", "metastat", "-c").Stdout);
        h.Run("myhost", "metaonline", "d1", "d3");
        h.Run("myhost", "metadetach", "d1", "d3");
        h.Run("myhost", "metattach", "d1", "d3");
        h.Advance(TimeSpan.FromSeconds(2097.152 * 0.45 + 0.001));
        Assert.Equal(
            "d1               m  1.0GB d2 d3 (resync-45%)\n" +
            "    d2           s  1.0GB c0t0d0s7\n" +
            "    d3           s  1.0GB c0t1d0s7\n", h.Run("myhost", "metastat", "-c").Stdout);
    }

    [Fact]
    public void QuietSuppressesTheTrailer()
    {
        using var h = new SimulatorHarness();
        var full = h.Run("myhost", "metastat").Stdout;
        Assert.Equal(full.Substring(0, full.Length - Trailer.Length), h.Run("myhost", "metastat", "-q").Stdout);
    }

    [Fact]
    public void NamedMirrorPrintsItWithTrailer()
    {
        using var h = new SimulatorHarness();
        Assert.Equal(h.Run("myhost", "metastat").Stdout, h.Run("myhost", "metastat", "d1").Stdout);
    }

    [Fact]
    public void UnknownMetadeviceIsNoSuchFileAndSuppressesTrailer()
    {
        using var h = new SimulatorHarness();
        var r = h.Run("myhost", "metastat", "d1", "d99");
        Assert.Equal("metastat: myhost: d99: No such file or directory\n\n", r.Stderr);
        Assert.Equal(1, r.Exit);
        Assert.DoesNotContain("Device Relocation Information", r.Stdout);
        Assert.StartsWith("d1: Mirror\n", r.Stdout);
    }

    [Fact]
    public void NonOwnerOfTheSetIsRefused()
    {
        using var h = new SimulatorHarness();
        var r = h.Run("phys-schost-2", "metastat", "-s", "schost-1");
        Assert.Equal(new ToolResult(1, "", "metastat: phys-schost-2: schost-1: must be owner of the set for this command\n\n", Array.Empty<byte>()),
            r with { StdoutBytes = Array.Empty<byte>() });
    }

    [Fact]
    public void UnknownSetIsNoSuchSet()
    {
        using var h = new SimulatorHarness();
        var r = h.Run("myhost", "metastat", "-s", "schost-1");
        Assert.Equal("metastat: myhost: setname \"schost-1\": no such set\n\n", r.Stderr);
        Assert.Equal(1, r.Exit);
    }

    [Fact]
    public void UsageErrors()
    {
        using var h = new SimulatorHarness();
        var r = h.Run("myhost", "metastat", "-a", "-s", "schost-1");
        Assert.Equal("metastat: incompatible options: -a and -s\nusage:\tmetastat [-s setname] [-a][-c][-B][-D][-r][-i][-p] [-t] [metadevice...]\n", r.Stderr);
        Assert.Equal(1, r.Exit);
        var help = h.Run("myhost", "metastat", "-h");
        Assert.Equal("usage:\tmetastat [-s setname] [-a][-c][-B][-D][-r][-i][-p] [-t] [metadevice...]\n", help.Stderr);
        Assert.Equal(0, help.Exit);
    }

    [Fact]
    public void ProbeNeedsRoot()
    {
        using var h = new SimulatorHarness();
        var r = h.RunAs(100, "myhost", "metastat", "-i");
        Assert.Equal("metastat: -i option requires super-user privilages\n", r.Stderr);
        Assert.Equal(1, r.Exit);
        Assert.Equal(0, h.RunAs(100, "myhost", "metastat").Exit);
    }

    [Fact]
    public void ClusterNodeLocalSetIsEmpty()
    {
        using var h = new SimulatorHarness();
        var r = h.Run("phys-schost-2", "metastat");
        Assert.Equal(new ToolResult(0, "", "", Array.Empty<byte>()), r with { StdoutBytes = Array.Empty<byte>() });
    }

    [Fact]
    public void AllSetsOnTheOwnerIncludesTheDiskSet()
    {
        using var h = new SimulatorHarness();
        var all = h.Run("phys-schost-1", "metastat", "-a", "-p");
        Assert.Equal("\n" + h.Run("phys-schost-1", "metastat", "-s", "schost-1", "-p").Stdout + "\n", all.Stdout);
    }

    [Fact]
    public void TimestampsFollowStateChanges()
    {
        using var h = new SimulatorHarness();
        h.Run("myhost", "metaoffline", "d1", "d3");
        var report = h.Run("myhost", "metastat", "-t", "d1").Stdout;
        Assert.Contains("    Submirror 1: d3\n      State: Needs maintenance " + h.SolarisNow() + "\n", report);
        Assert.Contains("d3: Submirror of d1\n    State: Needs maintenance " + h.SolarisNow() + "\n    Invoke: metaonline d1 d3\n", report);
        Assert.Contains("\tDevice     Start Dbase State       Reloc Hot Spare Time\n", report);
        Assert.Matches(@"\tc0t1d0s7       0 No    Okay        Yes             [A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3][0-9] \d\d:\d\d:\d\d \d{4}\n", report);
    }

    [Fact]
    public void IllegalNameFailsSilentlyButASliceNameIsNoSuchFile()
    {
        using var h = new SimulatorHarness();
        Assert.Equal(new ToolResult(1, "", "", Array.Empty<byte>()), h.Run("myhost", "metastat", "9x") with { StdoutBytes = Array.Empty<byte>() });
        Assert.Equal("metastat: myhost: c0t0d0s0: No such file or directory\n\n", h.Run("myhost", "metastat", "c0t0d0s0").Stderr);
    }
}
