using System.Management.Automation;
using SvmBackup.Model;
using SvmBackup.Sessions;
using SvmBackup.Simulator;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>
/// Test-UfsFileSystem: fsck -n of an offlined submirror (NO WRITE), -Quick (fsck -m), -Repair refused on an offlined
/// submirror (nothing runs), -Repair of a detached cluster submirror, -WhatIf, and over real sshd.
/// </summary>
public class UfsCheckTests : IClassFixture<SshSimulatorFixture>, IDisposable
{
    private readonly SshSimulatorFixture _f;
    private readonly string _state = Path.Combine(Path.GetTempPath(), "svm-fsck-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly SolarisSimulator _engine;

    public UfsCheckTests(SshSimulatorFixture fixture)
    {
        _f = fixture;
        _engine = SolarisSimulator.Create(_state);
    }

    public void Dispose()
    {
        try { Directory.Delete(_state, true); } catch (IOException) { }
    }

    private int Sim(string node, params string[] args) => _engine.Run(node, args[0], args.Skip(1).ToArray(), Stream.Null, false, Stream.Null, Stream.Null);

    private SvmSession Session(string node)
    {
        var r = _f.Engine.Invoke("param($p, $n) $sim = New-SvmSimulator -Path $p; New-SvmSession -Simulator $sim -ComputerName $n", _state, node);
        r.AssertNoErrors();
        return r.Single<SvmSession>();
    }

    private const string Offlined = "[SvmBackup.Model.SvmSubmirrorSplit]@{ Session = $s; ComputerName = 'myhost'; Mirror = 'd1'; Submirror = 'd3'; SplitMethod = 'Offline'; MountPoint = '/home1' }";
    private const string Detached = "[SvmBackup.Model.SvmSubmirrorSplit]@{ Session = $s; ComputerName = 'phys-schost-1'; DiskSet = 'schost-1'; Mirror = 'd0'; Submirror = 'd30'; SplitMethod = 'Detach'; MountPoint = '/global/schost-1' }";

    private static string[] Fscks(SvmSession s) => s.Transcript.Select(t => t.Command).Where(c => c.Contains("/usr/sbin/fsck")).ToArray();

    [Fact]
    public void Check_of_an_offlined_submirror_is_NO_WRITE_and_reports_the_superblock_question()
    {
        Assert.Equal(0, Sim("myhost", "metaoffline", "d1", "d3"));
        var s = Session("myhost");
        try
        {
            var r = _f.Engine.Invoke("param($s) " + Offlined + " | Test-UfsFileSystem", s);
            r.AssertNoErrors();
            var c = r.Single<UfsCheckResult>();
            Assert.Equal(("myhost", "/dev/md/rdsk/d3", UfsCheckMode.Check, 0, true), (c.ComputerName, c.Device, c.Mode, c.ExitCode, c.NoWrite));
            Assert.Equal("/home1", c.MountedOn);
            Assert.False(c.CurrentlyMounted);
            Assert.Equal(6, c.Phases.Length);
            Assert.Equal(new[] { "FILE SYSTEM STATE IN SUPERBLOCK IS WRONG; FIX? no" }, c.Questions);
            Assert.Equal(UfsCheckVerdict.Errors, c.Verdict);
            Assert.True(c.Files > 0 && c.FreeFragments > 0 && c.FreeBlocks > 0);
            Assert.Contains("** /dev/md/rdsk/d3 (NO WRITE)", c.Output);
            Assert.Same(s, c.Session);
            Assert.Equal(new[] { "/usr/sbin/fsck -n /dev/md/rdsk/d3" }, Fscks(s));
        }
        finally { s.Dispose(); Sim("myhost", "metaonline", "d1", "d3"); }
    }

    [Fact]
    public void Quick_is_fsck_m_and_reports_needs_checking()
    {
        Assert.Equal(0, Sim("myhost", "metaoffline", "d1", "d3"));
        var s = Session("myhost");
        try
        {
            var r = _f.Engine.Invoke("param($s) " + Offlined + " | Test-UfsFileSystem -Quick", s);
            r.AssertNoErrors();
            var c = r.Single<UfsCheckResult>();
            Assert.Equal((UfsCheckMode.Quick, 32, UfsCheckVerdict.NeedsCheck), (c.Mode, c.ExitCode, c.Verdict));
            Assert.Equal("ufs fsck: sanity check: /dev/md/rdsk/d3 needs checking", c.SanityMessage);
            Assert.Equal(new[] { "/usr/sbin/fsck -m /dev/md/rdsk/d3" }, Fscks(s));
        }
        finally { s.Dispose(); Sim("myhost", "metaonline", "d1", "d3"); }
    }

    [Fact]
    public void Check_of_the_mounted_mirror_is_clean_mounted_40()
    {
        var s = Session("myhost");
        try
        {
            var r = _f.Engine.Invoke("param($s) Test-UfsFileSystem -Session $s -RawDevice /dev/md/rdsk/d1", s);
            r.AssertNoErrors();
            var c = r.Single<UfsCheckResult>();
            Assert.Equal((40, UfsCheckVerdict.CleanMounted, true), (c.ExitCode, c.Verdict, c.CurrentlyMounted));
        }
        finally { s.Dispose(); }
    }

    [Fact]
    public void Repair_of_an_offlined_submirror_is_refused_and_runs_nothing()
    {
        Assert.Equal(0, Sim("myhost", "metaoffline", "d1", "d3"));
        var s = Session("myhost");
        try
        {
            var before = s.RoundTrips;
            var r = _f.Engine.Invoke("param($s) " + Offlined + " | Test-UfsFileSystem -Repair -Confirm:$false", s);
            Assert.Empty(r.Output);
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("RepairOfOfflinedSubmirror,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, e.CategoryInfo.Category);
            Assert.Contains("optimized", e.Exception.Message.Replace("metaonline resyncs only the regions", "optimized"));
            Assert.Contains("would never be copied back", e.Exception.Message);
            Assert.Equal(before, s.RoundTrips);
            Assert.DoesNotContain(s.Transcript, t => t.Command.Contains("fsck"));
            // Without a split method -Repair is refused too.
            r = _f.Engine.Invoke("param($s) Test-UfsFileSystem -Session $s -Submirror d3 -Repair -Confirm:$false", s);
            Assert.StartsWith("RepairOfUnsplitSubmirror,", Assert.Single(r.Errors).FullyQualifiedErrorId);
            Assert.DoesNotContain(s.Transcript, t => t.Command.Contains("fsck"));
        }
        finally { s.Dispose(); Sim("myhost", "metaonline", "d1", "d3"); }
    }

    [Fact]
    public void Repair_of_a_detached_cluster_submirror_runs_fsck_y_and_modifies_it()
    {
        Assert.Equal(0, Sim("phys-schost-1", "metadetach", "-s", "schost-1", "d0", "d30"));
        var s = Session("phys-schost-1");
        try
        {
            var whatIf = _f.Engine.Invoke("param($s) " + Detached + " | Test-UfsFileSystem -Repair -WhatIf", s);
            whatIf.AssertNoErrors();
            Assert.Empty(whatIf.Output);
            Assert.Empty(Fscks(s));

            var r = _f.Engine.Invoke("param($s) " + Detached + " | Test-UfsFileSystem -Repair -Confirm:$false", s);
            r.AssertNoErrors();
            var c = r.Single<UfsCheckResult>();
            Assert.Equal(("/dev/md/schost-1/rdsk/d30", "schost-1", UfsCheckMode.Repair, 0, false), (c.Device, c.DiskSet, c.Mode, c.ExitCode, c.NoWrite));
            Assert.Equal(new[] { "FILE SYSTEM STATE IN SUPERBLOCK IS WRONG; FIX? yes" }, c.Questions);
            Assert.Equal(UfsCheckVerdict.Modified, c.Verdict);
            Assert.True(c.Modified);
            Assert.Contains("FILE SYSTEM WAS MODIFIED", c.Trailers);
            Assert.Equal(new[] { "/usr/sbin/fsck -y /dev/md/schost-1/rdsk/d30" }, Fscks(s));

            // Repaired: a second check is clean.
            var again = _f.Engine.Invoke("param($s) " + Detached + " | Test-UfsFileSystem", s).Single<UfsCheckResult>();
            Assert.Equal(UfsCheckVerdict.Clean, again.Verdict);
            Assert.Empty(again.Questions);
        }
        finally { s.Dispose(); Assert.Equal(0, Sim("phys-schost-1", "metattach", "-s", "schost-1", "d0", "d30")); }
    }

    [Fact]
    public void Unknown_device_is_FsckFailed()
    {
        var s = Session("myhost");
        try
        {
            var r = _f.Engine.Invoke("param($s) Test-UfsFileSystem -Session $s -Submirror d99", s);
            Assert.Empty(r.Output);
            var e = Assert.Single(r.Errors);
            Assert.StartsWith("FsckFailed,", e.FullyQualifiedErrorId);
            Assert.Contains("could not stat /dev/md/rdsk/d99", e.Exception.Message);
        }
        finally { s.Dispose(); }
    }

    [SkippableTheory]
    [InlineData(SshdProfile.Modern)]
    [InlineData(SshdProfile.SunSsh)]
    public void Check_over_real_sshd(SshdProfile profile)
    {
        var rig = _f.Rig("myhost", profile);
        var key = profile == SshdProfile.SunSsh ? rig.RootRsaKeyPath : rig.RootKeyPath;
        var sim = _f.Host.Simulator;
        Assert.Equal(0, sim.Run("myhost", "metaoffline", new[] { "d1", "d3" }, Stream.Null, false, Stream.Null, Stream.Null));
        try
        {
            var r = _f.Engine.Invoke(
                "param($port, $key, $kh) $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh; " +
                "try { " + Offlined + " | Test-UfsFileSystem; " + Offlined + " | Test-UfsFileSystem -Repair -Confirm:$false; $s.Transcript.Command } finally { Remove-SvmSession $s }",
                rig.Port, key, rig.KnownHostsFile);
            var c = Assert.IsType<UfsCheckResult>(r.Output[0].BaseObject);
            Assert.True(c.NoWrite);
            Assert.Equal(UfsCheckVerdict.Errors, c.Verdict);
            Assert.StartsWith("RepairOfOfflinedSubmirror,", Assert.Single(r.Errors).FullyQualifiedErrorId);
            var commands = r.Output.Skip(1).Select(o => o.BaseObject.ToString()!).ToList();
            Assert.Contains("/usr/sbin/fsck -n /dev/md/rdsk/d3", commands);
            Assert.DoesNotContain(commands, x => x.Contains("fsck -y"));
        }
        finally { Assert.Equal(0, sim.Run("myhost", "metaonline", new[] { "d1", "d3" }, Stream.Null, false, Stream.Null, Stream.Null)); }
    }
}
