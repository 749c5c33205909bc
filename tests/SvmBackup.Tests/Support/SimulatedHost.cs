using SvmBackup.Scripts;
using SvmBackup.Simulator;

namespace SvmBackup.Tests.Support;

/// <summary>A simulator state directory with node roots whose shims exec the BUILT svmsim (out/SvmBackup/simulator).</summary>
public sealed class SimulatedHost : IDisposable
{
    public SimulatedHost()
    {
        StateDirectory = Path.Combine(Path.GetTempPath(), "svmsim-test-" + Guid.NewGuid().ToString("N")[..10]);
        Simulator = SolarisSimulator.Create(StateDirectory);
    }

    public string StateDirectory { get; }
    public SolarisSimulator Simulator { get; }

    /// <summary>The shell prefix the shims exec: the dotnet running these tests and the module's svmsim.dll.</summary>
    public static string Launcher
    {
        get
        {
            Assert.True(File.Exists(RepoPaths.SimulatorDll), "Build first: " + RepoPaths.SimulatorDll);
            var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet"
                ? p
                : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dotnet")).First(File.Exists);
            return ShellQuote.Quote(dotnet) + " " + ShellQuote.Quote(RepoPaths.SimulatorDll);
        }
    }

    public string RootFor(string node) => Simulator.InstallRoot(node, Launcher);

    public void Dispose()
    {
        try { Directory.Delete(StateDirectory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
