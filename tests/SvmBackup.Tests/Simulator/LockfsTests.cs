using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>lockfs (§5): silent lock operations, status table, perror + exit 2.</summary>
public sealed class LockfsTests
{
    private const string Header = "Filesystem           Locktype   Comment\n";

    [Fact]
    public void WriteLockIsSilentAndShowsInStatus()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Succeeded(h.Run("myhost", "lockfs", "-w", "/home1"), "");
        ToolAssert.Succeeded(h.Run("myhost", "lockfs", "/home1"), Header + "/home1               write      \n");
    }

    [Fact]
    public void NoArgumentsListsOnlyLockedFileSystems()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Succeeded(h.Run("myhost", "lockfs"), "");
        h.Run("myhost", "lockfs", "-w", "-c", "backup", "/home1");
        ToolAssert.Succeeded(h.Run("myhost", "lockfs"), Header + "/home1               write      backup\n");
    }

    [Fact]
    public void AllListsEveryUfsMountIncludingUnlocked()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Succeeded(h.Run("myhost", "lockfs", "-a"), Header + "/                    unlock     \n/home1               unlock     \n");
    }

    [Fact]
    public void UnlockRestoresAndRepeatedLocksSucceed()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Succeeded(h.Run("myhost", "lockfs", "-w", "/home1"), "");
        ToolAssert.Succeeded(h.Run("myhost", "lockfs", "-w", "/home1"), "");
        ToolAssert.Succeeded(h.Run("myhost", "lockfs", "-u", "/home1"), "");
        ToolAssert.Succeeded(h.Run("myhost", "lockfs", "-u", "/home1"), "");
        ToolAssert.Succeeded(h.Run("myhost", "lockfs"), "");
    }

    [Fact]
    public void NonRootLockIsNotOwner()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Refused(h.RunAs(100, "myhost", "lockfs", "-w", "/home1"), "/home1: Not owner\n", 2);
        ToolAssert.Succeeded(h.RunAs(100, "myhost", "lockfs", "/home1"), Header + "/home1               unlock     \n");
    }

    [Fact]
    public void MissingPathIsNoSuchFile()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Refused(h.Run("myhost", "lockfs", "-w", "/nosuch"), "/nosuch: No such file or directory\n", 2);
    }

    [Fact]
    public void NonUfsIsInappropriateIoctl()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Refused(h.Run("myhost", "lockfs", "-w", "/tmp"), "/tmp: Inappropriate ioctl for device\n", 2);
    }

    [Fact]
    public void PathInsideAFileSystemLocksThatFileSystem()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Succeeded(h.Run("phys-schost-1", "lockfs", "-w", "/global/schost-1/sub"), "");
        ToolAssert.Succeeded(h.Run("phys-schost-1", "lockfs"), Header + "/global/schost-1     write      \n");
    }

    [Fact]
    public void DirectoryOnRootLocksRoot()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Succeeded(h.Run("myhost", "lockfs", "-w", "/export/home"), "");
        ToolAssert.Succeeded(h.Run("myhost", "lockfs"), Header + "/                    write      \n");
    }

    [Fact]
    public void GlobalMountLockIsSharedByClusterNodes()
    {
        using var h = new SimulatorHarness();
        h.Run("phys-schost-1", "lockfs", "-w", "/global/schost-1");
        ToolAssert.Succeeded(h.Run("phys-schost-2", "lockfs", "/global/schost-1"), Header + "/global/schost-1     write      \n");
        ToolAssert.Succeeded(h.Run("myhost", "lockfs"), "");
    }

    [Fact]
    public void FailuresContinueWithTheNextName()
    {
        using var h = new SimulatorHarness();
        var r = h.Run("myhost", "lockfs", "/nosuch", "/home1");
        Assert.Equal(Header + "/home1               unlock     \n", r.Stdout);
        Assert.Equal("/nosuch: No such file or directory\n", r.Stderr);
        Assert.Equal(2, r.Exit);
    }

    [Fact]
    public void UsageGoesToStdout()
    {
        using var h = new SimulatorHarness();
        var r = h.Run("myhost", "lockfs", "-w");
        Assert.Equal("usage: lockfs [-dfhnuw] [-c string] [-a] [file system ...]\n", r.Stdout);
        Assert.Equal(1, r.Exit);
    }
}
