using System.Diagnostics;
using SvmBackup.Simulator;
using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>Latency and hang faults, fault addressing, and ClearFaults.</summary>
public sealed class FaultTests
{
    private static int RunWith(SimulatorHarness h, string node, string tool, CancellationToken token) =>
        h.Simulator.Run(node, tool, Array.Empty<string>(), new MemoryStream(), false, new MemoryStream(), new MemoryStream(), 0, token);

    [Fact]
    public void LatencyDelaysOnlyTheNamedToolAndHonoursCancellation()
    {
        using var h = new SimulatorHarness();
        h.Simulator.InjectFault(SimulatorFault.Latency(60_000, "metastat"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => RunWith(h, "myhost", "metastat", cancelled.Token));
        Assert.Equal(0, RunWith(h, "myhost", "uname", cancelled.Token));
        h.Simulator.ClearFaults();
        Assert.Equal(0, RunWith(h, "myhost", "metastat", cancelled.Token));
    }

    [Fact]
    public void ShortLatencyStillCompletes()
    {
        using var h = new SimulatorHarness();
        h.Simulator.InjectFault(SimulatorFault.Latency(50));
        Assert.Equal(0, h.Run("myhost", "metastat").Exit);
    }

    [Fact]
    public void HangBlocksUntilCancelledOnlyOnTheNamedNode()
    {
        using var h = new SimulatorHarness();
        h.Simulator.InjectFault(SimulatorFault.Hang("lockfs", "phys-schost-1"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.ThrowsAny<OperationCanceledException>(() => RunWith(h, "phys-schost-1", "lockfs", cancel.Token));
        Assert.Equal(0, h.Run("phys-schost-2", "lockfs").Exit);
    }

    [Fact]
    public void HungProcessRunsUntilKilled()
    {
        var state = Path.Combine(Path.GetTempPath(), "svmsim-hang-" + Guid.NewGuid().ToString("N"));
        try
        {
            SolarisSimulator.Create(state).InjectFault(SimulatorFault.Hang("metastat"));
            var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { SvmsimProcess.DllPath, "--state", state, "--node", "myhost", "metastat" })
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start)!;
            Assert.False(process.WaitForExit(1500));
            process.Kill();
            Assert.True(process.WaitForExit(30_000));
        }
        finally
        {
            Directory.Delete(state, true);
        }
    }

    [Fact]
    public void ComponentFaultAddressedToAMirrorHitsItsLastSubmirror()
    {
        using var h = new SimulatorHarness();
        h.Simulator.InjectFault(new SimulatorFault { Kind = SimulatorFaultKind.ComponentMaintenance, Metadevice = "schost-1/d0" });
        Assert.Equal(
            "schost-1/d0      m  1.0GB schost-1/d10 schost-1/d20 schost-1/d30 (maint)\n" +
            "    schost-1/d10 s  1.0GB d4s0\n" +
            "    schost-1/d20 s  1.0GB d6s0\n" +
            "    schost-1/d30 s  1.0GB d8s0 (maint)\n", h.Run("phys-schost-1", "metastat", "-s", "schost-1", "-c").Stdout);
    }

    [Fact]
    public void ComponentFaultOnNamedSubmirrorOfMirror()
    {
        using var h = new SimulatorHarness();
        h.Simulator.InjectFault(new SimulatorFault { Kind = SimulatorFaultKind.ComponentLastErred, Metadevice = "d1", Submirror = "d2" });
        Assert.Equal(
            "d1               m  1.0GB d2 (maint) d3\n" +
            "    d2           s  1.0GB c0t0d0s7 (last-erred)\n" +
            "    d3           s  1.0GB c0t1d0s7\n", h.Run("myhost", "metastat", "-c").Stdout);
    }

    [Fact]
    public void ResyncFaultWithoutNodeFindsTheMirror()
    {
        using var h = new SimulatorHarness();
        h.Simulator.InjectFault(SimulatorFault.ResyncInProgress("schost-1/d0", percent: 12));
        Assert.Contains("    Submirror 2: schost-1/d30\n      State: Resyncing    \n    Resync in progress: 12 % done\n",
            h.Run("phys-schost-1", "metastat", "-s", "schost-1").Stdout);
    }
}
