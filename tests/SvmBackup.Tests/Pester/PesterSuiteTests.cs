using System.Management.Automation;
using System.Management.Automation.Language;
using SvmBackup.Tests.Cmdlets;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Pester;

/// <summary>
/// Keeps the Pester suite correct on machines without pwsh or Pester: it parses, its expected parameter lists equal
/// the real cmdlets' (from Get-Command in the engine, the module imported as a user would), its -WhatIf tests cover
/// exactly the cmdlets that support ShouldProcess, and it uses only Pester 5 constructs. Each check is also shown to
/// fail on a broken copy of the suite.
/// </summary>
public class PesterSuiteTests : IClassFixture<ModuleHostFixture>
{
    private static string ParametersFile => Path.Combine(PesterSuite.Folder, "Parameters.Tests.ps1");
    private static string WhatIfFile => Path.Combine(PesterSuite.Folder, "WhatIf.Tests.ps1");

    private readonly ModuleHost _host;

    public PesterSuiteTests(ModuleHostFixture fixture) => _host = fixture.Host;

    public static IEnumerable<object[]> SuiteFiles() => PesterSuite.Files().Select(f => new object[] { Path.GetFileName(f) });

    [Fact]
    public void The_suite_has_its_files()
    {
        Assert.Equal(new[] { "Help.Tests.ps1", "Parameters.Tests.ps1", "Readme.Tests.ps1", "SvmBackup.Tests.ps1", "WhatIf.Tests.ps1" },
            PesterSuite.Files().Select(Path.GetFileName));
    }

    [Theory]
    [MemberData(nameof(SuiteFiles))]
    public void Parses_without_syntax_errors_and_uses_only_Pester_5(string file)
    {
        var ast = PesterSuite.Parse(Path.Combine(PesterSuite.Folder, file), out var errors);
        Assert.True(errors.Length == 0, string.Join(" | ", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}")));
        var violations = PesterSuite.Pester5Violations(ast);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    /// <summary>Every call of a module cmdlet in the suite binds its named parameters (a typo would fail only under Pester).</summary>
    [Theory]
    [MemberData(nameof(SuiteFiles))]
    public void Module_cmdlet_calls_name_existing_parameters(string file)
    {
        var problems = BindingProblems(Path.Combine(PesterSuite.Folder, file));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Every error the engine's static binder reports for a call of a module cmdlet in the file (unknown or ambiguous parameter, too many positional arguments...).</summary>
    private List<string> BindingProblems(string file)
    {
        var r = _host.Invoke(@"
            param($file, $names)
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$null, [ref]$null)
            $calls = $ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] -and $names -contains $a.GetCommandName() }, $true)
            foreach ($call in $calls) {
                $binding = [System.Management.Automation.Language.StaticParameterBinder]::BindCommand($call, $true)
                foreach ($e in $binding.BindingExceptions.GetEnumerator()) {
                    $id = $e.Value.BindingException.ErrorId
                    'line {0}: {1} -{2}: {3}' -f $call.Extent.StartLineNumber, $call.GetCommandName(), $e.Key, $id
                }
            }", file, _host.Module.ExportedCmdlets.Keys.ToArray());
        r.AssertNoErrors();
        return r.Output.Select(o => o.ToString()).ToList();
    }

    [Fact]
    public void The_binding_check_fails_on_a_parameter_a_cmdlet_does_not_have()
    {
        var copy = Path.Combine(Path.GetTempPath(), "pester-binding-" + Guid.NewGuid().ToString("N")[..8] + ".Tests.ps1");
        File.WriteAllText(copy, File.ReadAllText(WhatIfFile).Replace("Get-UfsLock -Session $s -MountPoint /home1", "Get-UfsLock -Session $s -MountPath /home1", StringComparison.Ordinal));
        try
        {
            Assert.Contains(BindingProblems(copy), p => p.Contains("Get-UfsLock -MountPath: NamedParameterNotFound", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void Expected_parameters_equal_the_real_cmdlets_parameters()
    {
        var ast = PesterSuite.Parse(ParametersFile, out _);
        var d = PesterSuite.Differences("parameter", PesterSuite.DiscoveryTable(ast, "ExpectedParameters"), ActualParameters());
        Assert.True(d.Count == 0, string.Join(Environment.NewLine, d));
    }

    [Fact]
    public void Expected_parameter_sets_equal_the_real_cmdlets_parameter_sets()
    {
        var ast = PesterSuite.Parse(ParametersFile, out _);
        var d = PesterSuite.Differences("parameter set", PesterSuite.DiscoveryTable(ast, "ExpectedParameterSets"), ActualParameterSets());
        Assert.True(d.Count == 0, string.Join(Environment.NewLine, d));
    }

    /// <summary>The comparison fails when the expected lists drift from the module (here: the file edited in memory).</summary>
    [Theory]
    [InlineData("ExpectedParameters", "@('Quiet', 'Session',", "@('Session',", "Test-SvmConnection: parameter Quiet is not in the expected list")]
    [InlineData("ExpectedParameters", "'New-SvmSimulator' = @('Path', 'Topology', 'Resident')", "'New-SvmSimulator' = @('Path', 'Topology', 'Resident', 'Force')", "New-SvmSimulator: expected parameter Force does not exist")]
    [InlineData("ExpectedParameters", "'Remove-SvmSession' = @('Session')", "'Remove-SvmSession' = @('session')", "Remove-SvmSession: parameter Session is not in the expected list")]
    [InlineData("ExpectedParameters", "'Get-SvmSession' = @('Id', 'Name', 'ComputerName')", "", "Get-SvmSession: no expected parameter")]
    [InlineData("ExpectedParameterSets", "'New-SvmSession'         = @('Ssh', 'Simulator')", "'New-SvmSession'         = @('Ssh')", "New-SvmSession: parameter set Simulator is not in the expected list")]
    public void A_drifted_expected_list_fails(string table, string find, string replace, string expected)
    {
        var text = File.ReadAllText(ParametersFile);
        Assert.Contains(find, text);
        var ast = PesterSuite.ParseText(text.Replace(find, replace, StringComparison.Ordinal));
        var actual = table == "ExpectedParameters" ? ActualParameters() : ActualParameterSets();
        Assert.Contains(expected, PesterSuite.Differences(table == "ExpectedParameters" ? "parameter" : "parameter set", PesterSuite.DiscoveryTable(ast, table), actual));
    }

    [Fact]
    public void WhatIf_tests_cover_exactly_the_cmdlets_that_support_ShouldProcess()
    {
        var covered = PesterSuite.CommandsRunWithWhatIf(PesterSuite.Parse(WhatIfFile, out _));
        Assert.Equal(ShouldProcessCmdlets(), covered.OrderBy(c => c, StringComparer.Ordinal));
    }

    [Fact]
    public void A_missing_WhatIf_test_fails_the_coverage_check()
    {
        var text = File.ReadAllText(WhatIfFile);
        const string call = "New-SvmSimulator -Path $path -WhatIf";
        Assert.Contains(call, text);
        var covered = PesterSuite.CommandsRunWithWhatIf(PesterSuite.ParseText(text.Replace(call, "New-SvmSimulator -Path $path -WhatIf:$false", StringComparison.Ordinal)));
        Assert.NotEqual(ShouldProcessCmdlets(), covered.OrderBy(c => c, StringComparer.Ordinal));
        Assert.DoesNotContain("New-SvmSimulator", covered);
    }

    [Theory]
    [InlineData("It 'x' { 1 | Should Be 1 }", "Pester 4 syntax")]
    [InlineData("It 'x' { Assert-MockCalled Get-Date -Times 1 }", "Assert-MockCalled is not Pester 5")]
    [InlineData("It 'x' { 1 | Should -Equal 1 }", "Should -Equal is not a Pester 5 parameter")]
    [InlineData("It 'x' -ForEach $Late { $true | Should -BeTrue }", "$Late is not set in BeforeDiscovery")]
    [InlineData("$x = Get-Command Get-SvmMirror", "runs at discovery")]
    [InlineData("It 'x' { Invoke-WebRequest https://example.com }", "reaches the network")]
    public void The_Pester_5_check_fails_on_older_or_misplaced_constructs(string bad, string expected)
    {
        var text = File.ReadAllText(WhatIfFile).Replace(
            "Describe '-WhatIf changes nothing on a fresh simulated host' {",
            "Describe '-WhatIf changes nothing on a fresh simulated host' {\n    " + bad, StringComparison.Ordinal);
        var violations = PesterSuite.Pester5Violations(PesterSuite.ParseText(text));
        Assert.Contains(violations, v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_Pester_5_check_requires_the_Requires_line()
    {
        var text = File.ReadAllText(WhatIfFile).Replace("ModuleVersion = '5.1'", "ModuleVersion = '4.10'", StringComparison.Ordinal);
        Assert.Contains(PesterSuite.Pester5Violations(PesterSuite.ParseText(text)), v => v.Contains("#Requires", StringComparison.Ordinal));
    }

    private IReadOnlyList<string> ShouldProcessCmdlets() =>
        Exported().Where(c => c.ImplementingType.GetCustomAttributes(typeof(CmdletAttribute), false).Cast<CmdletAttribute>().Single().SupportsShouldProcess)
            .Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();

    private IReadOnlyDictionary<string, string[]> ActualParameters() =>
        Exported().ToDictionary(c => c.Name, c => c.Parameters.Keys.Where(k => !Common.Contains(k)).ToArray(), StringComparer.Ordinal);

    private IReadOnlyDictionary<string, string[]> ActualParameterSets() =>
        Exported().ToDictionary(c => c.Name, c => c.ParameterSets.Select(s => s.Name).ToArray(), StringComparer.Ordinal);

    private IEnumerable<CmdletInfo> Exported() =>
        _host.Module.ExportedCmdlets.Keys.Select(n => (CmdletInfo)_host.Invoke("Get-Command -Name $args[0]", n).Output.Single().BaseObject);

    /// <summary>What the Pester file leaves out too: the engine's common parameters and -WhatIf/-Confirm.</summary>
    private static readonly HashSet<string> Common = new(PSCmdlet.CommonParameters.Concat(PSCmdlet.OptionalCommonParameters), StringComparer.OrdinalIgnoreCase);
}
