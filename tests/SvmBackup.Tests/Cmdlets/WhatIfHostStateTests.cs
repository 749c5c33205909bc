using System.Management.Automation;
using System.Security.Cryptography;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>
/// -WhatIf of every changing cmdlet on a fresh simulated host leaves the host's state exactly as it was (state file,
/// every file and folder: markers, dumps, /etc/dumpdates), returns nothing, and the visible state says so — the same
/// scenarios as pester/WhatIf.Tests.ps1. The other tests check the commands sent; this checks the state.
/// </summary>
public class WhatIfHostStateTests : IClassFixture<ModuleHostFixture>
{
    private const string Interrupted =
        "$null = $sim.Engine.Run('myhost','lockfs',[string[]]@('-w','/home1'),[IO.Stream]::Null,$false,[IO.Stream]::Null,[IO.Stream]::Null); " +
        "$null = $sim.Engine.Run('myhost','metaoffline',[string[]]@('d1','d3'),[IO.Stream]::Null,$false,[IO.Stream]::Null,[IO.Stream]::Null); ";

    /// <summary>Cmdlet -> (state to start from, the -WhatIf call, a read that must give <c>Expected</c>).</summary>
    private static readonly Dictionary<string, (string Setup, string WhatIf, string Read, string Expected)> Scenarios = new()
    {
        ["Lock-UfsFileSystem"] = ("", "Get-SvmMirror -Session $s -Name d1 | Lock-UfsFileSystem -WhatIf", "(Get-UfsLock -Session $s -MountPoint /home1).LockType", "unlock"),
        ["Unlock-UfsFileSystem"] = ("$null = Lock-UfsFileSystem -Session $s -MountPoint /home1", "Unlock-UfsFileSystem -Session $s -MountPoint /home1 -WhatIf", "(Get-UfsLock -Session $s -MountPoint /home1).LockType", "write"),
        ["Disconnect-Submirror"] = ("", "Get-SvmMirror -Session $s -Name d1 | Disconnect-Submirror -Submirror d3 -WhatIf", "(Get-SvmMirror -Session $s -Name d1).Submirrors.State -join ','", "Okay,Okay"),
        ["Connect-Submirror"] = ("$sub = Disconnect-Submirror -Session $s -Mirror d1 -Submirror d3", "$sub | Connect-Submirror -WhatIf", "(Get-SvmMirror -Session $s -Name d1).IsHealthy", "False"),
        ["Test-UfsFileSystem"] = ("$sub = Disconnect-Submirror -Session $s -Mirror d1 -Submirror d3 -Detach", "$sub | Test-UfsFileSystem -Repair -WhatIf", "@($s.Transcript | Where-Object { $_.Command -like '*fsck*' }).Count", "0"),
        ["Invoke-SubmirrorDump"] = ("$sub = Disconnect-Submirror -Session $s -Mirror d1 -Submirror d3", "$sub | Invoke-SubmirrorDump -Destination ([IO.Path]::Combine($work, 'd3.ufsdump')) -UpdateDumpDates -WhatIf", "[IO.File]::Exists([IO.Path]::Combine($work, 'd3.ufsdump'))", "False"),
        ["Backup-SvmMirror"] = ("", "$null = Backup-SvmMirror -Session $s -Mirror d1 -Destination ([IO.Path]::Combine($work, 'd1.ufsdump')) -JournalPath ([IO.Path]::Combine($work, 'journal')) -WhatIf", "[IO.File]::Exists([IO.Path]::Combine($work, 'd1.ufsdump')) -or [IO.Directory]::Exists([IO.Path]::Combine($work, 'journal'))", "False"),
        ["Repair-SvmMirror"] = (Interrupted, "$null = Repair-SvmMirror -Session $s -WhatIf", "(Get-UfsLock -Session $s -MountPoint /home1).LockType + ' ' + (Get-SvmMirror -Session $s -Name d1).IsHealthy", "write False"),
        ["New-SvmSimulator"] = ("", "New-SvmSimulator -Path ([IO.Path]::Combine($work, 'whatif-simulator')) -WhatIf", "[IO.Directory]::Exists([IO.Path]::Combine($work, 'whatif-simulator'))", "False"),
        ["Remove-SvmSession"] = ("", "Remove-SvmSession -Session $s -WhatIf", "[bool](@(Get-SvmSession) -contains $s) -and (Get-SvmMirror -Session $s -Name d1).Name -eq 'd1'", "True"),
    };

    private readonly ModuleHost _host;

    public WhatIfHostStateTests(ModuleHostFixture fixture) => _host = fixture.Host;

    public static IEnumerable<object[]> Cmdlets() => Scenarios.Keys.Select(k => new object[] { k });

    [Fact]
    public void Every_cmdlet_that_supports_ShouldProcess_has_a_scenario()
    {
        var changing = _host.Module.ExportedCmdlets.Values
            .Where(c => c.ImplementingType.GetCustomAttributes(typeof(CmdletAttribute), false).Cast<CmdletAttribute>().Single().SupportsShouldProcess)
            .Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(changing, Scenarios.Keys.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void WhatIf_leaves_the_simulated_host_unchanged(string cmdlet)
    {
        var (setup, whatIf, read, expected) = Scenarios[cmdlet];
        var work = Path.Combine(Path.GetTempPath(), "svm-whatif-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(work);
        try
        {
            // Variables live in the runspace between the calls: setup, snapshot, -WhatIf, snapshot.
            var start = _host.Invoke("param($w) $work = $w; $sim = New-SvmSimulator -Path ([IO.Path]::Combine($work, 'host')); $s = New-SvmSession -Simulator $sim -ComputerName myhost; " + setup, work);
            start.AssertNoErrors();
            var hostState = Path.Combine(work, "host");
            var before = Snapshot(hostState);

            var r = _host.Invoke(whatIf);
            r.AssertNoErrors();
            Assert.Empty(r.Output);

            var after = _host.Invoke(read);
            after.AssertNoErrors();
            Assert.Equal(expected, Assert.Single(after.Output).ToString());
            Assert.Equal(before, Snapshot(hostState));
        }
        finally
        {
            _host.Invoke("Remove-SvmSession -Session $s -Confirm:$false; $s = $sim = $sub = $work = $null");
            try { Directory.Delete(work, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The state file by content, other files by size and time (submirror images are sparse), folders by name.</summary>
    private static string Snapshot(string root)
    {
        var entries = Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p) != "state.lock")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p =>
            {
                var relative = Path.GetRelativePath(root, p);
                if (Directory.Exists(p)) return relative + "/";
                if (Path.GetFileName(p) == "state.json") return relative + " " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p)));
                var info = new FileInfo(p);
                return $"{relative} {info.Length} {info.LastWriteTimeUtc.Ticks}";
            });
        return string.Join("\n", entries);
    }
}
