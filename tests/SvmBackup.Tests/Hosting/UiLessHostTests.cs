using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using SvmBackup.Model;
using SvmBackup.Simulator;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Hosting;

/// <summary>
/// The module under a host nobody sits at (an Azure Automation worker, a scheduler): the BUILT module imported into a
/// runspace whose host either has no UI at all (the engine's default host) or a UI that throws on any prompt or direct
/// console write (<see cref="NoInteractionHost"/>). Default preferences ($ConfirmPreference High, no -Confirm:$false):
/// a whole Backup-SvmMirror, a failing one, Repair-SvmMirror and Get-SvmBackupJournal run without prompting, report
/// through the streams only, and every output object survives the serialization a job's output goes through.
/// </summary>
public sealed class UiLessHostTests : IDisposable
{
    private readonly SimulatedHost _sim = new();
    private readonly string _journal = Path.Combine(Path.GetTempPath(), "svmjournal-uiless-" + Guid.NewGuid().ToString("N")[..8]);

    public UiLessHostTests() => _sim.Simulator.UpdateOptions(o => o.ResyncBlocksPerSecond = 1e9);

    public void Dispose()
    {
        _sim.Dispose();
        try { Directory.Delete(_journal, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static TheoryData<string> Hosts() => new() { "throwing-ui", "no-ui" };

    [Theory]
    [MemberData(nameof(Hosts))]
    public void A_whole_backup_a_failing_one_the_repair_and_the_journal_run_without_any_interaction(string kind)
    {
        var host = kind == "throwing-ui" ? new NoInteractionHost() : null;
        using var engine = new StreamsHost(host);
        Assert.Equal("High", engine.Invoke("$ConfirmPreference").Output.Single().ToString());

        // 1. A full backup with -Verbose: Succeeded, progress and verbose in the streams, nothing on the UI.
        var r = engine.Invoke("param($p, $j) $s = New-SvmSession -Simulator (New-SvmSimulator -Path $p) -ComputerName myhost; try { Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -WaitForResync -PollIntervalSeconds 0.1 -JournalPath $j -Verbose } finally { Remove-SvmSession $s }", _sim.StateDirectory, _journal);
        r.AssertNoErrors();
        var b = Assert.IsType<SvmBackupResult>(Assert.Single(r.Output).BaseObject);
        Assert.Equal("Succeeded", b.Status);
        Assert.NotEmpty(r.Progress);
        Assert.Contains(r.Progress, p => p.Activity.StartsWith("Backup-SvmMirror", StringComparison.Ordinal));
        Assert.NotEmpty(r.Verbose);
        AssertNoInteraction(host);
        var back = RoundTrip(r.Output[0]);
        Assert.Equal(b.Status, back.Properties["Status"].Value);
        Assert.Equal(b.RunId, back.Properties["RunId"].Value);
        Assert.Equal("d1", back.Properties["Mirror"].Value);
        Assert.Equal(b.Steps.Select(x => x.Name), StepNames(back.Properties["Steps"].Value));

        // 2. A run that is refused: a stable error id, still no prompt.
        r = engine.Invoke("param($p, $j) $s = New-SvmSession -Simulator (New-SvmSimulator -Path $p) -ComputerName myhost; try { Backup-SvmMirror -Session $s d1 -Submirror d9 -TapeDevice /dev/rmt/0 -JournalPath $j } finally { Remove-SvmSession $s }", _sim.StateDirectory, _journal);
        Assert.StartsWith("SubmirrorNotFound,", Assert.Single(r.Errors).FullyQualifiedErrorId);
        AssertNoInteraction(host);

        // 3. A run that cannot put its submirror back (metaonline hangs past the session's time limit): Incomplete,
        //    with a stable error id; then Repair-SvmMirror -RunId completes it, and the journal says Recovered.
        _sim.Simulator.InjectFault(SimulatorFault.Hang("metaonline", "myhost"));
        r = engine.Invoke("param($p, $j) $s = New-SvmSession -Simulator (New-SvmSimulator -Path $p) -ComputerName myhost -CommandTimeoutSeconds 4; try { Backup-SvmMirror -Session $s d1 -TapeDevice /dev/rmt/0 -JournalPath $j } finally { Remove-SvmSession $s }", _sim.StateDirectory, _journal);
        Assert.StartsWith("SubmirrorNotRejoined,", Assert.Single(r.Errors).FullyQualifiedErrorId);
        var incomplete = Assert.IsType<SvmBackupResult>(Assert.Single(r.Output).BaseObject);
        Assert.Equal("Incomplete", incomplete.Status);
        Assert.Equal("Incomplete", RoundTrip(r.Output[0]).Properties["Status"].Value);
        AssertNoInteraction(host);
        _sim.Simulator.ClearFaults();

        r = engine.Invoke("param($p, $j, $id) $s = New-SvmSession -Simulator (New-SvmSimulator -Path $p) -ComputerName myhost; try { Repair-SvmMirror -Session $s -RunId $id -JournalPath $j -Verbose } finally { Remove-SvmSession $s }", _sim.StateDirectory, _journal, incomplete.RunId!);
        r.AssertNoErrors();
        var actions = r.Output.Select(o => Assert.IsType<SvmRepairAction>(o.BaseObject)).ToList();
        Assert.Contains(actions, a => a.Action == "Rejoin" && a.Done);
        Assert.All(actions, a => Assert.True(a.Done, a.Action + " was not done"));
        foreach (var o in r.Output)
        {
            var a = RoundTrip(o);
            Assert.Equal(((SvmRepairAction)o.BaseObject).Action, a.Properties["Action"].Value);
            Assert.Equal(incomplete.RunId, a.Properties["RunId"].Value);
        }
        AssertNoInteraction(host);

        r = engine.Invoke("param($j) Get-SvmBackupJournal -JournalPath $j", _journal);
        r.AssertNoErrors();
        Assert.Equal(2, r.Output.Count);
        foreach (var o in r.Output)
        {
            var e = Assert.IsType<SvmBackupJournalEntry>(o.BaseObject);
            var back2 = RoundTrip(o);
            Assert.Equal(e.RunId, back2.Properties["RunId"].Value);
            Assert.Equal(e.Status, back2.Properties["Status"].Value);
        }
        Assert.Equal(new[] { "Recovered", "Succeeded" }, r.Output.Select(o => ((SvmBackupJournalEntry)o.BaseObject).Status).OrderBy(x => x, StringComparer.Ordinal));
        AssertNoInteraction(host);
    }

    /// <summary>The detector itself: a prompt and a direct console write in this host are caught, so the test above can fail.</summary>
    [Fact]
    public void The_host_catches_a_prompt_and_a_console_write()
    {
        var host = new NoInteractionHost();
        using var engine = new StreamsHost(host);
        var r = engine.Invoke("param($p) $s = New-SvmSession -Simulator (New-SvmSimulator -Path $p) -ComputerName myhost; Remove-SvmSession $s -Confirm", _sim.StateDirectory);
        Assert.True(r.Errors.Count > 0, "the prompt did not fail");
        Assert.True(host.Interactions.Any(i => i.StartsWith("PromptForChoice", StringComparison.Ordinal)), "no prompt recorded: " + string.Join(" | ", r.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message)));
        host.Reset();
        engine.Invoke("$Host.UI.WriteLine('straight to the console')");
        Assert.Contains(host.Interactions, i => i == "WriteLine: straight to the console");
        host.Reset();
        // With no UI at all the engine refuses to prompt instead.
        using var bare = new StreamsHost(null);
        r = bare.Invoke("param($p) $s = New-SvmSession -Simulator (New-SvmSimulator -Path $p) -ComputerName myhost; Remove-SvmSession $s -Confirm", _sim.StateDirectory);
        Assert.NotEmpty(r.Errors);
    }

    private static void AssertNoInteraction(NoInteractionHost? host)
    {
        if (host == null) return;
        Assert.True(host.Interactions.Count == 0, "The host was asked to interact: " + string.Join(" | ", host.Interactions));
    }

    /// <summary>What a job's output goes through (Azure Automation, Start-Job, remoting): CliXml at the default depth.</summary>
    private static PSObject RoundTrip(PSObject o)
    {
        var xml = PSSerializer.Serialize(o);
        var back = Assert.IsType<PSObject>(PSSerializer.Deserialize(xml));
        Assert.Contains(back.TypeNames, t => t.StartsWith("Deserialized.SvmBackup.", StringComparison.Ordinal));
        return back;
    }

    private static IEnumerable<string> StepNames(object? steps)
    {
        var list = Assert.IsAssignableFrom<IEnumerable>(steps is PSObject p ? p.BaseObject : steps);
        return list.Cast<object>().Select(x => x is PSObject po && po.Properties["Name"] is { } n ? (string)n.Value : x.ToString()!).ToList();
    }
}
