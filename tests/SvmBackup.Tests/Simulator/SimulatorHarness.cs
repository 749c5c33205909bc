using System.Text;
using SvmBackup.Simulator;

namespace SvmBackup.Tests.Simulator;

/// <summary>A simulator in a fresh temp directory with a manual clock (resync progress only moves when a test advances it).</summary>
internal sealed class SimulatorHarness : IDisposable
{
    public SimulatorHarness(SimulatorTopology? topology = null, double resyncBlocksPerSecond = 1000)
    {
        Directory = Path.Combine(Path.GetTempPath(), "svmsim-test-" + Guid.NewGuid().ToString("N"));
        Simulator = SolarisSimulator.Create(Directory, topology);
        Simulator.UtcClock = () => Now;
        Simulator.UpdateOptions(o => o.ResyncBlocksPerSecond = resyncBlocksPerSecond);
    }

    public string Directory { get; }
    public SolarisSimulator Simulator { get; }
    public DateTime Now { get; set; } = new DateTime(2024, 3, 4, 10, 15, 2, DateTimeKind.Utc);

    public ToolResult Run(string node, string tool, params string[] args) => RunAs(0, node, tool, args);

    public ToolResult RunAs(int uid, string node, string tool, params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var exit = Simulator.Run(node, tool, args, new MemoryStream(), false, stdout, stderr, uid);
        var bytes = stdout.ToArray();
        return new ToolResult(exit, Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(stderr.ToArray()), bytes);
    }

    public void Advance(TimeSpan by) => Now += by;

    /// <summary>C-locale ctime of the simulated clock, as ufsdump prints it.</summary>
    public string SolarisNow()
    {
        var local = Now.ToLocalTime();
        return $"{local:ddd MMM} {local.Day,2} {local:HH:mm:ss yyyy}";
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
