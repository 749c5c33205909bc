using System.Collections;
using System.Management.Automation;
using SvmBackup.Scripts;
using SvmBackup.Sessions;
using SvmBackup.Tests.Support;
using Xunit.Abstractions;

namespace SvmBackup.Tests.Security;

/// <summary>One engine, one simulated host and one session for the whole class (the module import and the simulator are the slow parts).</summary>
public sealed class HostileParameterFixture : IDisposable
{
    public HostileParameterFixture()
    {
        var r = Engine.Invoke("$sim = New-SvmSimulator; $sim.Engine.UpdateOptions({ param($o) $o.ResyncBlocksPerSecond = 1e9 }); $sim; New-SvmSession -Simulator $sim -ComputerName myhost");
        r.AssertNoErrors();
        Simulator = r.Output[0];
        SimulatorPath = (string)r.Output[0].Properties["Path"].Value;
        Session = Assert.IsType<SvmSession>(r.Output[1].BaseObject);
    }

    public ModuleHost Engine { get; } = new();
    public PSObject Simulator { get; }
    public string SimulatorPath { get; }
    public SvmSession Session { get; }
    public string Journal { get; } = Path.Combine(Path.GetTempPath(), "svmjournal-hostile-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        Session.Dispose();
        Engine.Dispose();
        foreach (var dir in new[] { SimulatorPath, Journal })
            try { if (Directory.Exists(dir)) Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        try { File.Delete(HostileStrings.Canary); } catch (IOException) { }
    }
}

/// <summary>
/// Every hostile string (<see cref="HostileStrings"/>) through every string parameter of every cmdlet, in the real
/// engine against a simulated host. The contract, per parameter:
/// <list type="bullet">
/// <item>A value that reaches the host (a name, set, mount point, device, host path, host name) is refused BEFORE any
/// remote command runs — the session's transcript gets no entry — with a stable id: <c>InvalidName</c> for anything a
/// shared rule of <see cref="SolarisName"/> refuses (metadevice, disk set, host name and host path alike: the one id the
/// README documents), <c>InvalidArgument</c> for a value of the wrong shape that is no name (a run id, a NUL in a hook
/// argument, an empty value where one is required). An empty string may also be refused by PowerShell's own binding
/// (<c>ParameterArgumentValidationError…</c>) where the parameter forbids it.</item>
/// <item>A host name is refused by that validation before any connection (the error is the
/// <see cref="SvmInvalidNameException"/> of -ComputerName; no DNS or SSH attempt can come before it).</item>
/// <item>-FreezeCommand/-ThawCommand are the documented exception: the first word is a host path (refused as above);
/// every other word reaches the host as ONE literal word (single-quoted where it needs quoting) and runs nothing.</item>
/// <item>A wildcard filter applied to what was read (Get-SvmMirror -Name, -MountPoint; Get-UfsLock -MountPoint; a
/// wildcard Get-SvmDiskSet -Name) never reaches the host: the commands sent are exactly those sent without it.</item>
/// <item>Where '' is documented as "not given" (an optional parameter bound from the pipeline), '' behaves exactly as if
/// the parameter were omitted.</item>
/// </list>
/// The host must be unchanged afterwards (checked once per cmdlet: write locks, mirror and submirror states, no backup
/// marker), and no payload ever runs (<see cref="HostileStrings.Canary"/>).
/// </summary>
public class HostileParameterTests : IClassFixture<HostileParameterFixture>
{
    private static readonly string[] HostCmdlets =
    {
        "Backup-SvmMirror", "Connect-Submirror", "Disconnect-Submirror", "Get-SvmDiskSet", "Get-SvmMirror", "Get-UfsLock", "Invoke-SubmirrorDump",
        "Lock-UfsFileSystem", "Repair-SvmMirror", "Test-SvmConnection", "Test-UfsFileSystem", "Unlock-UfsFileSystem", "Wait-SvmResync",
    };

    /// <summary>String parameters reviewed and left out because their value never reaches the host's shell, with the reason.</summary>
    private static readonly Dictionary<string, string> Skipped = BuildSkipped();

    private static Dictionary<string, string> BuildSkipped()
    {
        var d = new Dictionary<string, string>
        {
            ["Backup-SvmMirror -Destination"] = "a local file the dump is streamed into",
            ["Backup-SvmMirror -JournalPath"] = "the local journal folder",
            ["Invoke-SubmirrorDump -Destination"] = "a local file the dump is streamed into",
            ["Repair-SvmMirror -JournalPath"] = "the local journal folder",
            ["Get-SvmBackupJournal -RunId"] = "reads this client's journal only; no host involved",
            ["Get-SvmBackupJournal -ComputerName"] = "wildcard filter over this client's journal; no host involved",
            ["Get-SvmBackupJournal -Mirror"] = "wildcard filter over this client's journal; no host involved",
            ["Get-SvmBackupJournal -JournalPath"] = "the local journal folder",
            ["Get-SvmSession -Name"] = "wildcard filter over this runspace's sessions; no host involved",
            ["Get-SvmSession -ComputerName"] = "wildcard filter over this runspace's sessions; no host involved",
            ["New-SvmSession -Name"] = "a local label of the session",
            ["New-SvmSimulator -Path"] = "the local state folder of a simulator",
            ["New-SvmSimulator -Topology"] = "a local topology file",
        };
        foreach (var c in HostCmdlets.Append("New-SvmSession"))
        {
            d[c + " -UserName"] = "the SSH login name: a length-prefixed field of the SSH user-auth message, never part of a command line";
            d[c + " -KeyFile"] = "a local private key file";
            d[c + " -KnownHostsFile"] = "a local known_hosts file";
            d[c + " -KeyExchangeAlgorithm"] = "selects among the client's own algorithm names; never part of a command line";
            d[c + " -HostKeyFingerprint"] = "compared locally with the host key's fingerprint";
        }
        return d;
    }

    private static readonly string[] BindingIds = { "ParameterArgumentValidationErrorEmptyStringNotAllowed", "ParameterArgumentValidationError" };

    private readonly HostileParameterFixture _f;
    private readonly ITestOutputHelper _out;

    public HostileParameterTests(HostileParameterFixture fixture, ITestOutputHelper output)
    {
        _f = fixture;
        _out = output;
    }

    private enum Kind
    {
        /// <summary>Reaches the host: refused before any remote command.</summary>
        Refused,
        /// <summary>-ComputerName: refused by validation before any connection.</summary>
        HostName,
        /// <summary>A filter on what was read: never sent (one call with every string).</summary>
        LocalFilter,
        /// <summary>One exact name is sent (refused when hostile), a wildcard filters locally (never sent).</summary>
        RefusedOrLocal,
    }

    /// <param name="Shape">"one" (the value), "hook-first" (@(value)), "hook-arg" (@('/usr/bin/true', value)), "all" (every value in one call).</param>
    /// <param name="Id">The id a refusal must carry ("InvalidName" for names and host paths).</param>
    private sealed record Probe(string Cmdlet, string Parameter, Kind Kind, Hashtable Base, string Id = "InvalidName", bool EmptyMeansOmitted = false, string Shape = "one", Func<string, bool>? Values = null)
    {
        public string Key => Cmdlet + " -" + Parameter;
    }

    private sealed record Attempt(string Label, IReadOnlyList<ErrorRecord> Errors, IReadOnlyList<string> New, IReadOnlyList<object> Output)
    {
        public string[] Ids => Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToArray();
    }

    private sealed class Tally
    {
        public int Attempts, Rejected, Literal, NeverSent, Unquoted;
        public readonly HashSet<string> Pairs = new();
        public readonly List<string> Failures = new();
    }

    private static Hashtable Args(params object[] kv)
    {
        var h = new Hashtable(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < kv.Length; i += 2) h[(string)kv[i]] = kv[i + 1];
        return h;
    }

    private List<Probe> Probes()
    {
        var s = _f.Session;
        var j = _f.Journal;
        var backup = new object[] { "Session", s, "PlanOnly", true, "JournalPath", j };
        var dump = new object[] { "Session", s, "SplitMethod", "Offline" };
        bool HasNul(string v) => v.Contains('\0');
        var list = new List<Probe>
        {
            new("Backup-SvmMirror", "Mirror", Kind.Refused, Args([.. backup, "TapeDevice", "/dev/rmt/0"])),
            new("Backup-SvmMirror", "MountPoint", Kind.Refused, Args([.. backup, "TapeDevice", "/dev/rmt/0"])),
            new("Backup-SvmMirror", "DiskSet", Kind.Refused, Args([.. backup, "Mirror", "d1", "TapeDevice", "/dev/rmt/0"]), EmptyMeansOmitted: true),
            new("Backup-SvmMirror", "Submirror", Kind.Refused, Args([.. backup, "Mirror", "d1", "TapeDevice", "/dev/rmt/0"])),
            new("Backup-SvmMirror", "TapeDevice", Kind.Refused, Args([.. backup, "Mirror", "d1"])),
            new("Backup-SvmMirror", "RemotePath", Kind.Refused, Args([.. backup, "Mirror", "d1"])),
            new("Backup-SvmMirror", "FreezeCommand", Kind.Refused, Args([.. backup, "Mirror", "d1", "TapeDevice", "/dev/rmt/0", "ThawCommand", new[] { "/usr/bin/true" }]), Shape: "hook-first"),
            new("Backup-SvmMirror", "ThawCommand", Kind.Refused, Args([.. backup, "Mirror", "d1", "TapeDevice", "/dev/rmt/0", "FreezeCommand", new[] { "/usr/bin/true" }]), Shape: "hook-first"),
            // The other words of a hook are passed literally (HookArguments); only a NUL cannot be, and is refused.
            new("Backup-SvmMirror", "FreezeCommand", Kind.Refused, Args([.. backup, "Mirror", "d1", "TapeDevice", "/dev/rmt/0", "ThawCommand", new[] { "/usr/bin/true" }]), Id: "InvalidArgument", Shape: "hook-arg", Values: HasNul),
            new("Backup-SvmMirror", "ThawCommand", Kind.Refused, Args([.. backup, "Mirror", "d1", "TapeDevice", "/dev/rmt/0", "FreezeCommand", new[] { "/usr/bin/true" }]), Id: "InvalidArgument", Shape: "hook-arg", Values: HasNul),

            new("Connect-Submirror", "Mirror", Kind.Refused, Args("Session", s, "Submirror", "d3")),
            new("Connect-Submirror", "Submirror", Kind.Refused, Args("Session", s, "Mirror", "d1")),
            new("Connect-Submirror", "DiskSet", Kind.Refused, Args("Session", s, "Mirror", "d1", "Submirror", "d3")),

            new("Disconnect-Submirror", "Mirror", Kind.Refused, Args("Session", s, "Submirror", "d3")),
            new("Disconnect-Submirror", "Submirror", Kind.Refused, Args("Session", s, "Mirror", "d1")),
            new("Disconnect-Submirror", "DiskSet", Kind.Refused, Args("Session", s, "Mirror", "d1", "Submirror", "d3")),

            new("Get-SvmDiskSet", "Name", Kind.RefusedOrLocal, Args("Session", s)),

            new("Get-SvmMirror", "DiskSet", Kind.Refused, Args("Session", s)),
            new("Get-SvmMirror", "Name", Kind.LocalFilter, Args("Session", s), Shape: "all"),
            new("Get-SvmMirror", "MountPoint", Kind.LocalFilter, Args("Session", s), Shape: "all"),

            new("Get-UfsLock", "MountPoint", Kind.LocalFilter, Args("Session", s), Shape: "all"),

            new("Invoke-SubmirrorDump", "Mirror", Kind.Refused, Args([.. dump, "Submirror", "d3", "TapeDevice", "/dev/rmt/0"])),
            new("Invoke-SubmirrorDump", "Submirror", Kind.Refused, Args([.. dump, "TapeDevice", "/dev/rmt/0"])),
            new("Invoke-SubmirrorDump", "DiskSet", Kind.Refused, Args([.. dump, "Submirror", "d3", "TapeDevice", "/dev/rmt/0"])),
            new("Invoke-SubmirrorDump", "RawDevice", Kind.Refused, Args([.. dump, "Submirror", "d3", "TapeDevice", "/dev/rmt/0"]), EmptyMeansOmitted: true),
            new("Invoke-SubmirrorDump", "TapeDevice", Kind.Refused, Args([.. dump, "Submirror", "d3"])),
            new("Invoke-SubmirrorDump", "RemotePath", Kind.Refused, Args([.. dump, "Submirror", "d3"])),

            new("Lock-UfsFileSystem", "MountPoint", Kind.Refused, Args("Session", s)),
            new("Unlock-UfsFileSystem", "MountPoint", Kind.Refused, Args("Session", s)),

            new("Repair-SvmMirror", "Mirror", Kind.Refused, Args("Session", s, "JournalPath", j)),
            new("Repair-SvmMirror", "DiskSet", Kind.Refused, Args("Session", s, "JournalPath", j)),
            new("Repair-SvmMirror", "RunId", Kind.Refused, Args("Session", s, "JournalPath", j), Id: "InvalidArgument"),

            new("Test-UfsFileSystem", "Submirror", Kind.Refused, Args("Session", s)),
            new("Test-UfsFileSystem", "DiskSet", Kind.Refused, Args("Session", s, "Submirror", "d3")),
            new("Test-UfsFileSystem", "RawDevice", Kind.Refused, Args("Session", s, "Submirror", "d3"), EmptyMeansOmitted: true),

            new("Wait-SvmResync", "Mirror", Kind.Refused, Args("Session", s)),
            new("Wait-SvmResync", "DiskSet", Kind.Refused, Args("Session", s, "Mirror", "d1")),
        };
        // -ComputerName: a one-shot session per call, otherwise valid arguments.
        var oneShot = new Dictionary<string, Hashtable>
        {
            ["Backup-SvmMirror"] = Args("Mirror", "d1", "TapeDevice", "/dev/rmt/0", "PlanOnly", true, "JournalPath", j),
            ["Connect-Submirror"] = Args("Mirror", "d1", "Submirror", "d3"),
            ["Disconnect-Submirror"] = Args("Mirror", "d1", "Submirror", "d3"),
            ["Get-SvmDiskSet"] = Args(),
            ["Get-SvmMirror"] = Args(),
            ["Get-UfsLock"] = Args(),
            ["Invoke-SubmirrorDump"] = Args("Submirror", "d3", "TapeDevice", "/dev/rmt/0", "SplitMethod", "Offline"),
            ["Lock-UfsFileSystem"] = Args("MountPoint", "/home1"),
            ["Repair-SvmMirror"] = Args("JournalPath", j),
            ["Test-SvmConnection"] = Args(),
            ["Test-UfsFileSystem"] = Args("Submirror", "d3"),
            ["Unlock-UfsFileSystem"] = Args("MountPoint", "/home1"),
            ["Wait-SvmResync"] = Args("Mirror", "d1"),
        };
        Assert.Equal(HostCmdlets.OrderBy(x => x), oneShot.Keys.OrderBy(x => x));
        list.AddRange(oneShot.Select(kv => new Probe(kv.Key, "ComputerName", Kind.HostName, kv.Value)));
        list.Add(new Probe("New-SvmSession", "ComputerName", Kind.HostName, Args("ConnectTimeoutSeconds", 2)));
        list.Add(new Probe("New-SvmSession", "ComputerName", Kind.HostName, Args("Simulator", _f.Simulator)));
        return list;
    }

    [Theory]
    [MemberData(nameof(HostileStrings.Data), MemberType = typeof(HostileStrings))]
    public void Every_hostile_string_is_refused_by_every_shared_rule(int index, string label)
    {
        var value = HostileStrings.All[index].Value;
        Assert.True(Throws(() => SolarisName.ValidateMetadevice(value)), label + " passed as a metadevice name");
        Assert.True(Throws(() => SolarisName.ValidateDiskSet(value)), label + " passed as a disk set name");
        Assert.True(Throws(() => SolarisName.ValidateHostName(value)), label + " passed as a host name");
        Assert.True(Throws(() => SolarisName.ValidateAbsolutePath(value)), label + " passed as an absolute host path");

        static bool Throws(Action a)
        {
            try { a(); return false; }
            catch (SvmInvalidNameException) { return true; }
        }
    }

    [Fact]
    public void The_hostile_strings_cover_every_category()
    {
        var all = HostileStrings.All;
        Assert.True(all.Count >= 50, $"only {all.Count} hostile strings");
        Assert.Equal(HostileStrings.Categories.OrderBy(c => c), all.Select(h => h.Category).Distinct().OrderBy(c => c));
        Assert.Equal(all.Count, all.Select(h => h.Value).Distinct().Count());
        Assert.Contains(all, h => h.Value.Length >= 2000);
        Assert.Contains(all, h => h.Value.Any(c => c > 0x7f));
    }

    /// <summary>Every string parameter of every exported cmdlet is either probed here or listed in <see cref="Skipped"/> with a reason: a new one cannot slip through unreviewed.</summary>
    [Fact]
    public void Every_string_parameter_of_every_cmdlet_is_probed_or_skipped_with_a_reason()
    {
        var r = _f.Engine.Invoke(@"
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
            foreach ($c in Get-Command -Module SvmBackup) {
                foreach ($p in $c.Parameters.Values) {
                    if ($common -notcontains $p.Name -and ($p.ParameterType -eq [string] -or $p.ParameterType -eq [string[]])) { $c.Name + ' -' + $p.Name }
                }
            }");
        r.AssertNoErrors();
        var enumerated = r.Output.Select(o => (string)o.BaseObject).ToHashSet();
        var probed = Probes().Select(p => p.Key).ToHashSet();
        Assert.Empty(probed.Intersect(Skipped.Keys));
        var expected = probed.Union(Skipped.Keys).ToHashSet();
        Assert.True(expected.SetEquals(enumerated),
            "Not reviewed: " + string.Join(", ", enumerated.Except(expected).OrderBy(x => x)) + "; gone: " + string.Join(", ", expected.Except(enumerated).OrderBy(x => x)));
        _out.WriteLine($"{enumerated.Count} string parameters: {probed.Count} probed, {Skipped.Count} skipped (never sent to the host):");
        foreach (var kv in Skipped.OrderBy(k => k.Key)) _out.WriteLine($"  {kv.Key}: {kv.Value}");
    }

    [Fact]
    public void Every_string_parameter_refuses_or_literally_quotes_every_hostile_string()
    {
        File.Delete(HostileStrings.Canary);
        var tally = new Tally();
        var initial = Snapshot();
        Assert.DoesNotContain("write-locked", initial);
        Assert.Contains("d1 None d2=Okay,d3=Okay", initial);
        foreach (var group in Probes().GroupBy(p => p.Cmdlet))
        {
            foreach (var p in group) Run(p, tally);
            var now = Snapshot();
            if (now != initial) tally.Failures.Add($"{group.Key}: the simulated host changed:\n{initial}\n=>\n{now}");
        }
        HookArguments(tally);
        if (File.Exists(HostileStrings.Canary)) tally.Failures.Add("a payload ran: " + HostileStrings.Canary + " exists");

        _out.WriteLine($"hostile strings tried:                  {HostileStrings.All.Count} ({HostileStrings.Categories.Length} categories)");
        _out.WriteLine($"(cmdlet, parameter) pairs:              {tally.Pairs.Count} probed, {Skipped.Count} reviewed and skipped (never sent to the host)");
        _out.WriteLine($"attempts:                               {tally.Attempts}");
        _out.WriteLine($"rejected before any remote command:     {tally.Rejected}");
        _out.WriteLine($"accepted as one literal word:           {tally.Literal}");
        _out.WriteLine($"never sent (local filter, '' = omitted): {tally.NeverSent}");
        _out.WriteLine($"executed unquoted:                      {tally.Unquoted}");
        foreach (var f in tally.Failures) _out.WriteLine("FAIL " + f);

        Assert.True(tally.Failures.Count == 0, tally.Failures.Count + " failures:\n" + string.Join("\n", tally.Failures.Take(60)));
        Assert.Equal(0, tally.Unquoted);
        Assert.Equal(tally.Attempts, tally.Rejected + tally.Literal + tally.NeverSent);
    }

    private const string ProbeScript = @"
param($s, $cmd, $base, $param, $values, $shape, $withBaseline)
function Attempt($label, $a) {
    $n = $s.Transcript.Length
    $Error.Clear()
    $o = @()
    try { $o = @(& $cmd @a -ErrorAction SilentlyContinue) } catch { }
    $t = $s.Transcript
    [pscustomobject]@{ Label = [string]$label; Errors = @($Error); New = [string[]]@(for ($i = $n; $i -lt $t.Length; $i++) { $t[$i].Command }); Output = $o }
}
if ($withBaseline) { Attempt 'baseline' $base.Clone() }
if ($shape -eq 'all') {
    $a = $base.Clone(); $a[$param] = [string[]]$values
    Attempt 'all' $a
} else {
    for ($k = 0; $k -lt $values.Count; $k++) {
        $a = $base.Clone()
        if ($shape -eq 'hook-first') { $a[$param] = [string[]]@($values[$k]) }
        elseif ($shape -eq 'hook-arg') { $a[$param] = [string[]]@('/usr/bin/true', $values[$k]) }
        else { $a[$param] = $values[$k] }
        Attempt $k $a
    }
}";

    private void Run(Probe p, Tally tally)
    {
        var values = HostileStrings.All.Select(h => h.Value).Where(v => p.Values == null || p.Values(v)).ToArray();
        var withBaseline = p.Kind is Kind.LocalFilter or Kind.RefusedOrLocal || p.EmptyMeansOmitted;
        var r = _f.Engine.Invoke(ProbeScript, _f.Session, p.Cmdlet, p.Base, p.Parameter, values, p.Shape, withBaseline);
        r.AssertNoErrors();
        var attempts = r.Output.Select(ToAttempt).ToList();
        var baseline = withBaseline ? attempts[0] : null;
        if (baseline != null) attempts.RemoveAt(0);
        tally.Pairs.Add(p.Key);
        // A line sent for two different values depends on neither (a read that came before the check): it is no evidence
        // that a value reached the host, whatever characters they share.
        var shared = attempts.SelectMany(a => a.New.Distinct().Select(line => (line, a.Label))).GroupBy(x => x.line).Where(g => g.Count() > 1).Select(g => g.Key);
        var unrelated = (baseline?.New ?? Array.Empty<string>()).Concat(shared).ToHashSet();
        var where = $"{p.Key}{(p.Shape.StartsWith("hook", StringComparison.Ordinal) ? " (" + p.Shape + ")" : "")}";

        if (p.Kind == Kind.LocalFilter)
        {
            var a = Assert.Single(attempts);
            tally.Attempts += values.Length;
            var stray = a.Errors.Where(e => !(e.FullyQualifiedErrorId.StartsWith("InvalidArgument,", StringComparison.Ordinal) || e.FullyQualifiedErrorId.Contains("NotFound,", StringComparison.Ordinal))
                                            || !(e.TargetObject is string t && values.Contains(t))).ToList();
            foreach (var e in stray) tally.Failures.Add($"{where}: unexpected error {e.FullyQualifiedErrorId} ({HostileStrings.Show(e.TargetObject as string)}): {e.Exception.Message}");
            if (!a.New.SequenceEqual(baseline!.New))
            {
                foreach (var v in values) Sent(tally, where, v, a.New, unrelated);
                tally.Failures.Add($"{where}: the commands sent differ from those sent without a filter: [{string.Join(" ;; ", a.New.Select(HostileStrings.Show))}]");
            }
            tally.NeverSent += values.Length;
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            var a = attempts[i];
            tally.Attempts++;
            var allowed = new HashSet<string> { p.Id };
            if (v.Length == 0) { allowed.Add("InvalidArgument"); allowed.UnionWith(BindingIds); } // an empty value where one is required
            if (p.Kind == Kind.RefusedOrLocal) allowed.Add("InvalidArgument"); // a wildcard that is no valid pattern ('[a')
            string? why = null;
            var reports = a.Output.OfType<SvmBackup.Model.SvmConnectionReport>().ToList();
            var ids = a.Ids.Concat(reports.Select(x => "report:" + (x.Problems.FirstOrDefault() ?? "").Split(':')[0])).ToArray();
            if (a.New.Count > 0) why = "ran remote commands";
            else if (ids.Length == 0) why = "was accepted";
            else if (!ids.All(id => allowed.Contains(id) || (p.Kind == Kind.HostName && id == "report:InvalidName")))
                why = "was refused with the wrong id";
            else if (p.Kind == Kind.HostName)
            {
                foreach (var e in a.Errors.Where(e => e.FullyQualifiedErrorId.StartsWith("InvalidName,", StringComparison.Ordinal)))
                    if (e.Exception is not SvmInvalidNameException { ParamName: "ComputerName" } || e.CategoryInfo.Category != ErrorCategory.InvalidArgument)
                        why = $"was refused, but not by the host name validation ({e.Exception.GetType().Name}, {(e.Exception as ArgumentException)?.ParamName ?? "-"}, {e.CategoryInfo.Category})";
                if (reports.Any(x => x.Reachable)) why = "reported a reachable host";
            }
            if (why == null)
            {
                tally.Rejected++;
                continue;
            }
            if (baseline != null && (p.Kind == Kind.RefusedOrLocal || (v.Length == 0 && p.EmptyMeansOmitted))
                && a.New.SequenceEqual(baseline.New) && a.Errors.All(e => e.FullyQualifiedErrorId.Contains("NotFound,", StringComparison.Ordinal) || baseline.Ids.Contains(e.FullyQualifiedErrorId.Split(',')[0])))
            {
                tally.NeverSent++; // a wildcard filter, or '' meaning "not given": the same commands as without the parameter
                continue;
            }
            Sent(tally, where, v, a.New, unrelated);
            tally.Failures.Add($"{where} {HostileStrings.Show(v)} {why}: ids [{string.Join(", ", ids)}] {string.Join(" | ", a.Errors.Select(e => e.Exception.Message)).Replace("\n", "\\n")}; sent [{string.Join(" ;; ", a.New.Select(HostileStrings.Show))}]");
        }
    }

    /// <summary>Counts a value that reached the host other than as one literal word (must never happen).</summary>
    private static void Sent(Tally tally, string where, string value, IReadOnlyList<string> sent, IReadOnlySet<string> baseline)
    {
        if (value.Length == 0) return;
        foreach (var line in sent.Where(l => !baseline.Contains(l)))
        {
            var (words, literal) = ShellWords.Parse(line);
            if (literal && words.Contains(value)) continue; // one literal word (still a failure where it should have been refused)
            if (line.Contains(value, StringComparison.Ordinal) || words.Any(w => w.Contains(value, StringComparison.Ordinal)))
            {
                tally.Unquoted++;
                tally.Failures.Add($"{where}: {HostileStrings.Show(value)} reached the host unquoted: {HostileStrings.Show(line)}");
                return;
            }
        }
    }

    /// <summary>
    /// The hook commands' own arguments: every hostile string (but NUL, refused in <see cref="Probes"/>) as an argument of
    /// the freeze and the thaw of ONE real backup. The transcript must show each as one literal word, the program must run
    /// with exactly those words (no payload runs), and the host must end as it began.
    /// </summary>
    private void HookArguments(Tally tally)
    {
        var args = HostileStrings.All.Select(h => h.Value).Where(v => !v.Contains('\0')).ToArray();
        var before = _f.Session.Transcript.Length;
        var initial = Snapshot();
        var r = _f.Engine.Invoke(
            "param($s, $j, $a) $Error.Clear(); Backup-SvmMirror -Session $s -Mirror d1 -TapeDevice /dev/rmt/0 -SkipCheck -WaitForResync -PollIntervalSeconds 0.05 -JournalPath $j " +
            "-FreezeCommand ([string[]](@('/usr/bin/true') + $a)) -ThawCommand ([string[]](@('/usr/bin/true') + $a)) -Confirm:$false",
            _f.Session, _f.Journal, args);
        foreach (var e in r.Errors) tally.Failures.Add("hook arguments: the backup failed: " + e.FullyQualifiedErrorId + ": " + e.Exception.Message);
        var hooks = _f.Session.Transcript.Skip(before).Select(t => t.Command).Where(c => c.StartsWith("/usr/bin/true ", StringComparison.Ordinal)).ToList();
        if (hooks.Count != 2) tally.Failures.Add($"hook arguments: expected the freeze and the thaw in the transcript, found {hooks.Count}");
        foreach (var (hook, name) in hooks.Zip(new[] { "FreezeCommand", "ThawCommand" }))
        {
            tally.Pairs.Add("Backup-SvmMirror -" + name);
            var (words, literal) = ShellWords.Parse(hook);
            for (var i = 0; i < args.Length; i++)
            {
                tally.Attempts++;
                if (literal && words.Count == args.Length + 1 && words[i + 1] == args[i]) tally.Literal++;
                else
                {
                    tally.Unquoted++;
                    tally.Failures.Add($"hook arguments: -{name} argument {HostileStrings.Show(args[i])} is not one literal word of {HostileStrings.Show(hook)}");
                }
            }
            if (words.Count == 0 || words[0] != "/usr/bin/true") tally.Failures.Add("hook arguments: the hook's program changed: " + HostileStrings.Show(hook));
        }
        var after = Snapshot();
        if (after != initial) tally.Failures.Add($"hook arguments: the simulated host did not end as it began:\n{initial}\n=>\n{after}");
    }

    /// <summary>What a hostile value must not change: write locks, mirror and submirror states, backup markers.</summary>
    private string Snapshot()
    {
        var r = _f.Engine.Invoke(@"param($s)
            @(Get-SvmMirror -Session $s | ForEach-Object { $_.FullName + ' ' + $_.ResyncState + ' ' + (@($_.Submirrors | ForEach-Object { $_.Name + '=' + $_.State }) -join ',') }) +
            @(Get-UfsLock -Session $s | Where-Object { $_.IsWriteLocked } | ForEach-Object { 'write-locked ' + $_.MountPoint })", _f.Session);
        r.AssertNoErrors();
        var markers = Path.Combine(_f.SimulatorPath, "roots", "myhost", "var", "opt", "svmbackup", "runs");
        // A set's folder stays after its last marker goes; a marker is a mirror's folder in it.
        var marked = Directory.Exists(markers) ? Directory.EnumerateDirectories(markers).SelectMany(Directory.EnumerateFileSystemEntries).Select(m => "marker " + Path.GetRelativePath(markers, m)) : Enumerable.Empty<string>();
        return string.Join("\n", r.Output.Select(o => o.ToString()).Concat(marked.Order()));
    }

    private static Attempt ToAttempt(PSObject o)
    {
        static IEnumerable<object> Items(object? v) => v switch
        {
            null => Array.Empty<object>(),
            PSObject p when p.BaseObject is IEnumerable e and not string => Items(e),
            PSObject p => new[] { p.BaseObject },
            IEnumerable e and not string => e.Cast<object?>().Where(x => x != null).Select(x => x is PSObject p ? p.BaseObject : x!),
            _ => new[] { v },
        };
        var errors = Items(o.Properties["Errors"].Value).Select(e => e switch
        {
            ErrorRecord er => er,
            IContainsErrorRecord c => c.ErrorRecord,
            Exception ex => new ErrorRecord(ex, ex.GetType().Name, ErrorCategory.NotSpecified, null),
            _ => new ErrorRecord(new InvalidOperationException(e.ToString()), "Unknown", ErrorCategory.NotSpecified, null),
        }).ToList();
        return new Attempt((string)o.Properties["Label"].Value, errors, Items(o.Properties["New"].Value).Select(x => (string)x).ToList(), Items(o.Properties["Output"].Value).ToList());
    }
}
