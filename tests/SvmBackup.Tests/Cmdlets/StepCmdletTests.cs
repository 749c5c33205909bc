using System.Management.Automation;
using SvmBackup.Model;
using SvmBackup.Sessions;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>
/// The step cmdlets (lock, split, unlock, rejoin, wait) on the seed topology: the documented pipeline, every
/// refusal with its error id and no changing command sent, -WhatIf, the cluster variant, and over real sshd.
/// </summary>
public class StepCmdletTests : IClassFixture<SshSimulatorFixture>
{
    private static readonly string[] Changing = { "/usr/sbin/lockfs -w", "/usr/sbin/lockfs -u", "/usr/sbin/metaoffline", "/usr/sbin/metaonline", "/usr/sbin/metadetach", "/usr/sbin/metattach", "fsck -y", "/usr/sbin/ufsdump" };
    private readonly SshSimulatorFixture _f;

    public StepCmdletTests(SshSimulatorFixture fixture) => _f = fixture;

    /// <summary>A fresh simulated host per test (steps change state), resync fast, and a session to <paramref name="node"/> as $s.</summary>
    private HostResult Fresh(string node, string script) =>
        _f.Engine.Invoke("param($n) $sim = New-SvmSimulator; $sim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1e9 }); " +
                         "$s = New-SvmSession -Simulator $sim -ComputerName $n; try { " + script + " } finally { Remove-SvmSession $s }", node);

    private static IEnumerable<string> ChangingCommands(SvmSession s) =>
        s.Transcript.Select(t => t.Command).Where(c => Changing.Any(c.Contains));

    [Fact]
    public void The_documented_pipeline_locks_splits_unlocks_rejoins_and_waits()
    {
        var r = Fresh("myhost",
            "$m = Get-SvmMirror -Session $s -MountPoint /home1; $lock = $m | Lock-UfsFileSystem; $during = Get-UfsLock -Session $s /home1; " +
            "$sub = $m | Disconnect-Submirror -Submirror d3; $lock | Unlock-UfsFileSystem | Out-Null; $after = Get-UfsLock -Session $s /home1; " +
            "$back = $sub | Connect-Submirror; $final = $back | Wait-SvmResync -PollIntervalSeconds 0.1; " +
            "$lock; $during; $sub; $after; $final; $s");
        r.AssertNoErrors();
        var o = r.Output.Select(x => x.BaseObject).ToList();
        var lockObj = Assert.IsType<UfsLock>(o[0]);
        Assert.True(lockObj.IsWriteLocked);
        Assert.Equal("/home1", lockObj.MountPoint);
        Assert.Equal("write", Assert.IsType<UfsLock>(o[1]).LockType);
        var sub = Assert.IsType<SvmSubmirrorSplit>(o[2]);
        Assert.Equal(("d1", "d3", SvmSplitMethod.Offline, "/dev/md/rdsk/d3", "/home1"), (sub.Mirror, sub.Submirror, sub.SplitMethod, sub.RawDevice, sub.MountPoint));
        Assert.Equal("metaonline d1 d3", sub.RejoinCommand);
        Assert.Equal("unlock", Assert.IsType<UfsLock>(o[3]).LockType);
        var final = Assert.IsType<SvmMirror>(o[4]);
        Assert.True(final.IsHealthy);
        var s = Assert.IsType<SvmSession>(o[5]);
        Assert.Equal(new[] { "/usr/sbin/lockfs -w /home1", "/usr/sbin/metaoffline d1 d3", "/usr/sbin/lockfs -u /home1", "/usr/sbin/metaonline d1 d3" }, ChangingCommands(s));
    }

    [Fact]
    public void Cluster_variant_detaches_on_the_owner_node_and_reattaches_with_a_full_resync()
    {
        var r = Fresh("phys-schost-1",
            "$m = Get-SvmMirror -Session $s -DiskSet schost-1; $lock = $m | Lock-UfsFileSystem; $sub = $m | Disconnect-Submirror -Submirror d30 -Detach; $lock | Unlock-UfsFileSystem | Out-Null; " +
            "$mid = Get-SvmMirror -Session $s -DiskSet schost-1; $check = $sub | Test-UfsFileSystem -Repair; $dump = $sub | Invoke-SubmirrorDump -Level 0 -UpdateDumpDates -TapeDevice /dev/rmt/0; " +
            "$final = $sub | Connect-Submirror | Wait-SvmResync -PollIntervalSeconds 0.1; $sub; $mid; $final; $s; $check; $dump");
        r.AssertNoErrors();
        var sub = Assert.IsType<SvmSubmirrorSplit>(r.Output[0].BaseObject);
        Assert.Equal("/dev/md/schost-1/rdsk/d30", sub.RawDevice);
        Assert.Equal("metattach -s schost-1 d0 d30", sub.RejoinCommand);
        var mid = Assert.IsType<SvmMirror>(r.Output[1].BaseObject);
        Assert.Equal(new[] { "d10", "d20" }, mid.Submirrors.Select(x => x.Name)); // detached: no longer in the mirror
        Assert.True(Assert.IsType<SvmMirror>(r.Output[2].BaseObject).IsHealthy);
        var s = Assert.IsType<SvmSession>(r.Output[3].BaseObject);
        Assert.Equal(new[] { "/usr/sbin/lockfs -w /global/schost-1", "/usr/sbin/metadetach -s schost-1 d0 d30", "/usr/sbin/lockfs -u /global/schost-1", "/usr/sbin/fsck -y /dev/md/schost-1/rdsk/d30", "/usr/sbin/ufsdump 0uf /dev/rmt/0 /dev/md/schost-1/rdsk/d30", "/usr/sbin/metattach -s schost-1 d0 d30" }, ChangingCommands(s));
        var check = Assert.IsType<UfsCheckResult>(r.Output[4].BaseObject);
        Assert.Equal(UfsCheckMode.Repair, check.Mode);
        var dump = Assert.IsType<SvmDumpResult>(r.Output[5].BaseObject);
        Assert.Equal("/dev/md/schost-1/rdsk/d30", dump.Device);
    }

    [Theory]
    [InlineData("Lock-UfsFileSystem -Session $s -MountPoint /", "RootFileSystem")]
    [InlineData("Lock-UfsFileSystem -Session $s -MountPoint //", "RootFileSystem")]
    [InlineData("Lock-UfsFileSystem -Session $s -MountPoint /export/home", "NotMounted")]
    [InlineData("Lock-UfsFileSystem -Session $s -MountPoint /tmp", "NotUfs")]
    [InlineData("Lock-UfsFileSystem -Session $s -MountPoint '/home1;reboot'", "InvalidName")]
    [InlineData("Disconnect-Submirror -Session $s -Mirror d1 -Submirror d9", "SubmirrorNotFound")]
    [InlineData("Disconnect-Submirror -Session $s -Mirror d1 -Submirror 'd3;id'", "InvalidName")]
    [InlineData("$sim.Engine.Run('myhost','metaoffline',[string[]]@('d1','d3'),[IO.Stream]::Null,$false,[IO.Stream]::Null,[IO.Stream]::Null) | Out-Null; $s.Transcript.Count | Out-Null; Disconnect-Submirror -Session $s -Mirror d1 -Submirror d2", "LastReadableSubmirror")]
    [InlineData("$sim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1 }); $sim.Engine.InjectFault([SvmBackup.Simulator.SimulatorFault]::ResyncInProgress('d1', 'd3', 10, 'myhost')); Disconnect-Submirror -Session $s -Mirror d1 -Submirror d2", "ResyncInProgress")]
    [InlineData("$sim.Engine.InjectFault([SvmBackup.Simulator.SimulatorFault]::ComponentMaintenance('d3', 'c0t1d0s7', 'myhost')); Disconnect-Submirror -Session $s -Mirror d1 -Submirror d3", "SubmirrorNotOkay")]
    [InlineData("$sim.Engine.InjectFault([SvmBackup.Simulator.SimulatorFault]::ComponentMaintenance('d3', 'c0t1d0s7', 'myhost')); Disconnect-Submirror -Session $s -Mirror d1 -Submirror d3 -Detach", "ErredComponents")]
    [InlineData("Connect-Submirror -Session $s -Mirror d1 -Submirror d3", "SubmirrorNotSplit")]
    public void Refusals_have_stable_ids_and_send_no_changing_command(string script, string errorId)
    {
        var r = Fresh("myhost", script + "; $s");
        var e = Assert.Single(r.Errors);
        Assert.StartsWith(errorId + ",", e.FullyQualifiedErrorId);
        var s = Assert.IsType<SvmSession>(r.Output.Last().BaseObject);
        Assert.Empty(ChangingCommands(s));
    }

    [Fact]
    public void WhatIf_runs_no_changing_command_on_any_step()
    {
        var r = Fresh("myhost",
            "$m = Get-SvmMirror -Session $s -MountPoint /home1; $m | Lock-UfsFileSystem -WhatIf; $m | Disconnect-Submirror -Submirror d3 -WhatIf; Unlock-UfsFileSystem -Session $s /home1 -WhatIf; " +
            "Connect-Submirror -Session $s -Mirror d1 -Submirror d3 -SplitMethod Offline -WhatIf; (Get-UfsLock -Session $s /home1).LockType; (Get-SvmMirror -Session $s d1).IsHealthy; $s");
        r.AssertNoErrors();
        Assert.Equal("unlock", r.Output[0].BaseObject);
        Assert.Equal(true, r.Output[1].BaseObject);
        Assert.Empty(ChangingCommands(Assert.IsType<SvmSession>(r.Output[2].BaseObject)));
    }

    [Fact]
    public void Wait_SvmResync_times_out_without_undoing_anything()
    {
        var r = Fresh("myhost",
            "$sim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1 }); Disconnect-Submirror -Session $s d1 d3 -Detach | Out-Null; Connect-Submirror -Session $s d1 d3 | Out-Null; " +
            "Wait-SvmResync -Session $s -Mirror d1 -TimeoutSeconds 1 -PollIntervalSeconds 0.2; (Get-SvmMirror -Session $s d1).Submirrors[1].StateText");
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("ResyncTimeout,", e.FullyQualifiedErrorId);
        Assert.Equal("Resyncing", r.Output.Last().BaseObject);
    }

    /// <summary>The pipeline as written (Format-List aside: not in this engine package), dump included.</summary>
    private const string TargetPipeline =
        "$m = Get-SvmMirror -Session $s -MountPoint /home1; $lock = $m | Lock-UfsFileSystem; $sub = $m | Disconnect-Submirror -Submirror d3; $lock | Unlock-UfsFileSystem | Out-Null; " +
        "$dump = $sub | Invoke-SubmirrorDump -Destination $file; $final = $sub | Connect-Submirror | Wait-SvmResync -PollIntervalSeconds 0.1; $dump; $final";

    [Fact]
    public void The_target_pipeline_with_a_local_dump_file_works()
    {
        var file = Path.Combine(Path.GetTempPath(), "home1-" + Guid.NewGuid().ToString("N")[..8] + ".ufsdump");
        try
        {
            var r = Fresh("myhost", "$file = '" + file + "'; " + TargetPipeline);
            r.AssertNoErrors();
            var dump = Assert.IsType<SvmDumpResult>(r.Output[0].BaseObject);
            Assert.Equal("/dev/md/rdsk/d3", dump.Device);
            Assert.Equal(new FileInfo(file).Length, dump.Bytes);
            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))), dump.Sha256, ignoreCase: true);
            Assert.True(Assert.IsType<SvmMirror>(r.Output[1].BaseObject).IsHealthy);
        }
        finally { File.Delete(file); }
    }

    [SkippableFact]
    public void The_target_pipeline_with_a_local_dump_file_works_over_real_sshd()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        _f.Host.Simulator.UpdateOptions(o => o.ResyncBlocksPerSecond = 1e9);
        var file = Path.Combine(Path.GetTempPath(), "home1-" + Guid.NewGuid().ToString("N")[..8] + ".ufsdump");
        try
        {
            var r = _f.Engine.Invoke(
                "param($port, $key, $kh, $file) $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh; try { " + TargetPipeline + " } finally { Remove-SvmSession $s }",
                rig.Port, rig.RootKeyPath, rig.KnownHostsFile, file);
            r.AssertNoErrors();
            var dump = Assert.IsType<SvmDumpResult>(r.Output[0].BaseObject);
            Assert.Equal(new FileInfo(file).Length, dump.Bytes);
            using var stream = File.OpenRead(file);
            Assert.Equal("/dev/md/rdsk/d3", SvmBackup.Simulator.DumpImage.ReadHeader(stream).Device);
            Assert.True(Assert.IsType<SvmMirror>(r.Output[1].BaseObject).IsHealthy);
        }
        finally { File.Delete(file); }
    }

    [SkippableFact]
    public void The_pipeline_works_over_real_sshd()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        _f.Host.Simulator.UpdateOptions(o => o.ResyncBlocksPerSecond = 1e9);
        var r = _f.Engine.Invoke(
            "param($port, $key, $kh) $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh; try { " +
            "$m = Get-SvmMirror -Session $s -MountPoint /home1; $lock = $m | Lock-UfsFileSystem; $sub = $m | Disconnect-Submirror -Submirror d3; $lock | Unlock-UfsFileSystem | Out-Null; " +
            "$sub | Connect-Submirror | Wait-SvmResync -PollIntervalSeconds 0.2 } finally { Remove-SvmSession $s }",
            rig.Port, rig.RootKeyPath, rig.KnownHostsFile);
        r.AssertNoErrors();
        Assert.True(Assert.IsType<SvmMirror>(r.Output.Single().BaseObject).IsHealthy);
    }
}
