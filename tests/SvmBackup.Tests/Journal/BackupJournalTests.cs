using System.Text;
using System.Text.RegularExpressions;
using SvmBackup.Journal;
using SvmBackup.Model;

namespace SvmBackup.Tests.Journal;

/// <summary>The local backup journal: file format, tolerant reading, hostile values, run ids, concurrent writers.</summary>
public class BackupJournalTests : IDisposable
{
    private static readonly Regex Record = new(@"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t[a-z]+\t[^\t\r\n]", RegexOptions.CultureInvariant);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "svm-journal-" + Guid.NewGuid().ToString("N")[..10]);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    internal static SvmBackupJournalEntry Header(string host = "phys-schost-1", string? set = "schost-1", string mirror = "d0", DateTime started = default) => new()
    {
        ComputerName = host,
        Port = 2222,
        UserName = "backup",
        DiskSet = set,
        Mirror = mirror,
        Submirror = "d30",
        Method = SvmSplitMethod.Detach,
        MountPoint = "/global/data",
        Level = 1,
        Target = "/dev/rmt/0n",
        Owner = "job-5f1c",
        ClientMachine = "automation-01",
        ClientProcessId = 4242,
        ClientProcessStart = new DateTime(2025, 1, 31, 1, 59, 58, 250, DateTimeKind.Utc),
        Started = started,
    };

    [Fact]
    public void Round_trip_of_header_steps_and_status()
    {
        var started = new DateTime(2025, 1, 31, 2, 0, 0, 123, DateTimeKind.Utc);
        var j = BackupJournal.Create(_dir, Header(started: started));
        j.Step("lock-split", "begin");
        j.Step("lock-split", "done", "window=0.41s");
        j.Step("dump", "begin", "ufsdump 1f /dev/rmt/0n /dev/md/schost-1/rdsk/d30");
        j.Step("dump", "done");
        j.Finish("Succeeded", "12.3 GB");

        Assert.Equal(Path.Combine(_dir, j.RunId + ".journal"), j.Path);
        var e = Assert.IsType<SvmBackupJournalEntry>(BackupJournal.Find(_dir, j.RunId));
        Assert.Equal(j.RunId, e.RunId);
        Assert.Equal("phys-schost-1", e.ComputerName);
        Assert.Equal(2222, e.Port);
        Assert.Equal("backup", e.UserName);
        Assert.Equal("schost-1", e.DiskSet);
        Assert.Equal("d0", e.Mirror);
        Assert.Equal("d30", e.Submirror);
        Assert.Equal(SvmSplitMethod.Detach, e.Method);
        Assert.Equal("/global/data", e.MountPoint);
        Assert.Equal(1, e.Level);
        Assert.Equal("/dev/rmt/0n", e.Target);
        Assert.Equal("job-5f1c", e.Owner);
        Assert.Equal("automation-01", e.ClientMachine);
        Assert.Equal(4242, e.ClientProcessId);
        Assert.Equal(new DateTime(2025, 1, 31, 1, 59, 58, 250, DateTimeKind.Utc), e.ClientProcessStart);
        Assert.Equal(DateTimeKind.Utc, e.ClientProcessStart!.Value.Kind);
        Assert.Equal(started, e.Started);
        Assert.Equal(DateTimeKind.Utc, e.Started.Kind);
        Assert.Equal("Succeeded", e.Status);
        Assert.Equal("12.3 GB", e.StatusDetail);
        Assert.True(e.IsFinished);
        Assert.NotNull(e.Ended);
        Assert.Equal(DateTimeKind.Utc, e.Ended!.Value.Kind);
        Assert.InRange(e.Ended.Value, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddSeconds(1));
        Assert.Equal("dump", e.LastStep);
        Assert.Equal("done", e.LastPhase);
        Assert.Equal(j.Path, e.Path);
        Assert.Equal(new[] { "lock-split:begin", "lock-split:done", "dump:begin", "dump:done" }, e.Events.Select(x => x.Step + ":" + x.Phase));
        Assert.Equal(new[] { null, "window=0.41s", "ufsdump 1f /dev/rmt/0n /dev/md/schost-1/rdsk/d30", null }, e.Events.Select(x => x.Detail));
        Assert.All(e.Events, x => Assert.Equal(DateTimeKind.Utc, x.Time.Kind));
        Assert.Equal(e.Events.Select(x => x.Time).OrderBy(t => t), e.Events.Select(x => x.Time));
        Assert.Equal($"{j.RunId} schost-1/d0 on phys-schost-1: Succeeded", e.ToString());

        // The documented format: every line "UTC time TAB key TAB value", the header in its order, the status last.
        var text = File.ReadAllText(j.Path, Encoding.UTF8);
        Assert.EndsWith("\n", text);
        Assert.DoesNotContain("\r", text);
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.Matches(Record, l));
        Assert.Equal(new[] { "run", "host", "port", "user", "set", "mirror", "submirror", "method", "mount", "level", "target", "owner", "client", "pid", "pidstart", "step", "step", "step", "step", "status" },
            lines.Select(l => l.Split('\t')[1]));
        Assert.Equal("2025-01-31T02:00:00.123Z\trun\t" + j.RunId, lines[0]);
        Assert.EndsWith("\tstep\tlock-split\tdone\twindow=0.41s", lines[16]);
        Assert.EndsWith("\tstatus\tSucceeded\t12.3 GB", lines[^1]);
    }

    [Fact]
    public void Local_times_are_written_as_UTC_and_null_header_values_are_left_out()
    {
        var local = new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Local);
        var h = new SvmBackupJournalEntry { ComputerName = "myhost", Mirror = "d1", Submirror = "d3", Started = local };
        var j = BackupJournal.Create(_dir, h);
        var e = BackupJournal.Find(_dir, j.RunId)!;
        Assert.Equal(local.ToUniversalTime(), e.Started);
        Assert.Equal(DateTimeKind.Utc, e.Started.Kind);
        Assert.Null(e.UserName);
        Assert.Null(e.DiskSet);
        Assert.Null(e.MountPoint);
        Assert.Null(e.Target);
        Assert.Equal($"{j.RunId} d1 on myhost: Running", e.ToString());
        var keys = File.ReadAllLines(j.Path).Select(l => l.Split('\t')[1]).ToList();
        Assert.DoesNotContain("user", keys);
        Assert.DoesNotContain("set", keys);
    }

    [Fact]
    public void Client_fields_default_to_this_process()
    {
        var h = new SvmBackupJournalEntry { ComputerName = "myhost", Mirror = "d1", Submirror = "d3" };
        var j = BackupJournal.Create(_dir, h);
        var e = BackupJournal.Find(_dir, j.RunId)!;
        Assert.Equal(Environment.ProcessId, e.ClientProcessId);
        Assert.Equal(Environment.MachineName, e.ClientMachine);
        Assert.NotNull(e.ClientProcessStart);
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        Assert.Equal(self.StartTime.ToUniversalTime(), e.ClientProcessStart!.Value, TimeSpan.FromMilliseconds(1));
        Assert.StartsWith($"{Environment.MachineName}/{Environment.ProcessId}/", e.Owner);
        Assert.InRange(e.Started, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddSeconds(1));
        Assert.StartsWith(e.Started.ToString("yyyyMMdd'T'HHmmss'Z-'"), j.RunId);
    }

    [Fact]
    public void A_run_without_a_status_line_reads_as_Running_at_its_last_step()
    {
        var j = BackupJournal.Create(_dir, Header());
        j.Step("preflight", "done");
        j.Step("lock-split", "begin", "lockfs -w /global/data; metadetach -s schost-1 d0 d30");
        var e = BackupJournal.Find(_dir, j.RunId)!;
        Assert.Equal("Running", e.Status);
        Assert.False(e.IsFinished);
        Assert.Null(e.Ended);
        Assert.Null(e.StatusDetail);
        Assert.Equal("lock-split", e.LastStep);
        Assert.Equal("begin", e.LastPhase);
        Assert.Equal(2, e.Events.Count);
    }

    [Fact]
    public void A_truncated_last_line_is_ignored_and_Open_cuts_it_off_before_appending()
    {
        var j = BackupJournal.Create(_dir, Header());
        j.Step("dump", "begin");
        // The process died while writing its status line: the line never got its newline.
        File.AppendAllText(j.Path, "2025-01-31T02:10:00.000Z\tstatus\tSucc");
        var e = BackupJournal.Find(_dir, j.RunId)!;
        Assert.Equal("Running", e.Status);
        Assert.Equal("dump", e.LastStep);
        Assert.Equal("begin", e.LastPhase);

        // Even a cut that still looks like a whole record is not one.
        File.AppendAllText(j.Path, "ceeded");
        Assert.Equal("Running", BackupJournal.Find(_dir, j.RunId)!.Status);

        var recovery = BackupJournal.Open(_dir, j.RunId);
        recovery.Step("rejoin", "done", "metattach -s schost-1 d0 d30");
        recovery.Finish("Recovered");
        var text = File.ReadAllText(j.Path);
        Assert.DoesNotContain("Succ", text);
        Assert.All(text.TrimEnd('\n').Split('\n'), l => Assert.Matches(Record, l));
        e = BackupJournal.Find(_dir, j.RunId)!;
        Assert.Equal("Recovered", e.Status);
        Assert.Equal("rejoin", e.LastStep);
        Assert.Equal(new[] { "dump", "rejoin" }, e.Events.Select(x => x.Step));
    }

    [Fact]
    public void The_last_status_wins()
    {
        var j = BackupJournal.Create(_dir, Header());
        j.Finish("Incomplete", "submirror d30 left detached");
        BackupJournal.Open(_dir, j.RunId).Finish("Recovered", "by job-77");
        var e = BackupJournal.Find(_dir, j.RunId)!;
        Assert.Equal("Recovered", e.Status);
        Assert.Equal("by job-77", e.StatusDetail);
    }

    [Fact]
    public void Garbage_and_foreign_files_are_skipped_without_failing_the_others()
    {
        var good = BackupJournal.Create(_dir, Header());
        good.Step("dump", "begin");
        var rng = new Random(7);
        var noise = new byte[100_000];
        rng.NextBytes(noise);
        File.WriteAllBytes(Path.Combine(_dir, "20250101T000000Z-00000001.journal"), noise);
        // One endless line (no newline at all), and one over-long line followed by records of another run.
        File.WriteAllText(Path.Combine(_dir, "20250101T000000Z-00000002.journal"), new string('x', 300_000));
        File.WriteAllText(Path.Combine(_dir, "20250101T000000Z-00000003.journal"), new string('y', 200_000) + "\n2025-01-01T00:00:00.000Z\trun\t20250101T000000Z-00000009\n");
        // A journal copied under another name names another run: not taken for this one.
        File.Copy(good.Path, Path.Combine(_dir, "20250101T000000Z-00000004.journal"));
        File.WriteAllText(Path.Combine(_dir, "20250101T000000Z-00000005.journal"), "");
        File.WriteAllText(Path.Combine(_dir, "notes.journal"), "2025-01-01T00:00:00.000Z\trun\tnotes\n");
        File.WriteAllText(Path.Combine(_dir, "README.txt"), "hello");
        // A journal with bad lines among good ones keeps the good ones.
        var mixed = Path.Combine(_dir, "20250102T000000Z-0000000a.journal");
        File.WriteAllText(mixed, "2025-01-02T00:00:00.000Z\trun\t20250102T000000Z-0000000a\n" +
                                 "yesterday\thost\tforged\n" +
                                 "2025-01-02T00:00:00.000Z\thost\tmyhost\n" +
                                 "2025-01-02T00:00:00.000Z\tmirror\td1\n" +
                                 "2025-01-02T00:00:00.000Z\tport\tnot-a-number\n" +
                                 "2025-01-02T00:00:00.000Z\tmethod\tExplode\n" +
                                 "2025-01-02T00:00:01.000Z\tstep\tdump\n" +
                                 "2025-01-02T00:00:02.000Z\tstep\tlock-split\tbegin\n" +
                                 "2025-01-02T00:00:03.000Z\tstatus\tRunning\n" +
                                 "2025-01-02T00:00:04.000Z\tfuture-key\twhatever\n" +
                                 "\u00ff\u00fe\n");

        var runs = BackupJournal.Read(_dir);
        Assert.Equal(new[] { good.RunId, "20250102T000000Z-0000000a" }, runs.Select(r => r.RunId));
        var m = runs[1];
        Assert.Equal("myhost", m.ComputerName);
        Assert.Equal("d1", m.Mirror);
        Assert.Equal(0, m.Port);
        Assert.Equal(SvmSplitMethod.Offline, m.Method);
        Assert.Equal("Running", m.Status);
        Assert.Equal("lock-split", m.LastStep);
        Assert.Single(m.Events);
        Assert.Null(BackupJournal.Find(_dir, "20250101T000000Z-00000004"));
        Assert.Null(BackupJournal.Find(_dir, "20250101T000000Z-00000001"));
    }

    [Fact]
    public void Hostile_values_cannot_forge_records()
    {
        const string forged = "2025-01-31T02:00:00.000Z\tstatus\tSucceeded";
        var h = Header(host: "evil\n" + forged + "\n2025-01-31T02:00:00.000Z\thost\tother", mirror: "d0\r\n" + forged);
        h.Target = "/dev/rmt/0n\tstatus\tSucceeded";
        h.Owner = "job\u2028" + forged + "\u0085x\u0000y";
        var j = BackupJournal.Create(_dir, h);
        j.Step("dump\n" + forged, "begin\t" + "status\tSucceeded", "detail\r" + forged + "\n" + forged);
        j.Step("x", "failed", "\n" + forged + "\n");

        var e = BackupJournal.Find(_dir, j.RunId)!;
        Assert.Equal("Running", e.Status);
        Assert.False(e.IsFinished);
        Assert.Equal("evil " + forged.Replace('\t', ' ') + " 2025-01-31T02:00:00.000Z host other", e.ComputerName);
        Assert.Equal("d0  " + forged.Replace('\t', ' '), e.Mirror);
        Assert.Equal("/dev/rmt/0n status Succeeded", e.Target);
        Assert.DoesNotContain('\n', e.Owner);
        Assert.Equal(2, e.Events.Count);
        Assert.Equal("begin status Succeeded", e.Events[0].Phase);
        Assert.Equal("x", e.LastStep);
        Assert.Equal("failed", e.LastPhase);
        // One line per record written: 15 header lines and 2 steps, no more.
        Assert.Equal(17, File.ReadAllText(j.Path).Count(c => c == '\n'));
        Assert.Equal(1, File.ReadAllLines(j.Path).Count(l => l.Split('\t')[1] == "host"));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("20250131T020000Z-0A1B2C3D")]
    [InlineData("20250131T020000Z-0a1b2c3")]
    [InlineData("20250131T020000Z-0a1b2c3d/../../x")]
    [InlineData("20250131T020000Z-0a1b2c3d\n")]
    [InlineData(" 20250131T020000Z-0a1b2c3d")]
    public void Run_ids_of_another_shape_are_rejected(string runId)
    {
        Directory.CreateDirectory(_dir);
        Assert.Throws<ArgumentException>(() => BackupJournal.Open(_dir, runId));
        Assert.Throws<ArgumentException>(() => BackupJournal.Find(_dir, runId));
        var h = Header();
        h.RunId = runId == "" ? "x" : runId;
        Assert.Throws<ArgumentException>(() => BackupJournal.Create(_dir, h));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void Open_of_an_unknown_run_names_it()
    {
        var id = BackupJournal.NewRunId();
        var ex = Assert.Throws<FileNotFoundException>(() => BackupJournal.Open(_dir, id));
        Assert.Contains(id, ex.Message);
        Assert.Null(BackupJournal.Find(_dir, id));
    }

    [Fact]
    public void A_run_id_is_never_reused_and_bad_steps_and_statuses_are_refused()
    {
        var h = Header();
        h.RunId = BackupJournal.NewRunId();
        var j = BackupJournal.Create(_dir, h);
        j.Step("dump", "begin");
        Assert.Throws<IOException>(() => BackupJournal.Create(_dir, h));
        Assert.Equal("dump", BackupJournal.Find(_dir, h.RunId)!.LastStep);

        Assert.Throws<ArgumentException>(() => j.Finish("Running"));
        Assert.Throws<ArgumentException>(() => j.Finish("succeeded"));
        Assert.Throws<ArgumentException>(() => j.Step("", "begin"));
        Assert.Throws<ArgumentException>(() => j.Step("dump", " "));
        Assert.Throws<ArgumentException>(() => BackupJournal.Create(_dir, new SvmBackupJournalEntry { Mirror = "d1" }));
        Assert.Equal("Running", BackupJournal.Find(_dir, h.RunId)!.Status);
    }

    [Fact]
    public void New_run_ids_are_sortable_filename_safe_and_distinct()
    {
        var before = DateTime.UtcNow;
        var ids = Enumerable.Range(0, 2000).Select(_ => BackupJournal.NewRunId()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches(@"\A\d{8}T\d{6}Z-[0-9a-f]{8}\z", id));
        Assert.True(string.CompareOrdinal(ids[0][..16], before.AddSeconds(-1).ToString("yyyyMMdd'T'HHmmss'Z'")) >= 0);
        Assert.Equal("20250131T020000Z-", BackupJournal.NewRunId(new DateTime(2025, 1, 31, 2, 0, 0, DateTimeKind.Utc))[..17]);
        Assert.True(string.CompareOrdinal(BackupJournal.NewRunId(new DateTime(2025, 1, 31, 2, 0, 0, DateTimeKind.Utc)), BackupJournal.NewRunId(new DateTime(2025, 1, 31, 2, 0, 1, DateTimeKind.Utc))) < 0);
    }

    [Fact]
    public void Runs_are_read_newest_first_and_a_missing_directory_has_none()
    {
        Assert.Empty(BackupJournal.Read(_dir));
        var t = new DateTime(2025, 1, 31, 2, 0, 0, DateTimeKind.Utc);
        var middle = BackupJournal.Create(_dir, Header(started: t.AddHours(1)));
        var oldest = BackupJournal.Create(_dir, Header(started: t));
        var newest = BackupJournal.Create(_dir, Header(started: t.AddDays(1)));
        var sameSecond = BackupJournal.Create(_dir, Header(started: t.AddHours(1).AddMilliseconds(5)));
        Assert.Equal(new[] { newest.RunId, sameSecond.RunId, middle.RunId, oldest.RunId }, BackupJournal.Read(_dir).Select(r => r.RunId));
    }

    [Fact]
    public async Task Two_writers_of_different_runs_in_one_directory_both_stay_intact()
    {
        const int steps = 300;
        using var start = new Barrier(2);
        var ids = new string[2];
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            start.SignalAndWait();
            var j = BackupJournal.Create(_dir, Header(host: "node" + w));
            ids[w] = j.RunId;
            for (var i = 0; i < steps; i++) j.Step("step" + i, i % 2 == 0 ? "begin" : "done", "writer " + w + " line " + i);
            j.Finish("Succeeded");
        })).ToArray();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(2));

        var runs = BackupJournal.Read(_dir);
        Assert.Equal(2, runs.Count);
        for (var w = 0; w < 2; w++)
        {
            var e = runs.Single(r => r.RunId == ids[w]);
            Assert.Equal("node" + w, e.ComputerName);
            Assert.Equal("Succeeded", e.Status);
            Assert.Equal(Enumerable.Range(0, steps).Select(i => "writer " + w + " line " + i), e.Events.Select(x => x.Detail));
        }
    }

    [Fact]
    public async Task A_journal_can_be_read_while_its_run_is_writing()
    {
        var j = BackupJournal.Create(_dir, Header());
        var writer = Task.Run(() => { for (var i = 0; i < 200; i++) j.Step("s" + i, "begin"); });
        var reads = 0;
        while (!writer.IsCompleted)
        {
            var e = BackupJournal.Find(_dir, j.RunId)!;
            Assert.Equal("phys-schost-1", e.ComputerName);
            reads++;
        }
        await writer;
        Assert.Equal(200, BackupJournal.Find(_dir, j.RunId)!.Events.Count);
        Assert.True(reads > 0);
    }

    [Fact]
    public void A_directory_it_creates_is_private_to_the_user()
    {
        var nested = Path.Combine(_dir, "a", "journal");
        var j = BackupJournal.Create(nested, Header());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(nested));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(j.Path));

        // A directory that already exists keeps the mode its owner chose.
        var shared = Path.Combine(_dir, "shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)0b111_101_101);
        BackupJournal.Create(shared, Header());
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(shared));
    }

    [Fact]
    public void Default_directory_is_the_variable_else_local_application_data_else_home()
    {
        string Folder(Environment.SpecialFolder f) => f switch
        {
            Environment.SpecialFolder.LocalApplicationData => "/home/op/.local/share",
            Environment.SpecialFolder.UserProfile => "/home/op",
            _ => throw new InvalidOperationException(f.ToString()),
        };
        Assert.Equal("/srv/journal", BackupJournal.ResolveDefaultDirectory(v => v == "SVMBACKUP_JOURNAL_PATH" ? "/srv/journal" : null, Folder));
        Assert.Equal("/home/op/.local/share/SvmBackup/Journal", BackupJournal.ResolveDefaultDirectory(_ => null, Folder));
        Assert.Equal("/home/op/.local/share/SvmBackup/Journal", BackupJournal.ResolveDefaultDirectory(_ => "  ", Folder));
        Assert.Equal("/home/op/.svmbackup/journal", BackupJournal.ResolveDefaultDirectory(_ => null, f => f == Environment.SpecialFolder.UserProfile ? "/home/op" : ""));
    }
}
