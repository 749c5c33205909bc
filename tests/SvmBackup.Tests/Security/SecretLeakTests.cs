using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using SvmBackup.Model;
using SvmBackup.Sessions;
using SvmBackup.Tests.Cmdlets;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;
using Xunit.Abstractions;

namespace SvmBackup.Tests.Security;

/// <summary>
/// Secrets and trust over real sshd. Everything the module writes — the host's process list (argv and environment)
/// while it runs, sshd's and sudo's logs, the transcript, every stream of the invocation (output serialized, errors,
/// warning, verbose, debug, information), the journal, the local dump file's metadata — is searched for the password,
/// the key passphrase and the key text (and encodings of the password): zero hits. Unknown and changed host keys are
/// refused by every cmdlet that opens its own connection, before anything runs on the host.
/// </summary>
public class SecretLeakTests : IClassFixture<SshSimulatorFixture>
{
    private const string Node = "myhost";
    private readonly SshSimulatorFixture _f;
    private readonly ITestOutputHelper _out;

    public SecretLeakTests(SshSimulatorFixture fixture, ITestOutputHelper output)
    {
        _f = fixture;
        _out = output;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static SecureString Secure(string text)
    {
        var s = new SecureString();
        foreach (var c in text) s.AppendChar(c);
        s.MakeReadOnly();
        return s;
    }

    private void ShareState() => RigTools.ShareState(_f.Host.StateDirectory);

    private static string RunTool(string tool, params string[] args) => RigTools.RunTool(tool, args);

    /// <summary>A copy of an OpenSSH private key encrypted with <paramref name="passphrase"/> (ssh-keygen -p -N).</summary>
    private static string EncryptedCopy(string keyPath, string passphrase)
    {
        var copy = RigTools.ProtectedCopy(keyPath, passphrase, pem: false);
        Assert.Contains("aes256-ctr", Encoding.ASCII.GetString(Convert.FromBase64String(string.Concat(PemBody(File.ReadAllText(copy))))));
        return copy;
    }

    private static IEnumerable<string> PemBody(string pem) =>
        pem.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal) && !l.Contains(':'));

    /// <summary>Everything the invocation wrote, as text, into the scanner.</summary>
    private static void ScanStreams(SecretScanner scan, string what, AllStreams r)
    {
        for (var i = 0; i < r.Output.Count; i++)
            scan.Scan($"{what}: output[{i}] {r.Output[i].BaseObject.GetType().Name} (PSSerializer depth 5)", PSSerializer.Serialize(r.Output[i], 5));
        for (var i = 0; i < r.Errors.Count; i++)
        {
            var e = r.Errors[i];
            var where = $"{what}: error[{i}] {e.FullyQualifiedErrorId}";
            scan.Scan(where + " ToString", e.ToString());
            scan.Scan(where + " exception", e.Exception.ToString());
            scan.Scan(where + " exception message", e.Exception.Message);
            for (var inner = e.Exception.InnerException; inner != null; inner = inner.InnerException) scan.Scan(where + " inner exception", inner.ToString());
            scan.Scan(where + " details", e.ErrorDetails?.Message);
            scan.Scan(where + " recommended action", e.ErrorDetails?.RecommendedAction);
            scan.Scan(where + " target", e.TargetObject?.ToString());
            scan.Scan(where + " (PSSerializer depth 5)", PSSerializer.Serialize(e, 5));
        }
        foreach (var w in r.Warnings) scan.Scan(what + ": warning", w.Message);
        foreach (var v in r.Verbose) scan.Scan(what + ": verbose", v.Message);
        foreach (var d in r.Debug) scan.Scan(what + ": debug", d.Message);
        foreach (var info in r.Information) scan.Scan(what + ": information", info.MessageData?.ToString() + " " + PSSerializer.Serialize(info, 3));
    }

    /// <summary>Every session reachable from the output (itself, or a Session property of a result).</summary>
    private static IReadOnlyList<SvmSession> SessionsIn(AllStreams r)
    {
        var sessions = new HashSet<SvmSession>();
        foreach (var o in r.Output)
        {
            if (o.BaseObject is SvmSession s) sessions.Add(s);
            if (o.BaseObject.GetType().GetProperty("Session")?.GetValue(o.BaseObject) is SvmSession owned) sessions.Add(owned);
        }
        return sessions.ToList();
    }

    private static void ScanTranscripts(SecretScanner scan, IEnumerable<SvmSession> sessions)
    {
        foreach (var s in sessions)
        {
            scan.Scan($"session {s.Id} ToString", s.ToString());
            foreach (var t in s.Transcript) scan.Scan($"session {s.Id} transcript", t.Command + " | " + t);
        }
    }

    private static void ScanFolder(SecretScanner scan, string what, string dir, bool contents)
    {
        foreach (var f in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories))
        {
            scan.Scan($"{what}: name", f);
            foreach (var (name, value) in ExtendedAttributes.Read(f)) scan.Scan($"{what}: xattr {name} of {Path.GetFileName(f)}", name + "=" + value);
            if (File.Exists(f))
            {
                var info = new FileInfo(f);
                scan.Scan($"{what}: metadata of {info.Name}", $"{info.Length} {info.UnixFileMode} {info.CreationTimeUtc:o} {info.LastWriteTimeUtc:o} {info.LinkTarget}");
                if (contents) scan.ScanFile($"{what}: {info.Name}", f);
            }
        }
    }

    // ---- A1. password login and password sudo -------------------------------------------------------

    [SkippableFact]
    public void Password_login_with_password_sudo_leaves_the_password_nowhere()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        _f.Host.Simulator.UpdateOptions(o => o.ResyncBlocksPerSecond = 1e9);
        ShareState();
        var password = rig.PasswordSudoUserPassword;
        const string wrong = "Wrong-Leak-Pw-8317";
        var scan = new SecretScanner();
        scan.AddSecret("password", password);
        scan.AddSecret("wrong password", wrong);

        var dir = Directory.CreateTempSubdirectory("svm-leak-pw-").FullName;
        var journal = Path.Combine(dir, "journal");
        var dumps = Directory.CreateDirectory(Path.Combine(dir, "dumps")).FullName;
        var sudoLogBefore = rig.SudoLog.Length;
        var sshdLogBefore = rig.SshdLog.Length;
        var c = new PSCredential(rig.PasswordSudoUserName, Secure(password));
        var bad = new PSCredential(rig.PasswordSudoUserName, Secure(wrong));
        AllStreams r;
        using (var engine = new StreamsHost())
        using (var sampler = new RigProcessSampler(rig))
        {
            r = engine.Invoke("""
                param($port, $c, $bad, $kh, $dumps, $j)
                $PSDefaultParameterValues = @{ '*:Verbose' = $true; '*:Debug' = $true }
                $one = @{ ComputerName = '127.0.0.1'; Port = $port; KnownHostsFile = $kh; Elevation = 'Sudo' }
                $s = New-SvmSession @one -Credential $c
                $s
                Test-SvmConnection -Session $s
                Get-SvmMirror -Session $s
                Get-UfsLock -Session $s
                $m = Get-SvmMirror -Session $s -MountPoint /home1
                $lock = $m | Lock-UfsFileSystem
                $lock
                $sub = $m | Disconnect-Submirror -Submirror d3
                $sub
                $lock | Unlock-UfsFileSystem
                $sub | Test-UfsFileSystem
                $sub | Invoke-SubmirrorDump -Destination ([IO.Path]::Combine($dumps, 'step.ufsdump'))
                $sub | Connect-Submirror | Wait-SvmResync -PollIntervalSeconds 0.1
                # The lock script cannot depend on a password (its trap may run after a hang-up): refused.
                Get-SvmMirror -Session $s -Name d1 | Backup-SvmMirror -Destination ([IO.Path]::Combine($dumps, 'refused.ufsdump')) -JournalPath $j
                # One-shot connections with the same credential, and one with a wrong password.
                Get-SvmMirror @one -Credential $c -Name d1
                Test-SvmConnection @one -Credential $c
                Get-UfsLock @one -Credential $bad
                Get-SvmSession
                Remove-SvmSession $s
                """, rig.Port, c, bad, rig.KnownHostsFile, dumps, journal);
            sampler.Stop();
            scan.ScanProcesses(sampler);
            _out.WriteLine($"process list: {sampler.Samples} samples, {sampler.CommandLines.Count} distinct command lines, {sampler.Environments.Count} distinct environments");
            _out.WriteLine("errors: " + string.Join(" | ", r.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message)));
            Assert.Contains(sampler.CommandLines, l => l.Contains("sudo -S", StringComparison.Ordinal)); // the sampler saw the elevated commands
        }

        // The scenario really ran: every cmdlet produced its object; the only errors are the two expected refusals.
        var types = r.Output.Select(o => o.BaseObject.GetType().Name).ToList();
        _out.WriteLine("output: " + string.Join(", ", types));
        foreach (var t in new[] { nameof(SvmSession), nameof(SvmConnectionReport), nameof(SvmMirror), nameof(UfsLock), nameof(SvmSubmirrorSplit), nameof(UfsCheckResult), nameof(SvmDumpResult) })
            Assert.Contains(t, types);
        Assert.Equal(new[] { "AuthenticationFailed", "UnsafeElevation" }, r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).Order(StringComparer.Ordinal));
        Assert.NotEmpty(r.Verbose);

        ScanStreams(scan, "invocation", r);
        var sessions = SessionsIn(r);
        Assert.NotEmpty(sessions);
        Assert.Contains(sessions, s => s.Transcript.Any(t => t.Command.StartsWith("/usr/bin/sudo -S ", StringComparison.Ordinal)));
        ScanTranscripts(scan, sessions);
        // Password sudo is refused before the preflight, so the refused backup writes no journal; any there is searched.
        Assert.False(Directory.Exists(journal) && Directory.EnumerateFiles(journal).Any(), "a backup refused up front left a journal");
        if (Directory.Exists(journal)) ScanFolder(scan, "journal", journal, contents: true);
        Assert.True(new FileInfo(Path.Combine(dumps, "step.ufsdump")).Length > 0);
        ScanFolder(scan, "dump folder", dumps, contents: false);
        var sshd = rig.SshdLog[sshdLogBefore..];
        Assert.Contains("Accepted password for " + rig.PasswordSudoUserName, sshd);
        scan.Scan("sshd log", sshd);
        var sudo = rig.SudoLog[sudoLogBefore..];
        Assert.Contains(rig.PasswordSudoUserName + " : ", sudo); // sudo logged the elevated commands of this login
        scan.Scan("sudo log", sudo);
        scan.ScanFile("sudo log file", rig.SudoLogFile);

        _out.WriteLine($"searched {scan.Texts} texts ({scan.Chars} characters) for {scan.NeedleCount} needles: {scan.Hits.Count} hits");
        foreach (var h in scan.Hits) _out.WriteLine("HIT " + h);
        Assert.Empty(scan.Hits);
        Directory.Delete(dir, true);
    }

    // ---- A2. encrypted key text with its passphrase, full backup -------------------------------------

    [SkippableFact]
    public void Encrypted_key_text_and_its_passphrase_leave_no_trace_in_a_full_backup()
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        _f.Host.Simulator.UpdateOptions(o => o.ResyncBlocksPerSecond = 1e9);
        ShareState();
        const string passphrase = "Leak-Key-Pass-5521";
        const string wrongPassphrase = "Not-The-Leak-Pass-77";
        var keyFile = EncryptedCopy(rig.UserKeyPath, passphrase);
        var keyText = File.ReadAllText(keyFile);
        File.Delete(keyFile); // only the text is given to the module
        var scan = new SecretScanner();
        scan.AddSecret("passphrase", passphrase);
        scan.AddSecret("wrong passphrase", wrongPassphrase);
        scan.AddKeyText("encrypted key text", keyText);
        scan.AddKeyText("decrypted key", File.ReadAllText(rig.UserKeyPath));

        var dir = Directory.CreateTempSubdirectory("svm-leak-key-").FullName;
        var journal = Path.Combine(dir, "journal");
        var dumps = Directory.CreateDirectory(Path.Combine(dir, "dumps")).FullName;
        var sudoLogBefore = rig.SudoLog.Length;
        var sshdLogBefore = rig.SshdLog.Length;
        AllStreams r;
        using (var engine = new StreamsHost())
        using (var sampler = new RigProcessSampler(rig))
        {
            r = engine.Invoke("""
                param($port, $user, $kt, $kp, $wrong, $kh, $dumps, $j)
                $PSDefaultParameterValues = @{ '*:Verbose' = $true; '*:Debug' = $true }
                $one = @{ ComputerName = '127.0.0.1'; Port = $port; KnownHostsFile = $kh; Elevation = 'Sudo'; UserName = $user; KeyText = $kt }
                $s = New-SvmSession @one -KeyPassphrase $kp
                $s
                Get-SvmMirror -Session $s -Name d1 | Backup-SvmMirror -Destination ([IO.Path]::Combine($dumps, 'session.ufsdump')) -JournalPath $j -WaitForResync -PollIntervalSeconds 0.1
                Backup-SvmMirror @one -KeyPassphrase $kp d1 -Destination ([IO.Path]::Combine($dumps, 'oneshot.ufsdump')) -JournalPath $j -WaitForResync -PollIntervalSeconds 0.1
                Get-SvmMirror @one -KeyPassphrase $wrong
                Remove-SvmSession $s
                """, rig.Port, rig.UserName, Secure(keyText), Secure(passphrase), Secure(wrongPassphrase), rig.KnownHostsFile, dumps, journal);
            sampler.Stop();
            scan.ScanProcesses(sampler);
            _out.WriteLine($"process list: {sampler.Samples} samples, {sampler.CommandLines.Count} distinct command lines, {sampler.Environments.Count} distinct environments");
            _out.WriteLine("errors: " + string.Join(" | ", r.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message)));
            Assert.Contains(sampler.CommandLines, l => l.Contains("ufsdump", StringComparison.Ordinal));
        }

        _out.WriteLine("output: " + string.Join(", ", r.Output.Select(o => o.BaseObject.GetType().Name)));
        var results = r.Output.Select(o => o.BaseObject).OfType<SvmBackupResult>().ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, b => Assert.Equal("Succeeded", b.Status));
        Assert.All(results, b => Assert.True(new FileInfo(b.Target).Length > 0));
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("ConnectionFailed,", e.FullyQualifiedErrorId);
        Assert.Contains("passphrase", e.Exception.Message, StringComparison.OrdinalIgnoreCase);

        ScanStreams(scan, "invocation", r);
        ScanTranscripts(scan, SessionsIn(r));
        Assert.Equal(2, Directory.EnumerateFiles(journal).Count());
        ScanFolder(scan, "journal", journal, contents: true);
        ScanFolder(scan, "dump folder", dumps, contents: false);
        var sshd = rig.SshdLog[sshdLogBefore..];
        Assert.Contains("Accepted publickey for " + rig.UserName, sshd);
        scan.Scan("sshd log", sshd);
        var sudo = rig.SudoLog[sudoLogBefore..];
        Assert.Contains(rig.UserName + " : ", sudo);
        scan.Scan("sudo log", sudo);

        _out.WriteLine($"searched {scan.Texts} texts ({scan.Chars} characters) for {scan.NeedleCount} needles: {scan.Hits.Count} hits");
        foreach (var h in scan.Hits) _out.WriteLine("HIT " + h);
        Assert.Empty(scan.Hits);
        Directory.Delete(dir, true);
    }

    // ---- A3. host keys in every one-shot cmdlet ------------------------------------------------------

    /// <summary>Values for the mandatory parameters of a one-shot call, and what a cmdlet needs besides (a target).</summary>
    private static readonly Dictionary<string, object> ParameterValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Mirror"] = "d1", ["Name"] = "d1", ["MountPoint"] = "/home1", ["Submirror"] = "d3", ["RunId"] = "20250101T000000Z-0123abcd",
        ["TapeDevice"] = "/dev/rmt/0n", ["SplitMethod"] = "Offline",
    };

    private static readonly Dictionary<string, string[]> Extra = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Backup-SvmMirror"] = ["Mirror", "TapeDevice"],
        ["Invoke-SubmirrorDump"] = ["Submirror", "SplitMethod", "TapeDevice"],
        ["Test-UfsFileSystem"] = ["Submirror", "SplitMethod"],
    };

    private static string ImpostorKnownHosts(SshdRig rig)
    {
        var dir = Directory.CreateTempSubdirectory("svm-leak-impostor-").FullName;
        var sb = new StringBuilder();
        foreach (var t in new[] { "ed25519", "rsa" })
        {
            var k = Path.Combine(dir, t);
            RunTool("ssh-keygen", "-q", "-t", t, "-N", "", "-f", k);
            var parts = File.ReadAllText(k + ".pub").Trim().Split(' ');
            sb.Append($"[127.0.0.1]:{rig.Port} {parts[0]} {parts[1]}\n");
        }
        var kh = Path.Combine(dir, "known_hosts");
        File.WriteAllText(kh, sb.ToString());
        return kh;
    }

    /// <summary>The part of sshd's log written since <paramref name="from"/>, once sshd logged the end of <paramref name="connections"/> connections.</summary>
    private static string LogSince(SshdRig rig, int from, int connections)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var text = rig.SshdLog[from..];
            var closed = text.Split('\n').Count(l => l.Contains("Connection closed by", StringComparison.Ordinal) || l.Contains("Disconnected from", StringComparison.Ordinal) ||
                                                     l.Contains("Connection reset by", StringComparison.Ordinal));
            if (closed >= connections || sw.Elapsed > TimeSpan.FromSeconds(10)) return text;
            Thread.Sleep(50);
        }
    }

    [SkippableTheory]
    [InlineData("HostKeyUnknown")]
    [InlineData("HostKeyMismatch")]
    public void Every_cmdlet_that_opens_its_own_connection_refuses_the_host_key_before_anything_runs(string expected)
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        string kh;
        if (expected == "HostKeyUnknown")
        {
            kh = Path.Combine(Directory.CreateTempSubdirectory("svm-leak-empty-").FullName, "known_hosts");
            File.WriteAllText(kh, "");
        }
        else kh = ImpostorKnownHosts(rig);
        var knownHostsBefore = File.ReadAllText(kh);
        using var engine = new StreamsHost();

        // The cmdlets with a one-shot (-ComputerName) parameter set, and that set's mandatory parameters.
        var listing = engine.Invoke("""
            Get-Command -Module SvmBackup -CommandType Cmdlet | ForEach-Object {
                # One-shot: the set that takes -ComputerName with the connection options (Get-SvmSession's filter set does not).
                $set = $_.ParameterSets | Where-Object { $_.Name -eq 'ComputerName' -and $_.Parameters.Name -contains 'KnownHostsFile' }
                if ($set) { $_.Name + '|' + (($set.Parameters | Where-Object IsMandatory | ForEach-Object Name) -join ',') }
            }
            """);
        listing.AssertNoErrors();
        var cmdlets = listing.Output.Select(o => (string)o.BaseObject).Select(l => (Name: l.Split('|')[0], Mandatory: l.Split('|')[1].Split(',', StringSplitOptions.RemoveEmptyEntries))).ToList();
        _out.WriteLine($"{cmdlets.Count} cmdlets with a one-shot -ComputerName parameter set: {string.Join(", ", cmdlets.Select(c => c.Name))}");
        Assert.True(cmdlets.Count >= 12, "expected every host cmdlet to have a one-shot parameter set");

        // Positive control: with the right known_hosts the same one-shot call logs in (and sshd logs it).
        var before = rig.SshdLog.Length;
        var ok = engine.Invoke("param($port, $key, $kh) Get-SvmMirror -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh -Name d1", rig.Port, rig.RootKeyPath, rig.KnownHostsFile);
        ok.AssertNoErrors();
        Assert.Contains("Accepted publickey for root", LogSince(rig, before, 1));

        var calls = new List<(string Name, Hashtable Parameters)>();
        foreach (var (name, mandatory) in cmdlets)
        {
            var p = new Hashtable(StringComparer.OrdinalIgnoreCase)
            {
                ["ComputerName"] = "127.0.0.1", ["Port"] = rig.Port, ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath, ["KnownHostsFile"] = kh,
            };
            foreach (var m in mandatory.Concat(Extra.GetValueOrDefault(name, [])).Where(m => !p.ContainsKey(m)))
            {
                Assert.True(ParameterValues.TryGetValue(m, out var v), $"{name}: no test value for mandatory parameter -{m}");
                p[m] = v;
            }
            calls.Add((name, p));
        }
        // New-SvmSession opens connections too (parameter set Ssh).
        calls.Add(("New-SvmSession", new Hashtable { ["ComputerName"] = "127.0.0.1", ["Port"] = rig.Port, ["UserName"] = "root", ["KeyFile"] = rig.RootKeyPath, ["KnownHostsFile"] = kh }));

        // Each cmdlet with one host (the refusal ends the command) and with two (each refusal is its own error).
        var refused = 0;
        foreach (var (name, p) in calls)
        foreach (var hosts in new[] { 1, 2 })
        {
            var call = new Hashtable(p) { ["ComputerName"] = Enumerable.Repeat("127.0.0.1", hosts).ToArray() };
            var from = rig.SshdLog.Length;
            var sw = Stopwatch.StartNew();
            var r = engine.Invoke("param($name, $p) & $name @p", name, call);
            var log = LogSince(rig, from, hosts);
            var ids = r.Errors.Select(e => e.FullyQualifiedErrorId).Concat(r.Output.Select(o => o.BaseObject).OfType<SvmConnectionReport>().SelectMany(x => x.Problems.Select(y => y.Split(':')[0]))).ToList();
            _out.WriteLine($"{name} ({hosts} host{(hosts > 1 ? "s" : "")}): {string.Join(" | ", ids)} ({sw.ElapsedMilliseconds} ms)");
            if (name == "Test-SvmConnection")
            {
                // Test-SvmConnection answers with a report, never an error (documented: an unreachable host is the
                // answer asked for); the refusal and its id are in the report's problems.
                Assert.Empty(r.Errors);
                Assert.Equal(hosts, r.Output.Count);
                foreach (var report in r.Output.Select(o => Assert.IsType<SvmConnectionReport>(o.BaseObject)))
                {
                    Assert.False(report.Reachable);
                    Assert.True(report.Problems.Single().StartsWith(expected + ":", StringComparison.Ordinal), $"{name}: {report.Problems.Single()}");
                }
            }
            else
            {
                Assert.True(r.Output.Count == 0, $"{name} wrote output: {string.Join(", ", r.Output)}");
                Assert.Equal(hosts, r.Errors.Count);
                foreach (var e in r.Errors)
                {
                    Assert.True(e.FullyQualifiedErrorId.StartsWith(expected + ",", StringComparison.Ordinal), $"{name}: {e.FullyQualifiedErrorId}: {e.Exception.Message}");
                    Assert.Equal(ErrorCategory.SecurityError, e.CategoryInfo.Category);
                }
            }
            // The connections reached sshd and ended before authentication: nothing can have run.
            Assert.Equal(hosts, log.Split('\n').Count(l => l.Contains("[preauth]", StringComparison.Ordinal) && (l.Contains("closed", StringComparison.Ordinal) || l.Contains("Disconnected", StringComparison.Ordinal) || l.Contains("reset", StringComparison.Ordinal))));
            Assert.DoesNotContain("Accepted ", log);
            Assert.DoesNotContain("session opened", log);
            refused += hosts;
        }
        Assert.Equal(knownHostsBefore, File.ReadAllText(kh));
        _out.WriteLine($"{calls.Count} cmdlets, {refused} connections refused with {expected} before authentication; known_hosts unchanged");
    }

    [SkippableTheory]
    [InlineData("HostKeyUnknown")]
    [InlineData("HostKeyMismatch")]
    public async Task A_session_that_reconnects_checks_the_host_key_again_and_names_the_refusal(string expected)
    {
        var rig = _f.Rig(Node, SshdProfile.Modern);
        var kh = Path.Combine(Directory.CreateTempSubdirectory("svm-leak-rekey-").FullName, "known_hosts");
        File.Copy(rig.KnownHostsFile, kh);
        using var engine = new StreamsHost();
        var open = engine.Invoke("param($port, $key, $kh) New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh", rig.Port, rig.RootKeyPath, kh);
        open.AssertNoErrors();
        var s = Assert.IsType<SvmSession>(Assert.Single(open.Output).BaseObject);
        try
        {
            // The connection drops (sshd's session processes for root die) and the host now shows a key the client does not trust.
            foreach (var p in rig.ListProcesses().Where(p => p.Name.StartsWith("sshd", StringComparison.Ordinal) && p.CommandLine.Contains("sshd: root", StringComparison.Ordinal)))
                rig.KillProcess(p.Pid);
            for (var i = 0; i < 200 && s.State == "Opened"; i++) await Task.Delay(50);
            Assert.NotEqual("Opened", s.State);
            File.WriteAllText(kh, expected == "HostKeyUnknown" ? "" : File.ReadAllText(ImpostorKnownHosts(rig)));
            var before = s.Transcript.Length;
            var from = rig.SshdLog.Length;

            // A status read would reconnect (safe to redo), but the new connection's host key is verified like the first.
            var r = engine.Invoke("param($s) Get-SvmMirror -Session $s", s);
            var log = LogSince(rig, from, 1);
            _out.WriteLine("errors: " + string.Join(" | ", r.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message)));
            Assert.Empty(r.Output);
            var e = Assert.Single(r.Errors);
            Assert.StartsWith(expected + ",", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.SecurityError, e.CategoryInfo.Category);
            Assert.DoesNotContain("Accepted ", log);
            Assert.DoesNotContain(r.Warnings, w => w.Message.Contains("reconnected", StringComparison.Ordinal));
            Assert.All(s.Transcript.Skip(before), t => Assert.Null(t.ExitCode)); // nothing ran
        }
        finally { s.Dispose(); }
    }
}

/// <summary>Searches texts for secrets and their encodings; every hit is recorded with where it was found.</summary>
internal sealed class SecretScanner
{
    private readonly List<(string Label, string Needle)> _needles = new();

    public List<string> Hits { get; } = new();
    public int Texts { get; private set; }
    public long Chars { get; private set; }
    public int NeedleCount => _needles.Count;

    /// <summary>The secret, base64 of its UTF-8 and UTF-16LE bytes, and its UTF-16LE bytes (as they appear in a byte-wise read).</summary>
    public void AddSecret(string label, string secret)
    {
        _needles.Add((label, secret));
        _needles.Add((label + " (base64 of UTF-8)", Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)).TrimEnd('=')));
        _needles.Add((label + " (base64 of UTF-16LE)", Convert.ToBase64String(Encoding.Unicode.GetBytes(secret)).TrimEnd('=')));
        _needles.Add((label + " (UTF-16LE)", Encoding.Latin1.GetString(Encoding.Unicode.GetBytes(secret))));
    }

    /// <summary>Each body line of a PEM/OpenSSH key (16 characters or more: shorter tails could match by chance).</summary>
    public void AddKeyText(string label, string pem)
    {
        var i = 0;
        foreach (var line in pem.Split('\n').Select(l => l.Trim()))
        {
            if (line.Length < 16 || line.StartsWith("-----", StringComparison.Ordinal) || line.Contains(':')) continue;
            _needles.Add(($"{label} (line {++i})", line));
        }
        Assert.True(i > 0, label + ": no key lines");
    }

    public void Scan(string where, string? text)
    {
        if (text == null) return;
        Texts++;
        Chars += text.Length;
        foreach (var (label, needle) in _needles)
            if (text.Contains(needle, StringComparison.Ordinal)) Hits.Add($"{label} in {where}");
    }

    /// <summary>The file's bytes, one character per byte (so UTF-16 text is searched as such too).</summary>
    public void ScanFile(string where, string path) => Scan(where, Encoding.Latin1.GetString(File.ReadAllBytes(path)));

    public void ScanProcesses(RigProcessSampler sampler)
    {
        foreach (var l in sampler.CommandLines) Scan("rig process argv", l);
        foreach (var e in sampler.Environments) Scan("rig process environment", e);
    }
}

/// <summary>Samples a rig's process list (argv and environment of every process) on a thread until stopped.</summary>
internal sealed class RigProcessSampler : IDisposable
{
    private readonly SshdRig _rig;
    private readonly Thread _thread;
    private volatile bool _stop;

    public RigProcessSampler(SshdRig rig)
    {
        _rig = rig;
        _thread = new Thread(Loop) { IsBackground = true, Name = "rig process sampler" };
        _thread.Start();
    }

    public HashSet<string> CommandLines { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Environments { get; } = new(StringComparer.Ordinal);
    public int Samples { get; private set; }

    private void Loop()
    {
        while (!_stop)
        {
            foreach (var p in _rig.ListProcesses())
            {
                lock (CommandLines) CommandLines.Add(p.CommandLine);
                try
                {
                    var env = File.ReadAllText($"/proc/{p.Pid}/environ").Replace('\0', '\n');
                    lock (Environments) Environments.Add(env);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            Samples++;
            Thread.Sleep(5);
        }
    }

    public void Stop()
    {
        _stop = true;
        _thread.Join();
    }

    public void Dispose() => Stop();
}

/// <summary>Extended attributes of a file (Linux llistxattr/lgetxattr).</summary>
internal static class ExtendedAttributes
{
    [DllImport("libc", SetLastError = true)]
    private static extern nint llistxattr(string path, byte[]? list, nint size);

    [DllImport("libc", SetLastError = true)]
    private static extern nint lgetxattr(string path, string name, byte[]? value, nint size);

    public static IEnumerable<(string Name, string Value)> Read(string path)
    {
        var size = llistxattr(path, null, 0);
        if (size <= 0) yield break;
        var list = new byte[size];
        size = llistxattr(path, list, size);
        if (size <= 0) yield break;
        foreach (var name in Encoding.UTF8.GetString(list, 0, (int)size).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var n = lgetxattr(path, name, null, 0);
            var value = n > 0 ? new byte[n] : [];
            if (n > 0) n = lgetxattr(path, name, value, n);
            yield return (name, n > 0 ? Encoding.Latin1.GetString(value, 0, (int)n) : "");
        }
    }
}
