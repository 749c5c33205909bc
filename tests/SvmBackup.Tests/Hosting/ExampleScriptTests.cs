using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using SvmBackup.Tests.Cmdlets;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Hosting;

/// <summary>
/// Every script in examples/ (the simulated walk-throughs and the runbooks for Azure Automation and a scheduler) parses
/// with the PowerShell parser, and every SvmBackup-looking command it calls is one the BUILT module exports: a renamed
/// or misspelt cmdlet in an example fails here, not in someone's nightly job.
/// </summary>
public class ExampleScriptTests : IClassFixture<ModuleHostFixture>
{
    private static readonly Regex ModuleLike = new(@"^[A-Za-z]+-(Svm|Ufs)|Submirror", RegexOptions.CultureInvariant);
    private readonly ModuleHost _host;

    public ExampleScriptTests(ModuleHostFixture fixture) => _host = fixture.Host;

    private static List<string> ScriptNames() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "examples"), "*.ps1").Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal).ToList();

    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var f in ScriptNames()) data.Add(f);
        return data;
    }

    [Fact]
    public void The_runbook_examples_are_there()
    {
        var names = ScriptNames();
        Assert.Contains("Invoke-SvmBackup.AzureAutomation.ps1", names);
        Assert.Contains("Invoke-SvmBackup.Scheduled.ps1", names);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Parses_and_calls_only_commands_the_module_exports(string file)
    {
        var ast = Parser.ParseFile(Path.Combine(RepoPaths.Root, "examples", file), out _, out var errors);
        Assert.True(errors.Length == 0, file + ": " + string.Join(" | ", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}")));

        var called = ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>().Select(c => c.GetCommandName()).Where(n => n != null && ModuleLike.IsMatch(n)).Distinct().ToList();
        Assert.NotEmpty(called);
        var exported = _host.Module.ExportedCmdlets.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = called.Where(n => !exported.Contains(n!)).ToList();
        Assert.True(unknown.Count == 0, file + " calls commands the module does not export: " + string.Join(", ", unknown));

        // Parameters given by name to module cmdlets exist on them (or are common parameters), splats aside.
        foreach (var c in ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>().Where(c => c.GetCommandName() is { } n && exported.Contains(n)))
        {
            var info = _host.Module.ExportedCmdlets[exported.First(e => string.Equals(e, c.GetCommandName(), StringComparison.OrdinalIgnoreCase))];
            foreach (var p in c.CommandElements.OfType<CommandParameterAst>())
                Assert.True(info.Parameters.Keys.Any(k => k.StartsWith(p.ParameterName, StringComparison.OrdinalIgnoreCase)) || info.Parameters.Values.Any(v => v.Aliases.Contains(p.ParameterName, StringComparer.OrdinalIgnoreCase)),
                    $"{file} line {p.Extent.StartLineNumber}: {info.Name} has no parameter -{p.ParameterName}");
        }
    }
}
