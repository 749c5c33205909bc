using SvmBackup.Model;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>New-SvmSimulator -Resident: the host's tools are run by one simulator process, and a backup works through it.</summary>
public class ResidentSimulatorTests : IClassFixture<ModuleHostFixture>
{
    private readonly ModuleHost _host;

    public ResidentSimulatorTests(ModuleHostFixture fixture) => _host = fixture.Host;

    [Fact]
    public void A_backup_on_a_resident_simulator_runs_every_tool_through_the_resident_process()
    {
        var file = Path.Combine(Path.GetTempPath(), "home1-resident-" + Guid.NewGuid().ToString("N")[..8] + ".ufsdump");
        try
        {
            var r = _host.Invoke("param($f) $sim = New-SvmSimulator -Resident; $sim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1e9 }); " +
                                 "$s = New-SvmSession -Simulator $sim -ComputerName myhost; try { Backup-SvmMirror -Session $s d1 -Destination $f -WaitForResync -PollIntervalSeconds 0.1; $sim } finally { Remove-SvmSession $s }", file);
            r.AssertNoErrors();
            var b = Assert.IsType<SvmBackupResult>(r.Output[0].BaseObject);
            // The simulator object's type lives in the module assembly, which this test project does not reference.
            var sim = r.Output[1];
            Assert.Equal("Succeeded", b.Status);
            Assert.Equal(new FileInfo(file).Length, b.Bytes);
            Assert.Equal(true, sim.Properties["Resident"].Value);
            // The shims are the Perl client of the resident process: without it running, every tool would exit 2 and the
            // backup above would have failed.
            foreach (var tool in new[] { "usr/sbin/lockfs", "usr/sbin/metaoffline", "usr/sbin/ufsdump", "usr/sbin/metastat" })
                Assert.Contains("svmsim-client.pl", File.ReadAllText(Path.Combine((string)sim.Properties["Path"].Value, "roots", "myhost", tool)));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Without_resident_the_shims_start_the_simulator_themselves()
    {
        var r = _host.Invoke("$sim = New-SvmSimulator; $s = New-SvmSession -Simulator $sim -ComputerName myhost; Remove-SvmSession $s; $sim");
        r.AssertNoErrors();
        var sim = r.Output[0];
        Assert.Equal(false, sim.Properties["Resident"].Value);
        Assert.Contains("svmsim.dll", File.ReadAllText(Path.Combine((string)sim.Properties["Path"].Value, "roots", "myhost", "usr/sbin/lockfs")));
    }
}
