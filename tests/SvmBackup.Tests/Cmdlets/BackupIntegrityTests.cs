using SvmBackup.Model;
using SvmBackup.Sessions;
using SvmBackup.Simulator;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>
/// The seed sequences end to end with an application writing the whole time, locally and over real sshd: the dump
/// holds the file system exactly as it was inside the write-lock window, and after the resync every submirror is
/// identical. Seed 000: /home1 (d1 = d2 + d3) into a local file. Seed 001: schost-1/d0 on its owner, metadetach,
/// fsck of the detached copy, ufsdump 0u to /dev/rmt/0, metattach, resync watched.
/// </summary>
public class BackupIntegrityTests : IClassFixture<SshSimulatorFixture>
{
    private const int Groups = 4, GroupBlocks = 64, Blocks = Groups * GroupBlocks;
    private readonly SshSimulatorFixture _f;

    public BackupIntegrityTests(SshSimulatorFixture fixture) => _f = fixture;

    /// <summary>
    /// Rewrites group g % 4 with the number g for g = 1, 2, ...; a write to a write-locked file system blocks.
    /// Each write's start and end (UTC) are kept, so the dump can be matched to a moment of the lock window.
    /// </summary>
    private sealed class Writer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<(int G, DateTime Start, DateTime End)> _log = new();
        private readonly Task _task;

        public Writer(SolarisSimulator sim, string node, string mountPoint)
        {
            _task = Task.Run(() =>
            {
                for (var g = 1; !_stop.IsCancellationRequested; g++)
                {
                    var start = DateTime.UtcNow;
                    try { sim.Write(node, mountPoint, g % Groups * GroupBlocks, Pattern(g), _stop.Token); }
                    catch (OperationCanceledException) { break; }
                    lock (_log) _log.Add((g, start, DateTime.UtcNow));
                }
            });
        }

        /// <summary>One group's bytes after write g: g itself, repeated (unique per write, so a dump names its moment).</summary>
        public static byte[] Pattern(int g)
        {
            var data = new byte[GroupBlocks * 512];
            for (var i = 0; i < data.Length; i += 4) BitConverter.TryWriteBytes(data.AsSpan(i), g);
            return data;
        }

        public int Count { get { lock (_log) return _log.Count; } }

        public List<(int G, DateTime Start, DateTime End)> Log { get { lock (_log) return _log.ToList(); } }

        public async Task WarmUp() { while (Count < 8) await Task.Delay(10); }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            await _task;
        }
    }

    /// <summary>The file system after the writes 1..G: group k holds the value of the last write to it.</summary>
    private static byte[] StateAfter(int g)
    {
        var state = new byte[Blocks * 512];
        for (var k = 0; k < Groups; k++)
        {
            var last = g - ((g - k) % Groups + Groups) % Groups;
            if (last >= 1) Writer.Pattern(last).CopyTo(state, k * GroupBlocks * 512);
        }
        return state;
    }

    /// <summary>
    /// The dump is the file system at one moment G of the lock window: every write that had ended before lockfs -w was
    /// requested is in it, and no write in it started after lockfs -u returned.
    /// </summary>
    private static void AssertFileSystemAtLockTime(byte[] dumped, List<(int G, DateTime Start, DateTime End)> log, SvmBackupResult b)
    {
        Assert.NotNull(b.LockRequestedAt);
        Assert.NotNull(b.UnlockedAt);
        var g = Enumerable.Range(0, log.Max(x => x.G) + 1).Where(x => StateAfter(x).AsSpan().SequenceEqual(dumped)).Cast<int?>().SingleOrDefault();
        Assert.True(g.HasValue, "the dump is not the file system after any number of whole writes (a torn copy)");
        Assert.All(log.Where(x => x.End < b.LockRequestedAt), x => Assert.True(x.G <= g, $"write {x.G} ended before the lock but is missing from the dump (G={g})"));
        Assert.All(log.Where(x => x.G <= g), x => Assert.True(x.Start < b.UnlockedAt, $"write {x.G} started after the unlock but is in the dump"));
        // The writer was held by the lock: one write spans most of the window (the host stamps the window a few ms late
        // at both ends, so "no write inside it" cannot be asserted exactly).
        var window = b.UnlockedAt!.Value - b.LockedAt!.Value;
        Assert.Contains(log, x => x.Start < b.UnlockedAt && x.End > b.LockedAt && x.End - x.Start >= window / 2);
    }

    private static byte[] Restore(string dumpFile)
    {
        var restored = Path.GetTempFileName();
        try
        {
            using (var dump = File.OpenRead(dumpFile))
            using (var target = new FileStream(restored, FileMode.Create))
                DumpImage.Restore(dump, target);
            using var read = File.OpenRead(restored);
            var region = new byte[Blocks * 512];
            read.ReadExactly(region);
            return region;
        }
        finally { File.Delete(restored); }
    }

    /// <summary>Seed 000: /home1 into a local file while the application writes.</summary>
    private async Task Seed000(SolarisSimulator sim, string openSession, params object[] args)
    {
        var file = Path.Combine(Path.GetTempPath(), "home1-" + Guid.NewGuid().ToString("N")[..8] + ".ufsdump");
        try
        {
            HostResult r;
            List<(int G, DateTime Start, DateTime End)> log;
            await using (var writer = new Writer(sim, "myhost", "/home1"))
            {
                await writer.WarmUp();
                r = _f.Engine.Invoke(openSession + "; try { Get-SvmMirror -Session $s -MountPoint /home1 | Backup-SvmMirror -Destination $file -WaitForResync -PollIntervalSeconds 0.1 } finally { Remove-SvmSession $s }",
                    args.Append(file).ToArray());
                var written = writer.Count;
                while (writer.Count < written + 5) await Task.Delay(10); // the writes go on after the backup
                log = writer.Log;
            }
            r.AssertNoErrors();
            var b = r.Single<SvmBackupResult>();
            Assert.Equal(("Succeeded", "d3", SvmSplitMethod.Offline), (b.Status, b.Submirror, b.Method));
            Assert.Equal(new FileInfo(file).Length, b.Bytes);
            AssertFileSystemAtLockTime(Restore(file), log, b);
            Assert.True(b.FinalMirror!.IsHealthy);
            Assert.Equal(sim.ReadSubmirror("myhost", "d2", 0, Blocks), sim.ReadSubmirror("myhost", "d3", 0, Blocks));
        }
        finally { File.Delete(file); }
    }

    /// <summary>Seed 001: schost-1/d0 on the owner node, detach, fsck -y of the detached copy, ufsdump 0u to tape, attach, resync.</summary>
    private async Task Seed001(SolarisSimulator sim, string openSession, params object[] args)
    {
        HostResult r;
        await using (var writer = new Writer(sim, "phys-schost-1", "/global/schost-1"))
        {
            await writer.WarmUp();
            r = _f.Engine.Invoke(openSession + "; try { Backup-SvmMirror -Session $s -DiskSet schost-1 -Mirror d0 -Method Detach -RepairCopy -Level 0 -UpdateDumpDates -TapeDevice /dev/rmt/0 -WaitForResync -PollIntervalSeconds 0.1; $s.Transcript.Command } finally { Remove-SvmSession $s }", args);
        }
        r.AssertNoErrors();
        var b = Assert.IsType<SvmBackupResult>(r.Output[0].BaseObject);
        Assert.Equal(("Succeeded", "d30", SvmSplitMethod.Detach), (b.Status, b.Submirror, b.Method));
        Assert.True(b.FinalMirror!.IsHealthy);
        var commands = r.Output.Skip(1).Select(o => (string)o.BaseObject).ToList();
        var changing = commands.Where(c => c.Contains("lockfs -") || c.Contains("meta") && !c.Contains("metastat") && !c.Contains("metaset") || c.Contains("fsck") || c.Contains("ufsdump 0uf")).ToList();
        Assert.Equal(new[]
        {
            "/usr/sbin/lockfs -w /global/schost-1", "/usr/sbin/metadetach -s schost-1 d0 d30", "/usr/sbin/lockfs -u /global/schost-1",
            "/usr/sbin/fsck -y /dev/md/schost-1/rdsk/d30", "/usr/sbin/ufsdump 0uf /dev/rmt/0 /dev/md/schost-1/rdsk/d30", "/usr/sbin/metattach -s schost-1 d0 d30",
        }, changing.Where(c => !c.StartsWith("/usr/sbin/lockfs -a", StringComparison.Ordinal)));
        var d10 = sim.ReadSubmirror("phys-schost-1", "schost-1/d10", 0, Blocks);
        Assert.Equal(d10, sim.ReadSubmirror("phys-schost-1", "schost-1/d20", 0, Blocks));
        Assert.Equal(d10, sim.ReadSubmirror("phys-schost-1", "schost-1/d30", 0, Blocks));
    }

    private const string LocalSession = "param($p, $n, $file) $sim = New-SvmSimulator -Path $p; $s = New-SvmSession -Simulator $sim -ComputerName $n";
    private const string SshSession = "param($port, $key, $kh, $file) $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh";

    private static SimulatedHost FastHost()
    {
        var host = new SimulatedHost();
        host.Simulator.UpdateOptions(o => o.ResyncBlocksPerSecond = 1e9);
        return host;
    }

    [Fact]
    public async Task Seed_000_locally_dumps_the_file_system_at_lock_time_while_the_application_writes()
    {
        using var host = FastHost();
        await Seed000(host.Simulator, LocalSession, host.StateDirectory, "myhost");
    }

    [Fact]
    public async Task Seed_001_locally_detaches_repairs_the_copy_dumps_to_tape_and_reattaches()
    {
        using var host = FastHost();
        await Seed001(host.Simulator, LocalSession, host.StateDirectory, "phys-schost-1", "");
    }

    [SkippableFact]
    public async Task Seed_000_over_real_sshd_dumps_the_file_system_at_lock_time()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        _f.Host.Simulator.UpdateOptions(o => o.ResyncBlocksPerSecond = 1e9);
        await Seed000(_f.Host.Simulator, SshSession, rig.Port, rig.RootKeyPath, rig.KnownHostsFile);
    }

    [SkippableFact]
    public async Task Seed_001_over_real_sshd_on_the_owner_node()
    {
        var rig = _f.Rig("phys-schost-1", SshdProfile.Modern);
        _f.Host.Simulator.UpdateOptions(o => o.ResyncBlocksPerSecond = 1e9);
        await Seed001(_f.Host.Simulator, SshSession, rig.Port, rig.RootKeyPath, rig.KnownHostsFile, "");
    }
}
