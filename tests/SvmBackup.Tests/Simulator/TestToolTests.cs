using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>/usr/bin/test of a simulated node: exit 0/1 about the node's own files (its root) and tape nodes.</summary>
public sealed class TestToolTests
{
    [Fact]
    public void FilesAreThoseOfTheNodeRoot()
    {
        using var h = new SimulatorHarness();
        var root = h.Simulator.InstallRoot("myhost", SvmsimProcess.Launcher);
        Directory.CreateDirectory(Path.Combine(root, "backup"));
        File.WriteAllText(Path.Combine(root, "backup", "home1.0"), "x");
        File.CreateSymbolicLink(Path.Combine(root, "backup", "link"), Path.Combine(root, "backup", "home1.0"));

        Assert.Equal(0, h.Run("myhost", "test", "-d", "/backup").Exit);
        Assert.Equal(0, h.Run("myhost", "test", "-w", "/backup").Exit);
        Assert.Equal(1, h.Run("myhost", "test", "-f", "/backup").Exit);
        Assert.Equal(0, h.Run("myhost", "test", "-f", "/backup/home1.0").Exit);
        Assert.Equal(0, h.Run("myhost", "test", "-s", "/backup/home1.0").Exit);
        Assert.Equal(1, h.Run("myhost", "test", "-h", "/backup/home1.0").Exit);
        Assert.Equal(0, h.Run("myhost", "test", "-h", "/backup/link").Exit);
        Assert.Equal(1, h.Run("myhost", "test", "-d", "/nonexistent").Exit);
        Assert.Equal(1, h.Run("myhost", "test", "-w", "/nonexistent").Exit);
        Assert.Equal(0, h.Run("myhost", "test", "-x", "/usr/sbin/metastat").Exit);
        Assert.Equal(1, h.Run("myhost", "test", "-x", "/etc/mnttab").Exit);
        // As non-root the node's files are not writable.
        Assert.Equal(1, h.RunAs(100, "myhost", "test", "-w", "/backup").Exit);
        Assert.Equal(0, h.RunAs(100, "myhost", "test", "-d", "/backup").Exit);
        // The local transport hands over provided paths already rewritten into the root.
        Assert.Equal(0, h.Run("myhost", "test", "-x", root + "/usr/sbin/metastat").Exit);
        Assert.Equal("", h.Run("myhost", "test", "-d", "/backup").Stdout + h.Run("myhost", "test", "-d", "/backup").Stderr);
    }

    [Fact]
    public void TapeNodesAreCharacterDevicesBehindSymlinks()
    {
        using var h = new SimulatorHarness();
        Assert.Equal(0, h.Run("myhost", "test", "-c", "/dev/rmt/0n").Exit);
        Assert.Equal(0, h.Run("myhost", "test", "-h", "/dev/rmt/0").Exit);
        Assert.Equal(1, h.Run("myhost", "test", "-f", "/dev/rmt/0").Exit);
        Assert.Equal(1, h.Run("myhost", "test", "-c", "/dev/rmt/1").Exit);
    }

    [Fact]
    public void StringsNegationAndErrors()
    {
        using var h = new SimulatorHarness();
        Assert.Equal(1, h.Run("myhost", "test").Exit);
        Assert.Equal(0, h.Run("myhost", "test", "x").Exit);
        Assert.Equal(1, h.Run("myhost", "test", "").Exit);
        Assert.Equal(0, h.Run("myhost", "test", "!", "-d", "/nonexistent").Exit);
        Assert.Equal(0, h.Run("myhost", "test", "a", "=", "a").Exit);
        Assert.Equal(1, h.Run("myhost", "test", "a", "!=", "a").Exit);
        Assert.Equal(0, h.Run("myhost", "test", "-z", "").Exit);
        Assert.Equal(2, h.Run("myhost", "test", "-Q", "/etc").Exit);
    }
}
