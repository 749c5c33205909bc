using System.Diagnostics;
using SvmBackup.Simulator;
using SvmBackup.Tests.Rig;
using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>Resident tools behind the sshd rig: the server stays outside the rig's PID namespace, a running tool is visible in it.</summary>
public sealed class ResidentServerRigTests
{
    [SkippableFact]
    public async Task OverSshTheToolRunsInTheServerAndOnlyItsClientIsInTheRig()
    {
        RigRequirement.EnsureOrSkip();
        var state = Path.Combine(Path.GetTempPath(), "svmsim-resrig-" + Guid.NewGuid().ToString("N")[..10]);
        var simulator = SolarisSimulator.Create(state);
        try
        {
            using var server = ResidentServerProcess.Start(simulator);
            var root = server.RootFor("myhost");
            await using var rig = await SshdRig.StartAsync(new SshdRigOptions { NodeName = "myhost", SolarisRoot = root });
            using var client = rig.CreateRootClient();
            client.Connect();
            using (var metastat = client.RunCommand("/usr/sbin/metastat -p"))
            {
                Assert.Equal(0, metastat.ExitStatus);
                Assert.Equal("d1 -m d2 d3 1\nd2 1 1 c0t0d0s7\nd3 1 1 c0t1d0s7\n", metastat.Result);
            }
            // It ran in the server. The server's log arrives on its own pipe, after the tool's output may have: wait for
            // its start and end lines, so the hung tool below is the only one the count can see running.
            WaitFor(() => server.Log.Any(l => l.EndsWith(" myhost metastat", StringComparison.Ordinal)) && server.RunningTools == 0,
                "the server's log to show metastat ran there");

            simulator.InjectFault(SimulatorFault.Hang("metastat"));
            using var hung = client.CreateCommand("/usr/sbin/metastat d1");
            var running = hung.BeginExecute();
            WaitFor(() => server.RunningTools == 1, "the hung metastat to start");
            var inRig = rig.ListProcesses();
            Assert.Contains(inRig, p => p.CommandLine.Contains("svmsim", StringComparison.Ordinal) && p.CommandLine.Contains("metastat", StringComparison.Ordinal));
            Assert.DoesNotContain(inRig, p => p.CommandLine.Contains(" serve ", StringComparison.Ordinal));

            // What a cancelled backup does on the host: signal the tool's processes; the tool in the server ends.
            using (var kill = client.RunCommand("pkill -TERM -f '[s]vmsim-client.pl svmsim'")) Assert.Equal(0, kill.ExitStatus);
            Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "the hung command did not end");
            hung.EndExecute(running);
            Assert.Equal(130, hung.ExitStatus);
            WaitFor(() => server.RunningTools == 0, "the server's log to show the end"); // the log arrives on its own pipe
            Assert.Empty(rig.WaitForProcessesGone(p => p.CommandLine.Contains("svmsim", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
        }
        finally
        {
            try { Directory.Delete(state, true); } catch (IOException) { }
        }
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "timed out waiting for " + what);
            Thread.Sleep(50);
        }
    }
}
