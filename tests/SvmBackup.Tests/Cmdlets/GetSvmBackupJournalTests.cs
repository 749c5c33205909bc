using System.Management.Automation;
using System.Xml.Linq;
using SvmBackup.Journal;
using SvmBackup.Model;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>Get-SvmBackupJournal in the hosted engine over a journal folder with one run of each kind.</summary>
public class GetSvmBackupJournalTests : IClassFixture<ModuleHostFixture>, IDisposable
{
    private readonly ModuleHost _host;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "svm-journal-cmdlet-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _interrupted, _succeeded, _incomplete, _failed;

    public GetSvmBackupJournalTests(ModuleHostFixture fixture)
    {
        _host = fixture.Host;
        var t = new DateTime(2025, 1, 31, 2, 0, 0, DateTimeKind.Utc);
        // Created out of order: the listing sorts by start.
        _succeeded = Run("myhost", null, "d1", t.AddHours(1), j => { j.Step("dump", "done"); j.Finish("Succeeded"); });
        _interrupted = Run("phys-schost-1", "schost-1", "d0", t.AddHours(3), j => { j.Step("preflight", "done"); j.Step("lock-split", "begin"); });
        _failed = Run("phys-schost-2", "schost-1", "d10", t, j => { j.Step("dump", "failed", "DUMP: Cannot open /dev/rmt/0n"); j.Finish("Failed"); });
        _incomplete = Run("myhost", null, "d1", t.AddHours(2), j => { j.Step("rejoin", "failed"); j.Finish("Incomplete", "d3 left offline"); });
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private string Run(string host, string? set, string mirror, DateTime started, Action<BackupJournal> steps)
    {
        var j = BackupJournal.Create(_dir, new SvmBackupJournalEntry { ComputerName = host, DiskSet = set, Mirror = mirror, Submirror = "d3", Started = started });
        steps(j);
        return j.RunId;
    }

    private HostResult Get(string arguments) => _host.Invoke("param($p) Get-SvmBackupJournal -JournalPath $p " + arguments, _dir);

    private static string[] Ids(HostResult r) => r.All<SvmBackupJournalEntry>().Select(e => e.RunId).ToArray();

    [Fact]
    public void Lists_every_run_newest_first_as_typed_entries()
    {
        var r = Get("");
        r.AssertNoErrors();
        Assert.Equal(new[] { _interrupted, _incomplete, _succeeded, _failed }, Ids(r));
        var interrupted = r.All<SvmBackupJournalEntry>()[0];
        Assert.Equal("Running", interrupted.Status);
        Assert.Equal("lock-split", interrupted.LastStep);
        Assert.Equal("begin", interrupted.LastPhase);
        Assert.Equal(Path.Combine(_dir, _interrupted + ".journal"), interrupted.Path);
    }

    [Fact]
    public void Unfinished_lists_only_Running_and_Incomplete_runs()
    {
        var r = Get("-Unfinished");
        r.AssertNoErrors();
        Assert.Equal(new[] { _interrupted, _incomplete }, Ids(r));
    }

    [Fact]
    public void ComputerName_and_Mirror_filter_with_wildcards()
    {
        Assert.Equal(new[] { _interrupted, _failed }, Ids(Get("-ComputerName phys-*")));
        Assert.Equal(new[] { _incomplete, _succeeded }, Ids(Get("-ComputerName MYHOST")));
        Assert.Empty(Get("-ComputerName nosuch").Output);
        // A mirror by its name, its set/name, or a pattern over either.
        Assert.Equal(new[] { _interrupted }, Ids(Get("-Mirror d0")));
        Assert.Equal(new[] { _interrupted }, Ids(Get("-Mirror schost-1/d0")));
        Assert.Equal(new[] { _interrupted, _failed }, Ids(Get("-Mirror 'schost-1/*'")));
        Assert.Equal(new[] { _incomplete, _succeeded, _failed }, Ids(Get("-Mirror D1*")));
        Assert.Equal(new[] { _interrupted, _incomplete, _succeeded }, Ids(Get("-Mirror d1, d0")));
        Assert.Empty(Get("-Mirror 'other/d0'").Output);
        Assert.Equal(new[] { _incomplete }, Ids(Get("-Unfinished -ComputerName myhost -Mirror d1")));
    }

    [Fact]
    public void RunId_gets_those_runs_and_a_missing_one_is_a_non_terminating_BackupJournalNotFound()
    {
        var missing = BackupJournal.NewRunId();
        var r = _host.Invoke("param($p, $a, $b, $c) Get-SvmBackupJournal -JournalPath $p -RunId $a, $b, $c", _dir, _failed, missing, _succeeded);
        Assert.Equal(new[] { _failed, _succeeded }, Ids(r));
        var e = Assert.Single(r.Errors);
        Assert.Equal("BackupJournalNotFound,SvmBackup.PowerShell.Cmdlets.GetSvmBackupJournalCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Equal(missing, e.TargetObject);
        Assert.Contains(missing, e.Exception.Message);

        // Positional, and still filtered: a finished run asked for with -Unfinished is just not listed.
        var positional = _host.Invoke("param($p, $a) Get-SvmBackupJournal $a -JournalPath $p -Unfinished", _dir, _failed);
        positional.AssertNoErrors();
        Assert.Empty(positional.Output);
    }

    [Fact]
    public void A_run_id_of_another_shape_is_an_invalid_argument_not_a_path()
    {
        var r = Get("-RunId '../x', 'a/b'");
        Assert.Empty(r.Output);
        Assert.Equal(2, r.Errors.Count);
        Assert.All(r.Errors, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
        Assert.All(r.Errors, e => Assert.StartsWith("InvalidArgument,", e.FullyQualifiedErrorId));
    }

    [Fact]
    public void Entries_pipe_back_in_by_RunId()
    {
        var r = _host.Invoke("param($p) Get-SvmBackupJournal -JournalPath $p -Unfinished | Get-SvmBackupJournal -JournalPath $p", _dir);
        r.AssertNoErrors();
        Assert.Equal(new[] { _interrupted, _incomplete }, Ids(r));
    }

    [Fact]
    public void A_missing_folder_has_no_runs_and_JournalPath_is_a_PowerShell_path()
    {
        var none = _host.Invoke("param($p) Get-SvmBackupJournal -JournalPath ($p + '/nothing-here')", _dir);
        none.AssertNoErrors();
        Assert.Empty(none.Output);

        // Relative to the PowerShell location, not the process's working directory.
        var r = _host.Invoke("param($parent, $leaf) $before = $ExecutionContext.SessionState.Path.CurrentLocation; " +
                             "$null = $ExecutionContext.SessionState.Path.SetLocation($parent); " +
                             "try { Get-SvmBackupJournal -JournalPath ('./' + $leaf) -Unfinished } finally { $null = $ExecutionContext.SessionState.Path.SetLocation($before.Path) }",
            Path.GetDirectoryName(_dir)!, Path.GetFileName(_dir));
        r.AssertNoErrors();
        Assert.Equal(new[] { _interrupted, _incomplete }, Ids(r));
    }

    [Fact]
    public void The_table_view_shows_set_and_mirror_local_start_and_last_step()
    {
        Assert.Contains(_host.Module.ExportedFormatFiles, f => Path.GetFileName(f) == "SvmBackup.Journal.Format.ps1xml");
        var view = XDocument.Load(Path.Combine(RepoPaths.ModuleFolder, "SvmBackup.Journal.Format.ps1xml")).Descendants("View")
            .Single(v => v.Element("ViewSelectedBy")!.Element("TypeName")!.Value == typeof(SvmBackupJournalEntry).FullName && v.Element("TableControl") != null);
        var labels = view.Descendants("TableColumnHeader").Select(h => h.Element("Label")!.Value).ToArray();
        Assert.Equal(new[] { "RunId", "ComputerName", "Mirror", "Submirror", "Method", "Started", "Status", "LastStep" }, labels);

        var entry = BackupJournal.Find(_dir, _interrupted)!;
        var cells = view.Descendants("TableColumnItem").Select(item =>
        {
            if (item.Element("PropertyName") is { } p) return typeof(SvmBackupJournalEntry).GetProperty(p.Value)!.GetValue(entry)?.ToString() ?? "";
            var r = _host.Invoke("param($o, $sb) $o | ForEach-Object ([scriptblock]::Create($sb))", entry, item.Element("ScriptBlock")!.Value);
            r.AssertNoErrors();
            return Assert.Single(r.Output).BaseObject.ToString()!;
        }).ToArray();
        Assert.Equal(new[] { _interrupted, "phys-schost-1", "schost-1/d0", "d3", "Offline", entry.Started.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss"), "Running", "lock-split:begin" }, cells);
    }
}

/// <summary>Tests that change the process's environment: run alone, never beside another test class.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}

/// <summary>SVMBACKUP_JOURNAL_PATH as a user sets it ($env:), read by the cmdlet's default -JournalPath.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public class GetSvmBackupJournalEnvironmentTests : IClassFixture<ModuleHostFixture>, IDisposable
{
    private readonly ModuleHost _host;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "svm-journal-env-" + Guid.NewGuid().ToString("N")[..10]);

    public GetSvmBackupJournalEnvironmentTests(ModuleHostFixture fixture) => _host = fixture.Host;

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public void The_default_folder_is_SVMBACKUP_JOURNAL_PATH()
    {
        var id = BackupJournal.Create(_dir, new SvmBackupJournalEntry { ComputerName = "myhost", Mirror = "d1", Submirror = "d3" }).RunId;
        var saved = Environment.GetEnvironmentVariable("SVMBACKUP_JOURNAL_PATH");
        try
        {
            var r = _host.Invoke("param($p) $env:SVMBACKUP_JOURNAL_PATH = $p; [SvmBackup.Journal.BackupJournal]::DefaultDirectory; Get-SvmBackupJournal", _dir);
            r.AssertNoErrors();
            Assert.Equal(_dir, r.Output[0].BaseObject);
            Assert.Equal(id, Assert.IsType<SvmBackupJournalEntry>(Assert.Single(r.Output.Skip(1)).BaseObject).RunId);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SVMBACKUP_JOURNAL_PATH", saved);
        }
    }
}
