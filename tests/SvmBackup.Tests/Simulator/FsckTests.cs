using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>fsck (§7): exit codes, (NO WRITE) rules, and never a write to an offlined submirror.</summary>
public sealed class FsckTests
{
    private const string Phases =
        "** Phase 1 - Check Blocks and Sizes\n" +
        "** Phase 2 - Check Pathnames\n" +
        "** Phase 3a - Check Connectivity\n" +
        "** Phase 3b - Verify Shadows/ACLs\n" +
        "** Phase 4 - Check Reference Counts\n" +
        "** Phase 5 - Check Cylinder Groups\n";

    private const string Summary = "2 files, 9 used, 1015799 free (15 frags, 126973 blocks, 0.0% fragmentation)\n";

    [Fact]
    public void CleanCheckOfMountedFileSystemExits40()
    {
        using var h = new SimulatorHarness();
        var r = h.Run("myhost", "fsck", "-n", "/dev/md/rdsk/d1");
        ToolAssert.Succeeded(r with { Exit = 0 }, "** /dev/md/rdsk/d1 (NO WRITE)\n** Currently Mounted on /home1\n" + Phases + Summary);
        Assert.Equal(40, r.Exit);
    }

    [Fact]
    public void OfflinedSubmirrorIsNoWriteEvenWithYes()
    {
        using var h = new SimulatorHarness();
        h.Run("myhost", "metaoffline", "d1", "d3");
        var before = h.Simulator.ReadSubmirror("myhost", "d3", 0, 64);
        var r = h.Run("myhost", "fsck", "-y", "/dev/md/rdsk/d3");
        ToolAssert.Succeeded(r, "** /dev/md/rdsk/d3 (NO WRITE)\n** Last Mounted on /home1\n" + Phases +
                                "\nFILE SYSTEM STATE IN SUPERBLOCK IS WRONG; FIX?  no\n\n" + Summary);
        Assert.Equal(before, h.Simulator.ReadSubmirror("myhost", "d3", 0, 64));
    }

    [Fact]
    public void DetachedSubmirrorIsFixedWithYes()
    {
        using var h = new SimulatorHarness();
        h.Run("phys-schost-1", "metadetach", "-s", "schost-1", "d0", "d30");
        var r = h.Run("phys-schost-1", "fsck", "-y", "/dev/md/schost-1/rdsk/d30");
        ToolAssert.Succeeded(r, "** /dev/md/schost-1/rdsk/d30\n** Last Mounted on /global/schost-1\n" + Phases +
                                "\nFILE SYSTEM STATE IN SUPERBLOCK IS WRONG; FIX?  yes\n\n" + Summary +
                                "\n***** FILE SYSTEM WAS MODIFIED *****\n");
        Assert.NotEqual(new byte[512], h.Simulator.ReadSubmirror("phys-schost-1", "schost-1/d30", 16, 1));
        // Fixed: a second check is clean.
        ToolAssert.Succeeded(h.Run("phys-schost-1", "fsck", "-n", "/dev/md/schost-1/rdsk/d30"),
            "** /dev/md/schost-1/rdsk/d30 (NO WRITE)\n** Last Mounted on /global/schost-1\n" + Phases +
            "3 files, 1033 used, 1014775 free (15 frags, 126845 blocks, 0.0% fragmentation)\n");
    }

    [Fact]
    public void NoFlagAnswersNo()
    {
        using var h = new SimulatorHarness();
        h.Run("myhost", "metadetach", "d1", "d3");
        var r = h.Run("myhost", "fsck", "-n", "/dev/md/rdsk/d3");
        Assert.EndsWith("\nFILE SYSTEM STATE IN SUPERBLOCK IS WRONG; FIX?  no\n\n" + Summary, r.Stdout);
        Assert.Equal(0, r.Exit);
    }

    [Fact]
    public void SanityCheckVerdicts()
    {
        using var h = new SimulatorHarness();
        var mounted = h.Run("myhost", "fsck", "-m", "/dev/md/rdsk/d1");
        Assert.Equal(new ToolResult(33, "** /dev/md/rdsk/d1\n", "ufs fsck: sanity check: /dev/md/rdsk/d1 already mounted\n", mounted.StdoutBytes), mounted);
        h.Run("myhost", "metadetach", "d1", "d3");
        var copy = h.Run("myhost", "fsck", "-m", "/dev/md/rdsk/d3");
        Assert.Equal(new ToolResult(32, "** /dev/md/rdsk/d3\n", "ufs fsck: sanity check: /dev/md/rdsk/d3 needs checking\n", copy.StdoutBytes), copy);
        h.Run("myhost", "fsck", "-y", "/dev/md/rdsk/d3");
        var fixedCopy = h.Run("myhost", "fsck", "-m", "/dev/md/rdsk/d3");
        Assert.Equal(new ToolResult(0, "** /dev/md/rdsk/d3\n", "ufs fsck: sanity check: /dev/md/rdsk/d3 okay\n", fixedCopy.StdoutBytes), fixedCopy);
    }

    [Fact]
    public void MissingDeviceCannotBeStatted()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Refused(h.Run("myhost", "fsck", "-n", "/dev/md/rdsk/d99"), "fsck: could not stat /dev/md/rdsk/d99: No such file or directory\n", 34);
    }

    [Fact]
    public void BadOptionIsUsage()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Refused(h.Run("myhost", "fsck", "-q", "/dev/md/rdsk/d1"),
            "ufs usage: fsck [-F ufs] [-m] [-n] [-V] [-v] [-y] [-o p,b=#,w,f] [special ....]\n");
    }

    [Fact]
    public void NonRootCannotOpenTheRawDevice()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Refused(h.RunAs(100, "myhost", "fsck", "-n", "/dev/md/rdsk/d1"), "Can't open /dev/md/rdsk/d1: Permission denied\n", 34);
    }
}
