using SvmBackup.Model;
using SvmBackup.Sessions;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>Get-SvmMirror in the hosted engine against the simulated host reached through /bin/sh.</summary>
public class GetSvmMirrorLocalTests : IClassFixture<ModuleHostFixture>, IDisposable
{
    private readonly ModuleHost _host;
    private readonly string _state = Path.Combine(Path.GetTempPath(), "svm-cmdlet-" + Guid.NewGuid().ToString("N")[..10]);

    public GetSvmMirrorLocalTests(ModuleHostFixture fixture) => _host = fixture.Host;

    private HostResult Run(string script) => _host.Invoke("param($p) $sim = New-SvmSimulator -Path $p; " + script, _state);

    [Fact]
    public void Standalone_node_reports_d1_on_home1()
    {
        var r = Run("$s = New-SvmSession -Simulator $sim -ComputerName myhost; Get-SvmMirror -Session $s");
        r.AssertNoErrors();
        var m = Assert.Single(r.All<SvmMirror>());
        Assert.Equal("myhost", m.ComputerName);
        Assert.Equal("d1", m.Name);
        Assert.Null(m.DiskSet);
        Assert.Equal(new[] { "d2", "d3" }, m.Submirrors.Select(s => s.Name));
        Assert.Equal(new[] { 0, 1 }, m.Submirrors.Select(s => s.Index));
        Assert.All(m.Submirrors, s => Assert.Equal(SvmSubmirrorState.Okay, s.State));
        Assert.True(m.IsHealthy);
        Assert.Equal("/home1", m.MountPoint);
        Assert.Equal("ufs", m.FileSystemType);
        Assert.Equal("/dev/md/rdsk/d1", m.RawDevice);
        Assert.True(m.SizeBlocks > 0);
    }

    [Fact]
    public void Cluster_owner_reports_the_disk_set_mirror()
    {
        var r = Run("$s = New-SvmSession -Simulator $sim -ComputerName phys-schost-1; Get-SvmMirror -Session $s -DiskSet schost-1");
        r.AssertNoErrors();
        var m = Assert.Single(r.All<SvmMirror>());
        Assert.Equal("schost-1/d0", m.FullName);
        Assert.Equal("schost-1", m.DiskSet);
        Assert.Equal(new[] { "d10", "d20", "d30" }, m.Submirrors.Select(s => s.Name));
        Assert.Equal("/global/schost-1", m.MountPoint);
        Assert.Equal("/dev/md/schost-1/rdsk/d0", m.RawDevice);
    }

    [Fact]
    public void Non_owner_gets_a_typed_error_with_a_stable_id()
    {
        var r = Run("$s = New-SvmSession -Simulator $sim -ComputerName phys-schost-2; Get-SvmMirror -Session $s -DiskSet schost-1");
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("SvmTool.NotOwnerOfSet,", e.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.PermissionDenied, e.CategoryInfo.Category);
        Assert.Contains("must be owner of the set for this command", e.Exception.Message);
        Assert.Contains("owns the disk set", e.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void Unknown_disk_set_is_NoSuchSet()
    {
        var r = Run("$s = New-SvmSession -Simulator $sim -ComputerName myhost; Get-SvmMirror -Session $s -DiskSet nosuch");
        Assert.StartsWith("SvmTool.NoSuchSet,", Assert.Single(r.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Invalid_disk_set_name_never_reaches_the_host()
    {
        var r = Run("$s = New-SvmSession -Simulator $sim -ComputerName myhost; $before = $s.RoundTrips; try { Get-SvmMirror -Session $s -DiskSet 'x;touch /tmp/pwn' } catch { $_ }; $s.RoundTrips - $before");
        Assert.Contains(r.Output, o => o.BaseObject is System.Management.Automation.ErrorRecord er && er.FullyQualifiedErrorId.StartsWith("InvalidName,"));
        Assert.Equal(0L, r.Output.Last().BaseObject);
    }

    [Fact]
    public void Name_filters_by_name_or_mount_point_and_reports_missing_ones()
    {
        var r = Run("$s = New-SvmSession -Simulator $sim -ComputerName myhost; Get-SvmMirror -Session $s -Name /home1; Get-SvmMirror -Session $s -Name d9");
        Assert.Equal("d1", Assert.Single(r.All<SvmMirror>()).Name);
        Assert.StartsWith("MirrorNotFound,", Assert.Single(r.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Session_binds_from_the_pipeline_by_property_name_and_one_round_trip_is_used()
    {
        var r = Run("$s = New-SvmSession -Simulator $sim -ComputerName myhost; $before = $s.RoundTrips; [pscustomobject]@{ Session = $s } | Get-SvmMirror; $s.RoundTrips - $before");
        r.AssertNoErrors();
        Assert.Equal("d1", Assert.IsType<SvmMirror>(r.Output[0].BaseObject).Name);
        Assert.Equal(1L, r.Output.Last().BaseObject);
    }

    [Fact]
    public void Mirrors_carry_their_session_so_they_pipe_into_the_next_host_cmdlet()
    {
        var r = Run("$s = New-SvmSession -Simulator $sim -ComputerName phys-schost-1; Get-SvmMirror -Session $s -DiskSet schost-1 | Get-SvmMirror; $s");
        r.AssertNoErrors();
        var session = Assert.IsType<SvmSession>(r.Output.Last().BaseObject);
        var m = Assert.IsType<SvmMirror>(Assert.Single(r.Output.Take(r.Output.Count - 1)).BaseObject);
        Assert.Equal("schost-1/d0", m.FullName); // DiskSet bound by property name too
        Assert.Same(session, m.Session);
        Assert.All(m.Submirrors, sm => Assert.Same(session, sm.Session));
    }

    [Fact]
    public void Offlined_submirror_is_reported_as_needing_maintenance_with_its_metaonline()
    {
        var r = Run("$sim.Engine.Run('myhost', 'metaoffline', [string[]]@('d1','d3'), [IO.Stream]::Null, $false, [IO.Stream]::Null, [IO.Stream]::Null) | Out-Null; " +
                    "$s = New-SvmSession -Simulator $sim -ComputerName myhost; Get-SvmMirror -Session $s");
        r.AssertNoErrors();
        var m = Assert.Single(r.All<SvmMirror>());
        var d3 = m.Submirrors.Single(s => s.Name == "d3");
        Assert.Equal(SvmSubmirrorState.NeedsMaintenance, d3.State);
        Assert.True(d3.IsOffline);
        Assert.Equal("metaonline d1 d3", d3.InvokeAction);
        Assert.False(m.IsHealthy);
        Assert.Equal(1, m.OkaySubmirrorCount);
    }

    [Fact]
    public void Sessions_are_listed_and_removed_per_runspace()
    {
        var r = Run("$a = New-SvmSession -Simulator $sim -ComputerName myhost -Name alpha; (Get-SvmSession -Name alpha).Id -eq $a.Id; Remove-SvmSession $a; @(Get-SvmSession -Name alpha -ErrorAction SilentlyContinue).Count; $a.State");
        Assert.Equal(true, r.Output[0].BaseObject);
        Assert.Equal(0, r.Output[1].BaseObject);
        Assert.Equal("Closed", r.Output[2].BaseObject);
    }

    [Fact]
    public void Every_script_sent_is_Bourne_shell()
    {
        var r = Run("New-SvmSession -Simulator $sim -ComputerName phys-schost-1");
        var session = r.Single<SvmSession>();
        var sent = new System.Collections.Concurrent.ConcurrentQueue<string>();
        session.BatchSending += (_, batch) => sent.Enqueue(batch.ToScript());
        _host.Invoke("param($s) Get-SvmMirror -Session $s; Get-SvmMirror -Session $s -DiskSet schost-1; Get-SvmMirror -Session $s -Name d0 -DiskSet schost-1", session).AssertNoErrors();
        sent.Enqueue(SvmSession.IdentifyBatch(SvmBackup.Scripts.Elevation.Sudo).ToScript());
        Assert.Equal(4, sent.Count);
        foreach (var script in sent)
        {
            Assert.Empty(SvmBackup.Scripts.BourneShellCheck.Violations(script));
            // Every tool is called by its Solaris absolute path (non-root PATH on Solaris 10 is /usr/bin).
            Assert.DoesNotMatch(@"(^|\n)(metastat|metaset|lockfs|ufsdump|fsck|uname|cat) ", script);
        }
    }

    public void Dispose()
    {
        _host.Invoke("Get-SvmSession | Remove-SvmSession");
        try { Directory.Delete(_state, true); } catch (IOException) { }
    }
}
