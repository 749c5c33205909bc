using SvmBackup.Simulator;
using Xunit;

namespace SvmBackup.Tests.Simulator;

public sealed class TopologyTests
{
    [Fact]
    public void DefaultHasTheSeedHosts() =>
        Assert.Equal(new[] { "myhost", "phys-schost-1", "phys-schost-2" }, SimulatorTopology.Default.NodeNames);

    [Fact]
    public void SaveLoadRoundTripsToTheSameSimulation()
    {
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        try
        {
            SimulatorTopology.Default.Save(file);
            var loaded = SimulatorTopology.Load(file);
            using var a = new SimulatorHarness();
            using var b = new SimulatorHarness(loaded);
            Assert.Equal(a.Run("phys-schost-1", "metastat", "-a").Stdout, b.Run("phys-schost-1", "metastat", "-a").Stdout);
            Assert.Equal(a.Run("myhost", "metastat").Stdout, b.Run("myhost", "metastat").Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void CreateReopensExistingStateAndIgnoresTheTopology()
    {
        using var h = new SimulatorHarness();
        h.Run("myhost", "metaoffline", "d1", "d3");
        var again = SolarisSimulator.Create(h.Directory, TestTopologies.Small());
        Assert.Equal(new[] { "myhost", "phys-schost-1", "phys-schost-2" }, again.Nodes);
        Assert.Equal(1000, again.Options.ResyncBlocksPerSecond);
        using var stdout = new MemoryStream();
        again.Run("myhost", "metastat", new[] { "-c" }, new MemoryStream(), false, stdout, new MemoryStream());
        Assert.Contains("d2 d3 (offline)", System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public void OpenWithoutStateFails() =>
        Assert.Throws<DirectoryNotFoundException>(() => SolarisSimulator.Open(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));

    [Fact]
    public void BackingFilesAreSparse()
    {
        using var h = new SimulatorHarness();
        var info = new FileInfo(Path.Combine(h.Directory, "disks", "myhost", "d2.img"));
        Assert.Equal(2097152L * 512, info.Length);
    }
}
