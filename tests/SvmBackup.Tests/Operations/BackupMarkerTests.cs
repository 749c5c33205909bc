using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.Scripts;

namespace SvmBackup.Tests.Operations;

/// <summary>The host marker: names carry the run's facts, ls -1R parses back, hostile values never reach the shell.</summary>
public class BackupMarkerTests
{
    private static CommandResult Listing(string stdout, int exit = 0, string stderr = "") =>
        new(BackupMarker.ListCommand(), stdout, stderr, exit);

    [Fact]
    public void Parses_ls_R_of_the_runs_directory_into_one_marker_per_mirror()
    {
        const string ls = "/var/opt/svmbackup/runs:\nlocal\nschost-1\n\n/var/opt/svmbackup/runs/local:\nd1\n\n/var/opt/svmbackup/runs/local/d1:\n" +
                          "client=runbook-7\nid=20261125T113000Z-0a1b2c3d\nmethod=Offline\nowner=00112233aabbccdd\npid=4242\nsh=31337\nsub=d3\n\n" +
                          "/var/opt/svmbackup/runs/schost-1:\nd0\n\n/var/opt/svmbackup/runs/schost-1/d0:\n";
        var markers = BackupMarker.Parse(Listing(ls)).OrderBy(m => m.DiskSet).ToList();
        Assert.Equal(2, markers.Count);
        var d1 = markers[0];
        Assert.Equal(("local", "d1", "20261125T113000Z-0a1b2c3d", "d3", SvmSplitMethod.Offline), (d1.DiskSet, d1.Mirror, d1.RunId, d1.Submirror, d1.Method));
        Assert.Equal(("00112233aabbccdd", "runbook-7", 4242, 31337), (d1.Owner, d1.Client, d1.ClientProcessId, d1.ScriptPid));
        Assert.Null(d1.DiskSetOrNull);
        // A marker whose entries were never made (the script died between the two mkdirs) is still a marker.
        Assert.Equal(("schost-1", "d0", (string?)null), (markers[1].DiskSet, markers[1].Mirror, markers[1].RunId));
        Assert.Equal("schost-1", markers[1].DiskSetOrNull);
    }

    [Fact]
    public void A_relocated_root_parses_the_same_and_a_missing_directory_is_no_marker()
    {
        var ls = "/tmp/x/roots/myhost/var/opt/svmbackup/runs:\nlocal\n\n/tmp/x/roots/myhost/var/opt/svmbackup/runs/local:\nd1\n\n/tmp/x/roots/myhost/var/opt/svmbackup/runs/local/d1:\nid=20261125T113000Z-0a1b2c3d\nsub=d3\n";
        Assert.Equal("d3", Assert.Single(BackupMarker.Parse(Listing(ls))).Submirror);
        Assert.Empty(BackupMarker.Parse(Listing("", 2, "/var/opt/svmbackup/runs: No such file or directory\n")));
    }

    [Fact]
    public void Create_lines_make_the_marker_atomically_and_quote_every_path()
    {
        var m = new BackupMarker { DiskSet = "local", Mirror = "d1", RunId = "20261125T113000Z-0a1b2c3d", Submirror = "d3", Method = SvmSplitMethod.Detach, Owner = "ab", Client = "c", ClientProcessId = 7 };
        var lines = m.CreateLines("/usr/bin/sudo -n ", "#M:");
        Assert.Contains("if /usr/bin/sudo -n /usr/bin/mkdir '/var/opt/svmbackup/runs/local/d1' </dev/null; then", lines);
        Assert.Contains("'/var/opt/svmbackup/runs/local/d1/method=Detach'", lines);
        Assert.Contains("exit 12", lines);
        Assert.Empty(BourneShellCheck.Violations(lines));
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("x;rm -rf /")]
    [InlineData("$(id)")]
    [InlineData("../../etc")]
    [InlineData("")]
    public void Hostile_values_are_refused_before_any_script_is_built(string value)
    {
        var m = new BackupMarker { Mirror = "d1", RunId = value };
        Assert.ThrowsAny<ArgumentException>(() => m.CreateLines("", "#M:"));
        Assert.ThrowsAny<ArgumentException>(() => BackupMarker.PathOf(value.Length == 0 ? "a/b" : value, "d1"));
    }

    [Fact]
    public void Client_names_are_reduced_to_safe_characters()
    {
        Assert.Equal("WIN-01_corp", BackupMarker.SanitizeClient("WIN-01 corp"));
        Assert.Equal("unknown", BackupMarker.SanitizeClient(""));
        Assert.Equal(64, BackupMarker.SanitizeClient(new string('a', 100)).Length);
    }

    [Fact]
    public void Conditional_batch_command_runs_only_after_a_success()
    {
        var b = new RemoteBatch();
        b.Add(new RemoteCommand("/usr/sbin/metaonline", "d1", "d3") { NeedsRoot = true });
        var rm = BackupMarker.RemoveCommand(null, "d1");
        rm.OnlyIfPreviousSucceeded = true;
        b.Add(rm);
        var script = b.ToScript();
        Assert.Contains("if [ \"$svmrc\" = 0 ]; then /usr/bin/rm -rf /var/opt/svmbackup/runs/local/d1 </dev/null; svmrc=$?; else svmrc=125; fi", script);
        Assert.Empty(BourneShellCheck.Violations(script));
    }

    [Fact]
    public void Target_patterns_and_no_rewind_tapes()
    {
        var at = new DateTime(2026, 11, 25, 2, 0, 1);
        Assert.Equal("/backup/myhost-local-d1-0-20261125-020001.ufsdump", TargetPattern.Expand("/backup/{host}-{set}-{mirror}-{level}-{date}.ufsdump", "myhost", null, "d1", 0, at));
        Assert.Equal("schost-1", TargetPattern.Expand("{set}", "h", "schost-1", "d0", 0, at));
        Assert.True(TargetPattern.IsNoRewindTape("/dev/rmt/0n"));
        Assert.True(TargetPattern.IsNoRewindTape("/dev/rmt/1cbn"));
        Assert.False(TargetPattern.IsNoRewindTape("/dev/rmt/0"));
        Assert.False(TargetPattern.IsNoRewindTape("/dev/rmt/0cb"));
        Assert.False(TargetPattern.IsNoRewindTape("/tmp/n"));
    }
}
