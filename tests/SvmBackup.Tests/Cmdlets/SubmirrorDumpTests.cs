using System.Management.Automation;
using System.Security.Cryptography;
using SvmBackup.Model;
using SvmBackup.Sessions;
using SvmBackup.Simulator;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>
/// Invoke-SubmirrorDump on an offlined submirror of the seed topology: -Destination streams ufsdump f - into a local
/// file that equals the frozen submirror while the application keeps writing; host targets; dumpdates; faults;
/// Ctrl+C; refusals; -WhatIf; and over real sshd.
/// </summary>
public class SubmirrorDumpTests : IClassFixture<SshSimulatorFixture>, IDisposable
{
    private const int RegionBlocks = 8 * 1024 * 2; // the first 8 MiB of the device, where the tests write
    private readonly SshSimulatorFixture _f;
    private readonly string _state = Path.Combine(Path.GetTempPath(), "svm-dump-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _out = Directory.CreateTempSubdirectory("svm-dump-out-").FullName;
    private readonly SolarisSimulator _engine;
    private readonly SvmSession _s;

    public SubmirrorDumpTests(SshSimulatorFixture fixture)
    {
        _f = fixture;
        _engine = SolarisSimulator.Create(_state);
        var r = _f.Engine.Invoke("param($p) $sim = New-SvmSimulator -Path $p; New-SvmSession -Simulator $sim -ComputerName myhost", _state);
        r.AssertNoErrors();
        _s = r.Single<SvmSession>();
    }

    public void Dispose()
    {
        _f.Engine.Invoke("param($s) Remove-SvmSession $s", _s);
        try { Directory.Delete(_state, true); } catch (IOException) { }
        try { Directory.Delete(_out, true); } catch (IOException) { }
    }

    private SolarisSimulator Engine => _engine;

    private static byte[] Pattern(int seed, int bytes)
    {
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Data on both submirrors, then d3 offlined; returns d3's first 8 MiB right after the split.</summary>
    private byte[] WriteAndOffline()
    {
        for (var i = 0; i < 6; i++) Engine.Write("myhost", "/home1", i * 2048L + 16, Pattern(i, 256 * 1024));
        Assert.Equal(0, Engine.Run("myhost", "metaoffline", new[] { "d1", "d3" }, Stream.Null, false, Stream.Null, Stream.Null));
        return Engine.ReadSubmirror("myhost", "d3", 0, RegionBlocks);
    }

    private const string Split = "[SvmBackup.Model.SvmSubmirrorSplit]@{ Session = $s; ComputerName = 'myhost'; Mirror = 'd1'; Submirror = 'd3'; SplitMethod = 'Offline'; MountPoint = '/home1' }";

    private HostResult Dump(string parameters, params object[] extra) =>
        _f.Engine.Invoke("param($s, $a, $b) " + Split + " | Invoke-SubmirrorDump " + parameters, new object[] { _s }.Concat(extra).ToArray());

    private IEnumerable<string> Ufsdumps() => _s.Transcript.Select(t => t.Command).Where(c => c.Contains("/usr/sbin/ufsdump"));

    private static byte[] RestoreRegion(string dumpFile, out DumpHeader header)
    {
        var restored = Path.GetTempFileName();
        try
        {
            using (var dump = File.OpenRead(dumpFile))
            using (var target = new FileStream(restored, FileMode.Create))
                header = DumpImage.Restore(dump, target);
            using var read = File.OpenRead(restored);
            var region = new byte[RegionBlocks * 512];
            read.ReadExactly(region);
            return region;
        }
        finally { File.Delete(restored); }
    }

    [Fact]
    public async Task Destination_file_restores_to_the_frozen_submirror_while_the_application_writes()
    {
        var frozen = WriteAndOffline();
        var dest = Path.Combine(_out, "home1.0.dump");
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                Engine.Write("myhost", "/home1", (i % 12) * 1024L + 16, Pattern(1000 + i, 128 * 1024));
                Interlocked.Increment(ref writes);
            }
        });
        HostResult r;
        try { r = Dump("-Destination $a -Level 0", dest); }
        finally { stop.Cancel(); await writer; }
        r.AssertNoErrors();
        Assert.True(writes > 0);
        var d = r.Single<SvmDumpResult>();
        Assert.Equal(("myhost", "d1", "d3", "/dev/md/rdsk/d3", 0, SvmDumpTargetKind.LocalFile, dest), (d.ComputerName, d.Mirror, d.Submirror, d.Device, d.Level, d.TargetKind, d.Target));
        Assert.Equal(new FileInfo(dest).Length, d.Bytes);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(dest))), d.Sha256);
        Assert.True(d.Blocks > 0);
        Assert.Equal((d.Bytes + 511) / 512, d.Blocks);
        Assert.Contains("DUMP IS DONE", d.Messages);
        Assert.Contains("Dumping /dev/md/rdsk/d3 to standard output.", d.Messages);
        Assert.Null(d.DumpDatesLine);
        Assert.True(d.End >= d.Start);
        Assert.Same(_s, d.Session);
        var region = RestoreRegion(dest, out var header);
        Assert.Equal("/dev/md/rdsk/d3", header.Device);
        Assert.True(frozen.AsSpan().SequenceEqual(region), "the restored dump differs from the submirror as it was split");
        // The application's writes went to d2 only: the dump is not the live mirror.
        Assert.False(Engine.ReadSubmirror("myhost", "d2", 0, RegionBlocks).AsSpan().SequenceEqual(region));
        Assert.Equal(new[] { "home1.0.dump" }, Directory.GetFiles(_out).Select(Path.GetFileName));
        Assert.Equal(new[] { "/usr/sbin/ufsdump 0f - /dev/md/rdsk/d3" }, Ufsdumps());
    }

    [Fact]
    public void RemotePath_writes_the_dump_on_the_host()
    {
        var frozen = WriteAndOffline();
        Directory.CreateDirectory(Path.Combine(_state, "roots", "myhost", "backup"));
        var r = Dump("-RemotePath /backup/home1.0 -Level 0");
        r.AssertNoErrors();
        var d = r.Single<SvmDumpResult>();
        Assert.Equal((SvmDumpTargetKind.RemoteFile, "/backup/home1.0"), (d.TargetKind, d.Target));
        Assert.Null(d.Sha256);
        Assert.Null(d.Bytes);
        Assert.True(RestoreRegion(Path.Combine(_state, "roots", "myhost", "backup", "home1.0"), out _).AsSpan().SequenceEqual(frozen));
        Assert.Equal(new[] { "/usr/sbin/ufsdump 0f /backup/home1.0 /dev/md/rdsk/d3" }, Ufsdumps());
    }

    [Fact]
    public void TapeDevice_and_UpdateDumpDates_record_the_dump()
    {
        var frozen = WriteAndOffline();
        var r = Dump("-TapeDevice /dev/rmt/0n -UpdateDumpDates -Level 0");
        r.AssertNoErrors();
        var d = r.Single<SvmDumpResult>();
        Assert.Equal((SvmDumpTargetKind.Tape, "/dev/rmt/0n"), (d.TargetKind, d.Target));
        Assert.StartsWith("Level 0 dump on ", d.DumpDatesLine);
        Assert.True(d.DumpDatesUpdated);
        Assert.True(RestoreRegion(Path.Combine(_state, "tapes", "myhost", "rmt0"), out _).AsSpan().SequenceEqual(frozen));
        Assert.StartsWith("/dev/md/rdsk/d3                  0 ", File.ReadAllText(Path.Combine(_state, "roots", "myhost", "etc", "dumpdates")));
        Assert.Equal(new[] { "/usr/sbin/ufsdump 0uf /dev/rmt/0n /dev/md/rdsk/d3" }, Ufsdumps());
    }

    [Fact]
    public void Tape_not_ready_is_UfsdumpFailed_with_the_operator_query()
    {
        WriteAndOffline();
        Engine.InjectFault(SimulatorFault.TapeNotReady("myhost"));
        var r = Dump("-TapeDevice /dev/rmt/0n");
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("UfsdumpFailed,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.DeviceError, e.CategoryInfo.Category);
        Assert.Contains("NEEDS ATTENTION: Cannot open `myhost:/dev/rmt/0n'.", e.Exception.Message);
        Assert.Contains("The ENTIRE dump is aborted.", e.Exception.Message);
        Assert.Contains("(exit 3)", e.Exception.Message);
        Assert.Contains("tape", e.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void A_dump_that_fails_half_way_leaves_no_file()
    {
        WriteAndOffline();
        Engine.InjectFault(SimulatorFault.DumpFailsAt(50, "myhost"));
        var dest = Path.Combine(_out, "failed.dump");
        var r = Dump("-Destination $a", dest);
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("UfsdumpFailed,", e.FullyQualifiedErrorId);
        Assert.Contains("Write error", e.Exception.Message);
        Assert.Empty(Directory.GetFiles(_out));
    }

    [Fact]
    public void Stopping_a_hanging_dump_kills_it_and_leaves_no_partial_file()
    {
        WriteAndOffline();
        Engine.InjectFault(SimulatorFault.Hang("ufsdump", "myhost"));
        var dest = Path.Combine(_out, "hang.dump");
        using var host = new PipelineHost();
        using var p = host.Start("param($s, $a) " + Split + " | Invoke-SubmirrorDump -Destination $a", _s, dest);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.GetFiles(_out).Length == 0 && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.Contains(".partial-", Assert.Single(Directory.GetFiles(_out))); // streaming had started
        Thread.Sleep(500);
        Assert.True(p.Stop(TimeSpan.FromSeconds(30)), "Stop did not return");
        Assert.True(p.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(PSInvocationState.Stopped, p.State);
        Assert.Empty(Directory.GetFiles(_out));
        Engine.ClearFaults();
        // The killed ufsdump no longer holds d3 open: metaonline is accepted.
        Assert.Equal(0, Engine.Run("myhost", "metaonline", new[] { "d1", "d3" }, Stream.Null, false, Stream.Null, Stream.Null));
    }

    [Fact]
    public void A_submirror_not_shown_as_split_is_refused_unless_Force()
    {
        var r = _f.Engine.Invoke("param($s) Invoke-SubmirrorDump -Session $s -Submirror d3 -TapeDevice /dev/rmt/0n", _s);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("SubmirrorNotSplit,", e.FullyQualifiedErrorId);
        Assert.Empty(Ufsdumps());
        // A mirror piped in (Name/RawDevice of the mirror, no SplitMethod) is refused too.
        r = _f.Engine.Invoke("param($s) Get-SvmMirror -Session $s -Name d1 | Invoke-SubmirrorDump -TapeDevice /dev/rmt/0n", _s);
        Assert.StartsWith("SubmirrorNotSplit,", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Empty(Ufsdumps());
        r = _f.Engine.Invoke("param($s) Invoke-SubmirrorDump -Session $s -Submirror d3 -TapeDevice /dev/rmt/0n -Force", _s);
        r.AssertNoErrors();
        Assert.Single(r.All<SvmDumpResult>());
        Assert.Single(Ufsdumps());
    }

    [Fact]
    public void WhatIf_sends_nothing_and_creates_no_file()
    {
        var dest = Path.Combine(_out, "whatif.dump");
        var before = _s.RoundTrips;
        var r = Dump("-Destination $a -UpdateDumpDates -WhatIf", dest);
        r.AssertNoErrors();
        Assert.Empty(r.Output);
        Assert.Equal(before, _s.RoundTrips);
        Assert.Empty(Directory.GetFiles(_out));
    }

    [Theory]
    [InlineData("-Submirror d3 -RemotePath 'backup/x'")]
    [InlineData("-Submirror d3 -RemotePath '/backup/x;touch /tmp/pwn'")]
    [InlineData("-Submirror d3 -TapeDevice '/dev/rmt/0n $(id)'")]
    [InlineData("-Destination $a -RawDevice '/dev/md/rdsk/d3 /etc/shadow'")]
    public void Invalid_paths_never_reach_the_host(string parameters)
    {
        var before = _s.RoundTrips;
        var r = _f.Engine.Invoke("param($s, $a) Invoke-SubmirrorDump -Session $s -SplitMethod Offline " + parameters, _s, Path.Combine(_out, "x"));
        Assert.StartsWith("InvalidName,", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Equal(before, _s.RoundTrips);
        Assert.Empty(Directory.GetFiles(_out));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-TapeDevice /dev/rmt/0n -RemotePath /backup/x")]
    public void Exactly_one_target(string parameters)
    {
        var r = _f.Engine.Invoke("param($s) Invoke-SubmirrorDump -Session $s -Submirror d3 -SplitMethod Offline " + parameters, _s);
        Assert.StartsWith("DumpTargetRequired,", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Equal(0, _s.Transcript.Count(t => t.Command.Contains("ufsdump")));
    }

    [SkippableTheory]
    [InlineData(SshdProfile.Modern)]
    [InlineData(SshdProfile.SunSsh)]
    public void Destination_over_real_sshd_equals_the_frozen_submirror(SshdProfile profile)
    {
        var rig = _f.Rig("myhost", profile);
        var key = profile == SshdProfile.SunSsh ? rig.RootRsaKeyPath : rig.RootKeyPath;
        var sim = _f.Host.Simulator;
        for (var i = 0; i < 4; i++) sim.Write("myhost", "/home1", i * 2048L + 16, Pattern(50 + i, 256 * 1024));
        Assert.Equal(0, sim.Run("myhost", "metaoffline", new[] { "d1", "d3" }, Stream.Null, false, Stream.Null, Stream.Null));
        try
        {
            var frozen = sim.ReadSubmirror("myhost", "d3", 0, RegionBlocks);
            sim.Write("myhost", "/home1", 16, Pattern(99, 128 * 1024)); // after the split: not in the dump
            var dest = Path.Combine(_out, "ssh-" + profile + ".dump");
            var r = _f.Engine.Invoke(
                "param($port, $key, $kh, $a) $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh; " +
                "try { " + Split + " | Invoke-SubmirrorDump -Destination $a -UpdateDumpDates } finally { Remove-SvmSession $s }",
                rig.Port, key, rig.KnownHostsFile, dest);
            r.AssertNoErrors();
            var d = r.Single<SvmDumpResult>();
            Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(dest))), d.Sha256);
            Assert.Equal(new FileInfo(dest).Length, d.Bytes);
            Assert.StartsWith("Level 0 dump on ", d.DumpDatesLine);
            Assert.True(RestoreRegion(dest, out _).AsSpan().SequenceEqual(frozen));
            Assert.Equal(new[] { Path.GetFileName(dest) }, Directory.GetFiles(_out).Select(Path.GetFileName));
        }
        finally
        {
            Assert.Equal(0, sim.Run("myhost", "metaonline", new[] { "d1", "d3" }, Stream.Null, false, Stream.Null, Stream.Null));
        }
    }
}
