using System.Management.Automation;
using SvmBackup.Model;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>Get-SvmDiskSet, Get-SvmMirror filters and pipelines, serialization, argument completion.</summary>
public class InventoryCmdletTests : IClassFixture<SshSimulatorFixture>
{
    private readonly SshSimulatorFixture _f;

    public InventoryCmdletTests(SshSimulatorFixture fixture) => _f = fixture;

    private HostResult Local(string script) =>
        _f.Engine.Invoke("param($p) $sim = New-SvmSimulator -Path $p; try { " + script + " } finally { Get-SvmSession | Remove-SvmSession }", _f.Host.StateDirectory);

    [Fact]
    public void Owner_node_reports_the_set_it_owns_with_hosts_and_drives()
    {
        var r = Local("Get-SvmDiskSet -Session (New-SvmSession -Simulator $sim -ComputerName phys-schost-1)");
        r.AssertNoErrors();
        var set = Assert.Single(r.All<SvmDiskSet>());
        Assert.Equal("schost-1", set.Name);
        Assert.Equal(1, set.Number);
        Assert.False(set.IsMultiOwner);
        Assert.Equal(new[] { "phys-schost-1", "phys-schost-2" }, set.Hosts.Select(h => h.Name));
        Assert.Equal(new[] { "phys-schost-1" }, set.Owners);
        Assert.True(set.IsOwned);
        Assert.Equal(new[] { "d4", "d6", "d8" }, set.Drives.Select(d => d.Name));
        Assert.All(set.Drives, d => Assert.True(d.HasStateDatabase));
        Assert.Equal("phys-schost-1", set.ComputerName);
        Assert.True(set.ReadAt > DateTime.Now.AddMinutes(-5));
    }

    [Fact]
    public void Other_node_sees_the_set_but_not_who_owns_it()
    {
        var set = Assert.Single(Local("Get-SvmDiskSet -Session (New-SvmSession -Simulator $sim -ComputerName phys-schost-2)").All<SvmDiskSet>());
        Assert.False(set.IsOwned);
        Assert.Empty(set.Owners);
    }

    [Fact]
    public void Unknown_set_is_the_hosts_own_no_such_set_error_and_a_host_without_sets_returns_nothing()
    {
        var r = Local("$s = New-SvmSession -Simulator $sim -ComputerName myhost; Get-SvmDiskSet -Session $s; Get-SvmDiskSet -Session $s -Name nosuch");
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("SvmTool.NoSuchSet,", e.FullyQualifiedErrorId);
        Assert.Contains("setname \"nosuch\": no such set", e.Exception.Message);
    }

    [Fact]
    public void Sessions_pipe_into_Get_SvmDiskSet_to_find_the_owner_and_sets_pipe_into_Get_SvmMirror()
    {
        var r = Local("$null = New-SvmSession -Simulator $sim -ComputerName phys-schost-1, phys-schost-2; " +
                      "$owner = Get-SvmSession | Get-SvmDiskSet schost-1 | Where-Object IsOwned; $owner.ComputerName; $owner | Get-SvmMirror");
        r.AssertNoErrors();
        Assert.Equal("phys-schost-1", r.Output[0].BaseObject);
        var m = Assert.IsType<SvmMirror>(Assert.Single(r.Output.Skip(1)).BaseObject);
        Assert.Equal("schost-1/d0", m.FullName);
    }

    [Fact]
    public void Get_SvmSession_pipes_into_Get_SvmMirror()
    {
        var r = Local("$null = New-SvmSession -Simulator $sim -ComputerName myhost; Get-SvmSession | Get-SvmMirror");
        r.AssertNoErrors();
        Assert.Equal("d1", Assert.Single(r.All<SvmMirror>()).Name);
    }

    [Fact]
    public void MountPoint_filters_only_by_mount_point()
    {
        var r = Local("$s = New-SvmSession -Simulator $sim -ComputerName myhost; Get-SvmMirror -Session $s -MountPoint /home*; Get-SvmMirror -Session $s -MountPoint d1");
        Assert.Equal("d1", Assert.Single(r.All<SvmMirror>()).Name);
        Assert.StartsWith("MirrorNotFound,", Assert.Single(r.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Mirrors_survive_a_PSSerializer_round_trip_as_plain_data()
    {
        var r = Local("$m = Get-SvmMirror -Session (New-SvmSession -Simulator $sim -ComputerName myhost); " +
                      "$x = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($m, 3)); " +
                      "$x.PSObject.TypeNames[0]; $x.Name; $x.MountPoint; $x.IsHealthy; $x.Submirrors.Count; $x.Submirrors[1].Name; [string]$x.Submirrors[1].State; $x.ComputerName; $x.ReadAt -is [datetime]");
        r.AssertNoErrors();
        Assert.Equal(new object[] { "Deserialized.SvmBackup.Model.SvmMirror", "d1", "/home1", true, 2, "d3", "Okay", "myhost", true }, r.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void Names_complete_from_the_last_inventory_without_a_round_trip()
    {
        var r = Local("$s = New-SvmSession -Simulator $sim -ComputerName phys-schost-1; $null = Get-SvmMirror -Session $s -DiskSet schost-1; $null = Get-SvmDiskSet -Session $s; $before = $s.RoundTrips; " +
                      "function C([string] $t) { (TabExpansion2 -inputScript $t -cursorColumn $t.Length).CompletionMatches.CompletionText -join ',' }; " +
                      "C 'Get-SvmMirror -DiskSet sch'; C 'Get-SvmMirror -DiskSet schost-1 -Name d'; C 'Get-SvmMirror -MountPoint /gl'; C 'Get-SvmDiskSet '; " +
                      "$s.RoundTrips - $before");
        r.AssertNoErrors();
        Assert.Equal(new object[] { "schost-1", "d0", "/global/schost-1", "schost-1", 0L }, r.Output.Select(o => o.BaseObject));
    }

    [SkippableFact]
    public void Disk_sets_over_ssh_equal_the_local_ones()
    {
        var rig = _f.Rig("phys-schost-1", SshdProfile.Modern);
        var ssh = _f.Engine.Invoke("param($port, $key, $kh) $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh; Get-SvmDiskSet -Session $s; Remove-SvmSession $s",
            rig.Port, rig.RootKeyPath, rig.KnownHostsFile);
        ssh.AssertNoErrors();
        var local = Local("Get-SvmDiskSet -Session (New-SvmSession -Simulator $sim -ComputerName phys-schost-1)");
        Assert.NotEmpty(ssh.Output);
        Assert.Equal(MirrorSnapshot.Of(local.All<SvmDiskSet>()), MirrorSnapshot.Of(ssh.All<SvmDiskSet>()));
    }
}
