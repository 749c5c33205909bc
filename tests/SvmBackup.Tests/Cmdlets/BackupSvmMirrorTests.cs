using SvmBackup.Model;
using SvmBackup.Sessions;
using SvmBackup.Simulator;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>Backup-SvmMirror on the seed topologies: end to end, -WhatIf, failures that put the host back.</summary>
public class BackupSvmMirrorTests : IClassFixture<SshSimulatorFixture>
{
    private static readonly string[] Changing = { "lockfs -w", "lockfs -u", "metaoffline", "metaonline", "metadetach", "metattach", "fsck -y", "ufsdump", "/usr/bin/mkdir", "/usr/bin/rm" };
    private readonly SshSimulatorFixture _f;

    public BackupSvmMirrorTests(SshSimulatorFixture fixture) => _f = fixture;

    private HostResult Fresh(string node, string script) =>
        _f.Engine.Invoke("param($n) $sim = New-SvmSimulator; $sim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1e9 }); " +
                         "$s = New-SvmSession -Simulator $sim -ComputerName $n; try { " + script + " } finally { Remove-SvmSession $s }", node);

    // ufsdump NS only prints a size estimate: a read.
    private static string[] ChangingCommands(SvmSession s) => s.Transcript.Select(t => t.Command).Where(c => Changing.Any(c.Contains) && !System.Text.RegularExpressions.Regex.IsMatch(c, "ufsdump [0-9]S ")).ToArray();

    [Fact]
    public void Seed_000_to_a_local_file_locks_once_splits_d3_dumps_and_rejoins()
    {
        var file = Path.Combine(Path.GetTempPath(), "home1-" + Guid.NewGuid().ToString("N")[..8] + ".ufsdump");
        try
        {
            var r = Fresh("myhost", "$sim.Engine.Write('myhost', '/home1', 0, [byte[]]::new(65536)); Get-SvmMirror -Session $s -MountPoint /home1 | Backup-SvmMirror -Destination '" + file + "' -WaitForResync -PollIntervalSeconds 0.1; $s; $sim.Engine");
            r.AssertNoErrors();
            var b = Assert.IsType<SvmBackupResult>(r.Output[0].BaseObject);
            var s = Assert.IsType<SvmSession>(r.Output[1].BaseObject);
            Assert.Equal(("Succeeded", "d3", "/home1", SvmSplitMethod.Offline), (b.Status, b.Submirror, b.MountPoint, b.Method));
            Assert.True(b.WriteLockWindow > TimeSpan.Zero);
            Assert.True(b.RoundTrips > 0);
            Assert.Equal(new FileInfo(file).Length, b.Bytes);
            Assert.True(b.FinalMirror!.IsHealthy);
            Assert.Equal(new[] { "/usr/bin/mkdir /var/opt/svmbackup/runs/local/d1", "/usr/sbin/lockfs -w /home1", "/usr/sbin/metaoffline d1 d3", "/usr/sbin/lockfs -u /home1", "/usr/sbin/ufsdump 0f - /dev/md/rdsk/d3", "/usr/sbin/metaonline d1 d3", "/usr/bin/rm -rf /var/opt/svmbackup/runs/local/d1" }, ChangingCommands(s));
            // lock, split and unlock travelled in ONE round trip
            Assert.Single(s.Transcript.Where(t => t.Command.Contains("lockfs -w") || t.Command.Contains("lockfs -u")).Select(t => t.RoundTrip).Distinct());
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Seed_001_detach_to_tape_on_the_owner_node()
    {
        var r = Fresh("phys-schost-1", "Backup-SvmMirror -Session $s -DiskSet schost-1 -Mirror d0 -Method Detach -UpdateDumpDates -TapeDevice /dev/rmt/0 -WaitForResync -PollIntervalSeconds 0.1; $s");
        r.AssertNoErrors();
        var b = Assert.IsType<SvmBackupResult>(r.Output[0].BaseObject);
        Assert.Equal(("Succeeded", "d30"), (b.Status, b.Submirror));
        Assert.True(b.FinalMirror!.IsHealthy);
        Assert.Equal(new[] { "/usr/bin/mkdir /var/opt/svmbackup/runs/schost-1/d0", "/usr/sbin/lockfs -w /global/schost-1", "/usr/sbin/metadetach -s schost-1 d0 d30", "/usr/sbin/lockfs -u /global/schost-1", "/usr/sbin/ufsdump 0uf /dev/rmt/0 /dev/md/schost-1/rdsk/d30", "/usr/sbin/metattach -s schost-1 d0 d30", "/usr/bin/rm -rf /var/opt/svmbackup/runs/schost-1/d0" },
            ChangingCommands(Assert.IsType<SvmSession>(r.Output[1].BaseObject)));
    }

    [Fact]
    public void WhatIf_runs_the_preflight_and_changes_nothing()
    {
        var r = Fresh("myhost", "Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -WhatIf; $s");
        r.AssertNoErrors();
        var s = Assert.IsType<SvmSession>(r.Output.Last().BaseObject);
        Assert.Empty(ChangingCommands(s));
        Assert.Contains(s.Transcript, t => t.Command == "/usr/sbin/metastat"); // the preflight did read the host
    }

    [Fact]
    public void PlanOnly_returns_the_steps_and_the_trapped_script_and_changes_nothing()
    {
        var r = Fresh("phys-schost-1", "Backup-SvmMirror -Session $s -DiskSet schost-1 -Mirror d0 -Method Detach -TapeDevice /dev/rmt/0 -PlanOnly -WaitForResync; $s");
        r.AssertNoErrors();
        var plan = Assert.IsType<SvmBackupPlan>(r.Output[0].BaseObject);
        Assert.Equal("d30", plan.Submirror);
        Assert.Equal(new[]
        {
            "lock-split-unlock: /usr/sbin/lockfs -w /global/schost-1; /usr/sbin/metadetach -s schost-1 d0 d30; /usr/sbin/lockfs -u /global/schost-1",
            "check: /usr/sbin/fsck -n /dev/md/schost-1/rdsk/d30",
            "dump: /usr/sbin/ufsdump 0f /dev/rmt/0 /dev/md/schost-1/rdsk/d30",
            "rejoin: /usr/sbin/metattach -s schost-1 d0 d30",
            "wait: /usr/sbin/metastat -s schost-1 (until Okay)",
        }, plan.Steps);
        Assert.Contains("trap 'svm_thaw' 0", plan.FreezeScript);
        Assert.Empty(SvmBackup.Scripts.BourneShellCheck.Violations(plan.FreezeScript));
        Assert.Empty(ChangingCommands(Assert.IsType<SvmSession>(r.Output[1].BaseObject)));
    }

    [Fact]
    public void A_failed_dump_still_rejoins_the_submirror()
    {
        var r = Fresh("myhost", "$sim.Engine.Write('myhost', '/home1', 0, [Text.Encoding]::ASCII.GetBytes('x' * 262144)); $sim.Engine.InjectFault([SvmBackup.Simulator.SimulatorFault]::DumpFailsAt(50, 'myhost')); Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0; (Get-SvmMirror -Session $s d1).Submirrors[1].StateText; (Get-UfsLock -Session $s /home1).LockType; $s");
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("UfsdumpFailed,", e.FullyQualifiedErrorId);
        var b = Assert.IsType<SvmBackupResult>(r.Output[0].BaseObject);
        Assert.Equal("Failed", b.Status);
        Assert.Equal("Okay", r.Output[1].BaseObject);   // back in the mirror (optimized resync of nothing)
        Assert.Equal("unlock", r.Output[2].BaseObject);
        Assert.Contains("/usr/sbin/metaonline d1 d3", ChangingCommands(Assert.IsType<SvmSession>(r.Output[3].BaseObject)));
    }

    [Theory]
    [InlineData("$sim.Engine.Run('myhost','metaoffline',[string[]]@('d1','d3'),[IO.Stream]::Null,$false,[IO.Stream]::Null,[IO.Stream]::Null) | Out-Null; ", "MirrorNotHealthy")]
    [InlineData("", "SubmirrorNotFound", "-Submirror d9")]
    [InlineData("$sim.Engine.InjectFault([SvmBackup.Simulator.SimulatorFault]::TapeNotReady('myhost')); ", "TargetNotReady")]
    [InlineData("", "TargetDirectoryMissing", "-RemotePath /nonexistent/home1.0", "-TapeDevice /dev/rmt/0")]
    [InlineData("", "TargetNotReady", "-TapeDevice /dev/rmt/1", "-TapeDevice /dev/rmt/0")]
    public void Preflight_refusals_change_nothing(string setup, string errorId, string extra = "", string replaces = "")
    {
        var command = "Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 ";
        if (replaces.Length > 0) command = command.Replace(replaces, "", StringComparison.Ordinal);
        var r = Fresh("myhost", setup + command + extra + "; $s");
        Assert.StartsWith(errorId + ",", Assert.Single(r.Errors).FullyQualifiedErrorId);
        var s = Assert.IsType<SvmSession>(r.Output.Last().BaseObject);
        Assert.Empty(ChangingCommands(s));
    }

    private const string Interrupted =
        "$sim.Engine.Run('myhost','lockfs',[string[]]@('-w','/home1'),[IO.Stream]::Null,$false,[IO.Stream]::Null,[IO.Stream]::Null) | Out-Null; " +
        "$sim.Engine.Run('myhost','metaoffline',[string[]]@('d1','d3'),[IO.Stream]::Null,$false,[IO.Stream]::Null,[IO.Stream]::Null) | Out-Null; ";

    [Fact]
    public void Repair_SvmMirror_unlocks_and_rejoins_what_an_interrupted_backup_left()
    {
        var r = Fresh("myhost", Interrupted + "Repair-SvmMirror -Session $s; (Get-UfsLock -Session $s /home1).LockType; (Get-SvmMirror -Session $s d1 | Wait-SvmResync -PollIntervalSeconds 0.1).IsHealthy; Repair-SvmMirror -Session $s");
        r.AssertNoErrors();
        var actions = r.Output.Take(2).Select(o => Assert.IsType<SvmRepairAction>(o.BaseObject)).ToList();
        Assert.Equal(new[] { ("Unlock", "/usr/sbin/lockfs -u /home1", true), ("Rejoin", "/usr/sbin/metaonline d1 d3", true) }, actions.Select(a => (a.Action, a.Command, a.Done)));
        Assert.Equal("unlock", r.Output[2].BaseObject);
        Assert.Equal(true, r.Output[3].BaseObject);
        Assert.Equal(4, r.Output.Count); // a second repair on a healthy host does nothing
    }

    [Fact]
    public void Repair_SvmMirror_WhatIf_changes_nothing()
    {
        var r = Fresh("myhost", Interrupted + "Repair-SvmMirror -Session $s -WhatIf | Out-Null; (Get-UfsLock -Session $s /home1).LockType; $s");
        r.AssertNoErrors();
        Assert.Equal("write", r.Output[0].BaseObject);
        Assert.Empty(ChangingCommands(Assert.IsType<SvmSession>(r.Output[1].BaseObject)));
    }

    [SkippableFact]
    public void Seed_000_over_real_sshd()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        _f.Host.Simulator.UpdateOptions(o => o.ResyncBlocksPerSecond = 1e9);
        var r = _f.Engine.Invoke("param($port, $key, $kh) $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh; try { Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -WaitForResync -PollIntervalSeconds 0.2 } finally { Remove-SvmSession $s }",
            rig.Port, rig.RootKeyPath, rig.KnownHostsFile);
        r.AssertNoErrors();
        var b = Assert.IsType<SvmBackupResult>(r.Output.Single().BaseObject);
        Assert.Equal("Succeeded", b.Status);
        Assert.True(b.FinalMirror!.IsHealthy);
    }
}
