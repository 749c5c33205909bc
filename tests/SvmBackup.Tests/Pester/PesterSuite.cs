using System.Collections;
using System.Management.Automation.Language;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Pester;

/// <summary>
/// Reads the Pester suite (pester/*.Tests.ps1) with PowerShell's own parser, for checks that keep it correct where
/// Pester cannot run: its data, what it covers, and that it is written for Pester 5.
/// </summary>
public static class PesterSuite
{
    public static string Folder => Path.Combine(RepoPaths.Root, "pester");

    public static IEnumerable<string> Files() => Directory.GetFiles(Folder, "*.Tests.ps1").OrderBy(f => f, StringComparer.Ordinal);

    public static ScriptBlockAst Parse(string file, out ParseError[] errors) => Parser.ParseFile(file, out _, out errors);

    /// <summary>Parses text that must be free of syntax errors.</summary>
    public static ScriptBlockAst ParseText(string text)
    {
        var ast = Parser.ParseInput(text, out _, out var errors);
        Assert.True(errors.Length == 0, "syntax errors: " + string.Join(" | ", errors.Select(e => e.Message)));
        return ast;
    }

    /// <summary>The blocks of a Pester keyword (BeforeDiscovery, Describe...) anywhere in the file.</summary>
    public static IEnumerable<ScriptBlockExpressionAst> BlocksOf(Ast ast, string keyword) =>
        ast.FindAll(a => a is CommandAst c && string.Equals(c.GetCommandName(), keyword, StringComparison.OrdinalIgnoreCase), true)
            .Cast<CommandAst>()
            .SelectMany(c => c.CommandElements.OfType<ScriptBlockExpressionAst>());

    /// <summary>
    /// The value of the hashtable literal assigned to <paramref name="variable"/> in a BeforeDiscovery block, as data
    /// (only constants are accepted, as in a .psd1): cmdlet name to its list of names.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> DiscoveryTable(Ast ast, string variable)
    {
        var assignment = BlocksOf(ast, "BeforeDiscovery")
            .SelectMany(b => b.FindAll(a => a is AssignmentStatementAst s && s.Left is VariableExpressionAst v && string.Equals(v.VariablePath.UserPath, variable, StringComparison.OrdinalIgnoreCase), true))
            .Cast<AssignmentStatementAst>()
            .Single();
        var table = (HashtableAst)Assert.IsType<CommandExpressionAst>(assignment.Right).Expression;
        var value = Assert.IsType<Hashtable>(table.SafeGetValue());
        return value.Cast<DictionaryEntry>().ToDictionary(
            e => (string)e.Key,
            e => e.Value is object[] items ? items.Cast<string>().ToArray() : new[] { (string)e.Value! },
            StringComparer.Ordinal);
    }

    /// <summary>Names of the commands invoked with -WhatIf (not -WhatIf:$false).</summary>
    public static ISet<string> CommandsRunWithWhatIf(Ast ast) =>
        ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>()
            .Where(c => c.CommandElements.OfType<CommandParameterAst>().Any(p =>
                string.Equals(p.ParameterName, "WhatIf", StringComparison.OrdinalIgnoreCase) &&
                !(p.Argument is VariableExpressionAst v && string.Equals(v.VariablePath.UserPath, "false", StringComparison.OrdinalIgnoreCase))))
            .Select(c => c.GetCommandName())
            .Where(n => n != null)
            .ToHashSet(StringComparer.OrdinalIgnoreCase)!;

    /// <summary>
    /// Differences between expected and actual names per cmdlet (ordinal: a parameter renamed only in case is a
    /// difference too); empty when they match exactly.
    /// </summary>
    public static List<string> Differences(string what, IReadOnlyDictionary<string, string[]> expected, IReadOnlyDictionary<string, string[]> actual)
    {
        var d = new List<string>();
        foreach (var cmdlet in actual.Keys.Except(expected.Keys, StringComparer.Ordinal)) d.Add($"{cmdlet}: no expected {what}");
        foreach (var cmdlet in expected.Keys.Except(actual.Keys, StringComparer.Ordinal)) d.Add($"{cmdlet}: not an exported cmdlet");
        foreach (var cmdlet in expected.Keys.Intersect(actual.Keys, StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal))
        {
            foreach (var n in actual[cmdlet].Except(expected[cmdlet], StringComparer.Ordinal)) d.Add($"{cmdlet}: {what} {n} is not in the expected list");
            foreach (var n in expected[cmdlet].Except(actual[cmdlet], StringComparer.Ordinal)) d.Add($"{cmdlet}: expected {what} {n} does not exist");
            if (expected[cmdlet].Length != expected[cmdlet].Distinct(StringComparer.OrdinalIgnoreCase).Count()) d.Add($"{cmdlet}: a {what} is listed twice");
        }
        return d;
    }

    // Pester 5's assertion operators and Should's other parameters.
    private static readonly HashSet<string> ShouldOperators = new(StringComparer.OrdinalIgnoreCase)
    {
        "Be", "BeExactly", "BeGreaterThan", "BeGreaterOrEqual", "BeLessThan", "BeLessOrEqual", "BeIn", "BeLike", "BeLikeExactly",
        "BeNullOrEmpty", "BeOfType", "HaveType", "BeTrue", "BeFalse", "Contain", "Exist", "FileContentMatch", "FileContentMatchExactly",
        "FileContentMatchMultiline", "FileContentMatchMultilineExactly", "HaveCount", "HaveParameter", "Match", "MatchExactly", "Throw",
        "Invoke", "InvokeVerifiable", "BeEquivalentTo",
    };

    private static readonly HashSet<string> ShouldModifiers = new(StringComparer.OrdinalIgnoreCase)
    {
        "Not", "Because", "ExpectedValue", "ActualValue", "ExpectedMessage", "ErrorId", "ExceptionType", "PassThru", "ExpectedType",
        "ExpectedContent", "CommandName", "Times", "Exactly", "ParameterFilter", "Scope", "ModuleName", "ParameterName", "Type",
        "DefaultValue", "Mandatory", "HasArgumentCompleter", "Alias", "InParameterSet", "CallerSessionState", "ExcludePath",
    };

    // Pester 4 (or older) commands that Pester 5 removed or replaced, and anything that reaches the network.
    private static readonly HashSet<string> Forbidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "Assert-MockCalled", "Assert-VerifiableMock", "Assert-VerifiableMocks", "Set-TestInconclusive", "New-PesterOption", "In",
        "Setup", "Get-MockDynamicParameters", "Invoke-WebRequest", "Invoke-RestMethod", "iwr", "irm", "curl", "wget",
        "Install-Module", "Find-Module", "Save-Module", "Update-Module", "Install-PSResource", "Find-PSResource", "Start-BitsTransfer",
    };

    private static readonly HashSet<string> TopLevel = new(StringComparer.OrdinalIgnoreCase) { "BeforeDiscovery", "BeforeAll", "AfterAll", "Describe" };
    private static readonly HashSet<string> InBlock = new(StringComparer.OrdinalIgnoreCase) { "BeforeAll", "AfterAll", "BeforeEach", "AfterEach", "It", "Context", "Describe" };

    /// <summary>Everything in a file that Pester 5 would not run as meant; empty when the file is plain Pester 5.</summary>
    public static List<string> Pester5Violations(ScriptBlockAst ast)
    {
        var v = new List<string>();
        string Where(Ast a) => $"line {a.Extent.StartLineNumber}: {a.Extent.Text.Split('\n')[0].Trim()}";

        var requires = ast.ScriptRequirements?.RequiredModules?.FirstOrDefault(m => string.Equals(m.Name, "Pester", StringComparison.OrdinalIgnoreCase));
        if (requires?.Version == null || requires.Version < new Version(5, 1))
            v.Add("no '#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.1' }' (Describe/It -ForEach need 5.1)");

        // Pester 5 runs only what is inside its blocks: code directly in the file or in a Describe body runs at discovery.
        foreach (var statement in ast.EndBlock?.Statements ?? (IEnumerable<StatementAst>)Array.Empty<StatementAst>())
            if (Keyword(statement) is not { } k || !TopLevel.Contains(k)) v.Add("outside any Pester block, " + Where(statement));
        foreach (var block in BlocksOf(ast, "Describe").Concat(BlocksOf(ast, "Context")))
            foreach (var statement in block.ScriptBlock.EndBlock.Statements)
                if (Keyword(statement) is not { } k || !InBlock.Contains(k)) v.Add("directly in a Describe/Context body (runs at discovery), " + Where(statement));

        var discoveryVariables = BlocksOf(ast, "BeforeDiscovery")
            .SelectMany(b => b.FindAll(a => a is AssignmentStatementAst s && s.Left is VariableExpressionAst, true))
            .Select(a => ((VariableExpressionAst)((AssignmentStatementAst)a).Left).VariablePath.UserPath)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var command in ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>())
        {
            var name = command.GetCommandName();
            if (name == null) continue;
            if (Forbidden.Contains(name)) v.Add($"{name} is not Pester 5 or reaches the network, " + Where(command));
            if (string.Equals(name, "Should", StringComparison.OrdinalIgnoreCase))
            {
                var parameters = command.CommandElements.Skip(1).OfType<CommandParameterAst>().Select(p => p.ParameterName).ToList();
                if (command.CommandElements.Count < 2 || command.CommandElements[1] is not CommandParameterAst)
                    v.Add("Should without a dash operator (Pester 4 syntax), " + Where(command));
                else if (!parameters.Any(ShouldOperators.Contains))
                    v.Add("Should without a Pester 5 operator, " + Where(command));
                foreach (var p in parameters.Where(p => !ShouldOperators.Contains(p) && !ShouldModifiers.Contains(p)))
                    v.Add($"Should -{p} is not a Pester 5 parameter, " + Where(command));
            }
            if (name is "It" or "Context" or "Describe")
            {
                // -ForEach/-TestCases data is evaluated at discovery: a variable there must come from BeforeDiscovery.
                var elements = command.CommandElements;
                for (var i = 1; i < elements.Count - 1; i++)
                    if (elements[i] is CommandParameterAst { ParameterName: var pn } && (pn.Equals("ForEach", StringComparison.OrdinalIgnoreCase) || pn.Equals("TestCases", StringComparison.OrdinalIgnoreCase)))
                        foreach (var variable in elements[i + 1].FindAll(a => a is VariableExpressionAst, true).Cast<VariableExpressionAst>())
                            if (!discoveryVariables.Contains(variable.VariablePath.UserPath))
                                v.Add($"-{pn} data ${variable.VariablePath.UserPath} is not set in BeforeDiscovery (it is empty at discovery), " + Where(command));
            }
            if (string.Equals(name, "Import-Module", StringComparison.OrdinalIgnoreCase))
            {
                // The path, or a variable set to it in this file.
                var source = command.CommandElements.Count > 1 && command.CommandElements[1] is VariableExpressionAst path
                    ? string.Join(" ", ast.FindAll(a => a is AssignmentStatementAst s && s.Left is VariableExpressionAst l && l.VariablePath.UserPath == path.VariablePath.UserPath, true).Select(a => a.Extent.Text))
                    : command.Extent.Text;
                if (!ModulePath(source))
                    v.Add("imports something other than $PSScriptRoot/../out/SvmBackup/SvmBackup.psd1, " + Where(command));
            }
        }
        return v;
    }

    private static bool ModulePath(string text) =>
        text.Contains("$PSScriptRoot", StringComparison.OrdinalIgnoreCase) && text.Contains("'../out/SvmBackup/SvmBackup.psd1'", StringComparison.Ordinal);

    private static string? Keyword(StatementAst statement) =>
        statement is PipelineAst { PipelineElements: [CommandAst c] } ? c.GetCommandName() : null;
}
