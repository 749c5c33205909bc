using SvmBackup.Model;
using SvmBackup.Sessions;
using SvmBackup.Simulator;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>
/// With an application writing to /home1 the whole time: the split submirror holds exactly the file system as it was
/// when the lock was taken, the writer blocks while locked and resumes after unlock, and after the resync every
/// submirror is identical.
/// </summary>
public class StepIntegrityTests : IClassFixture<ModuleHostFixture>
{
    private const int Blocks = 256; // the region the writer keeps rewriting
    private readonly ModuleHost _host;

    public StepIntegrityTests(ModuleHostFixture fixture) => _host = fixture.Host;

    [Fact]
    public async Task Split_copy_equals_the_file_system_at_lock_time_and_resync_makes_submirrors_identical()
    {
        var open = _host.Invoke("$sim = New-SvmSimulator; $sim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1e9 }); $sim.Engine; New-SvmSession -Simulator $sim -ComputerName myhost");
        open.AssertNoErrors();
        var sim = Assert.IsType<SolarisSimulator>(open.Output[0].BaseObject);
        var session = Assert.IsType<SvmSession>(open.Output[1].BaseObject);
        try
        {
            using var stop = new CancellationTokenSource();
            var generation = 0;
            var writer = Task.Run(() =>
            {
                // An application rewriting the same blocks with an ever-changing pattern; a write to a locked fs blocks.
                while (!stop.IsCancellationRequested)
                {
                    var g = Interlocked.Increment(ref generation);
                    var data = Enumerable.Repeat((byte)(g % 251 + 1), 64 * 512).ToArray();
                    try { sim.Write("myhost", "/home1", (g * 64) % Blocks, data, stop.Token); }
                    catch (OperationCanceledException) { break; }
                }
            });
            while (Volatile.Read(ref generation) < 20) await Task.Delay(10);

            var locked = _host.Invoke("param($s) Get-SvmMirror -Session $s -MountPoint /home1 | Lock-UfsFileSystem", session);
            locked.AssertNoErrors();
            // Locked: the writer is blocked, so what d2 holds now is the file system at lock time.
            var atLock = sim.ReadSubmirror("myhost", "d2", 0, Blocks);
            var genAtLock = Volatile.Read(ref generation);
            await Task.Delay(300);
            Assert.True(Volatile.Read(ref generation) <= genAtLock + 1, "the writer kept writing through the write lock");

            var split = _host.Invoke("param($s) $sub = Get-SvmMirror -Session $s d1 | Disconnect-Submirror -Submirror d3; Unlock-UfsFileSystem -Session $s /home1 | Out-Null; $sub", session);
            split.AssertNoErrors();
            var sub = Assert.IsType<SvmSubmirrorSplit>(split.Output.Single().BaseObject);

            while (Volatile.Read(ref generation) < genAtLock + 20) await Task.Delay(10); // writes resumed after unlock
            Assert.Equal(atLock, sim.ReadSubmirror("myhost", "d3", 0, Blocks)); // the offlined copy is frozen at lock time
            Assert.NotEqual(atLock, sim.ReadSubmirror("myhost", "d2", 0, Blocks)); // while the mirror moved on

            stop.Cancel();
            await writer;
            var back = _host.Invoke("param($sub) $sub | Connect-Submirror | Wait-SvmResync -PollIntervalSeconds 0.1", sub);
            back.AssertNoErrors();
            Assert.True(Assert.IsType<SvmMirror>(back.Output.Single().BaseObject).IsHealthy);
            Assert.Equal(sim.ReadSubmirror("myhost", "d2", 0, Blocks), sim.ReadSubmirror("myhost", "d3", 0, Blocks));
        }
        finally
        {
            session.Dispose();
        }
    }
}
