using System.Management.Automation;
using SvmBackup.HelpCompiler;
using SvmBackup.Tests.Cmdlets;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Help;

/// <summary>
/// docs/help/*.md against the cmdlets as the hosted engine sees them (Get-Command): every exported cmdlet has a file
/// and every file a cmdlet; parameters, their sets, mandatory, position, pipeline binding, type, aliases and wildcard support match; the
/// compiled MAML gives Get-Help one syntax item per parameter set with that set's parameters.
/// </summary>
public class HelpDriftTests : IClassFixture<ModuleHostFixture>
{
    private static readonly string HelpFolder = Path.Combine(RepoPaths.Root, "docs", "help");

    /// <summary>-Verbose, -ErrorAction...: documented once under ### CommonParameters. -WhatIf/-Confirm get entries, as platyPS writes them.</summary>
    private static readonly HashSet<string> Common = new(typeof(System.Management.Automation.Internal.CommonParameters).GetProperties().Select(p => p.Name), StringComparer.OrdinalIgnoreCase);

    private readonly ModuleHost _host;

    public HelpDriftTests(ModuleHostFixture fixture) => _host = fixture.Host;

    [Fact]
    public void Every_exported_cmdlet_has_a_markdown_file_and_every_file_a_cmdlet()
    {
        var files = Directory.GetFiles(HelpFolder, "*.md").Select(f => Path.GetFileNameWithoutExtension(f)!).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var cmdlets = _host.Module.ExportedCmdlets.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(cmdlets);
        Assert.Equal(cmdlets, files);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Markdown_parameters_match_the_engine(string name)
    {
        var info = (CmdletInfo)_host.Invoke("Get-Command $args[0]", name).Output.Single().BaseObject;
        var help = MarkdownHelpParser.ParseFile(Path.Combine(HelpFolder, name + ".md"));
        var drift = Compare(info, help);
        Assert.True(drift.Count == 0, $"docs/help/{name}.md differs from the cmdlet:\n  " + string.Join("\n  ", drift));
    }

    /// <summary>Every difference, in words a maintainer can act on; empty when the markdown is right.</summary>
    internal static List<string> Compare(CmdletInfo info, CommandHelp help)
    {
        var drift = new List<string>();
        if (help.Name != info.Name) drift.Add($"'# {help.Name}' names another cmdlet than {info.Name}");

        var engineSets = info.ParameterSets.Select(s => s.Name).ToList();
        var docSets = help.ParameterSets.Select(s => s.Name).ToList();
        if (!engineSets.OrderBy(s => s, StringComparer.Ordinal).SequenceEqual(docSets.OrderBy(s => s, StringComparer.Ordinal)))
            drift.Add($"parameter sets: engine [{string.Join(", ", engineSets)}], markdown [{string.Join(", ", docSets)}]");
        var engineDefault = info.ParameterSets.Count > 1 ? info.ParameterSets.Single(s => s.IsDefault).Name : null;
        var docDefault = help.ParameterSets.SingleOrDefault(s => s.IsDefault)?.Name;
        if (engineDefault != docDefault) drift.Add($"default set: engine {engineDefault ?? "(only one)"}, markdown {docDefault ?? "(none marked)"}");

        var engineParams = info.Parameters.Values.Where(p => !Common.Contains(p.Name)).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var docParams = help.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var missing in engineParams.Keys.Except(docParams.Keys)) drift.Add($"-{missing} is not documented");
        foreach (var extra in docParams.Keys.Except(engineParams.Keys)) drift.Add($"-{extra} is documented but is not a parameter");

        foreach (var (pname, doc) in docParams)
        {
            if (!engineParams.TryGetValue(pname, out var meta)) continue;
            if (doc.Type != TypeName(meta.ParameterType)) drift.Add($"-{pname}: Type {doc.Type}, engine {TypeName(meta.ParameterType)}");
            var aliases = meta.Aliases.OrderBy(a => a, StringComparer.Ordinal);
            if (!aliases.SequenceEqual(doc.Aliases.OrderBy(a => a, StringComparer.Ordinal)))
                drift.Add($"-{pname}: Aliases [{string.Join(", ", doc.Aliases)}], engine [{string.Join(", ", meta.Aliases)}]");

            var wildcards = meta.Attributes.OfType<SupportsWildcardsAttribute>().Any();
            if (doc.AcceptsWildcards != wildcards) drift.Add($"-{pname}: Accept wildcard characters {doc.AcceptsWildcards}, engine {wildcards} ([SupportsWildcards])");

            foreach (var set in info.ParameterSets)
            {
                var inSet = set.Parameters.SingleOrDefault(p => p.Name == pname);
                var usage = doc.Usages.FirstOrDefault(u => u.AppliesTo(set.Name));
                if (inSet is null && usage is null) continue;
                if (inSet is null) { drift.Add($"-{pname}: documented in set {set.Name}, where the cmdlet does not have it"); continue; }
                if (usage is null) { drift.Add($"-{pname}: in set {set.Name}, which its Parameter Sets do not list"); continue; }
                int? position = inSet.Position == int.MinValue ? null : inSet.Position;
                if (usage.Required != inSet.IsMandatory) drift.Add($"-{pname} ({set.Name}): Required {usage.Required}, engine {inSet.IsMandatory}");
                if (usage.Position != position) drift.Add($"-{pname} ({set.Name}): Position {usage.Position?.ToString() ?? "Named"}, engine {position?.ToString() ?? "Named"}");
                if (usage.ByValue != inSet.ValueFromPipeline || usage.ByPropertyName != inSet.ValueFromPipelineByPropertyName)
                    drift.Add($"-{pname} ({set.Name}): Accept pipeline input {usage.PipelineInput}, engine {Pipeline(inSet)}");
            }
        }
        return drift;
    }

    /// <summary>The compiled MAML, as Get-Help reads it: one syntax item per set, holding that set's parameters.</summary>
    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Get_Help_syntax_has_each_parameter_set(string name)
    {
        var info = (CmdletInfo)_host.Invoke("Get-Command $args[0]", name).Output.Single().BaseObject;
        var r = _host.Invoke("@((Get-Help -Name $args[0]).syntax.syntaxItem | ForEach-Object { @($_.parameter | ForEach-Object { [string]$_.name }) -join ',' })", name);
        r.AssertNoErrors();
        var items = r.Output.Select(o => string.Join(",", o.ToString().Split(',').OrderBy(p => p, StringComparer.OrdinalIgnoreCase))).OrderBy(s => s, StringComparer.Ordinal).ToList();
        var expected = info.ParameterSets
            .Select(s => string.Join(",", s.Parameters.Select(p => p.Name).Where(p => !Common.Contains(p)).OrderBy(p => p, StringComparer.OrdinalIgnoreCase)))
            .OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, items);
    }

    [Fact]
    public void The_comparison_reports_drift()
    {
        // The check itself must be able to fail: a markdown file with a wrong mandatory flag, a wrong set and a
        // missing parameter against the real Remove-SvmSession.
        var info = (CmdletInfo)_host.Invoke("Get-Command Remove-SvmSession").Output.Single().BaseObject;
        var help = MarkdownHelpParser.ParseFile(Path.Combine(HelpFolder, "Remove-SvmSession.md"));
        Assert.Empty(Compare(info, help));
        var session = help.Parameters.Single(p => p.Name == "Session");
        var wrong = session with { Usages = new[] { session.Usages[0] with { Required = false, PipelineInput = "False" } } };
        var broken = help with { Parameters = help.Parameters.Select(p => p.Name == "Session" ? wrong : p).Where(p => p.Name != "WhatIf").ToList() };
        var drift = Compare(info, broken);
        Assert.Contains(drift, d => d.StartsWith("-Session (__AllParameterSets): Required False, engine True", StringComparison.Ordinal));
        Assert.Contains(drift, d => d.StartsWith("-Session (__AllParameterSets): Accept pipeline input False", StringComparison.Ordinal));
        Assert.Contains("-WhatIf is not documented", drift);
    }

    private static string Pipeline(CommandParameterInfo p) =>
        p.ValueFromPipeline && p.ValueFromPipelineByPropertyName ? "True (ByValue, ByPropertyName)"
        : p.ValueFromPipeline ? "True (ByValue)"
        : p.ValueFromPipelineByPropertyName ? "True (ByPropertyName)"
        : "False";

    /// <summary>platyPS's spelling: the short type name, and T for Nullable&lt;T&gt; (what the user passes).</summary>
    private static string TypeName(Type t) => (Nullable.GetUnderlyingType(t) ?? t).Name;

    public static IEnumerable<object[]> CmdletNames() =>
        Directory.GetFiles(HelpFolder, "*.md").Select(f => new object[] { Path.GetFileNameWithoutExtension(f) }).OrderBy(o => (string)o[0], StringComparer.Ordinal);
}
