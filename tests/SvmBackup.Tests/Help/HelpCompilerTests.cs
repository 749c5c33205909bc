using System.Xml.Linq;
using SvmBackup.HelpCompiler;

namespace SvmBackup.Tests.Help;

/// <summary>The markdown → MAML converter on small files: where each section lands, syntax items, rejected files.</summary>
public class HelpCompilerTests
{
    private static readonly XNamespace Maml = MamlWriter.Maml;
    private static readonly XNamespace Command = MamlWriter.Command;
    private static readonly XNamespace Dev = MamlWriter.Dev;

    /// <summary>Two sets; -Name is in both (mandatory and positional only in ByName), -Id only in ById, -Force in all.</summary>
    private const string Valid = """
        ---
        external help file: SvmBackup.dll-Help.xml
        Module Name: SvmBackup
        online version:
        schema: 2.0.0
        ---

        # Get-Thing

        ## SYNOPSIS
        Gets things.

        ## SYNTAX

        ### ByName (Default)
        ```
        Get-Thing [-Name] <string> [-Force] [<CommonParameters>]
        ```

        ### ById
        ```
        Get-Thing -Id <int> [-Name <string>] [-Force] [<CommonParameters>]
        ```

        ## DESCRIPTION
        First paragraph
        continues here.

        Second paragraph.

        ## EXAMPLES

        ### Example 1: Get one thing
        ```powershell
        Get-Thing a
        # a comment, not a heading
        ```

        Gets the thing a.

        ### Example 2: From the pipeline
        ```powershell
        'a' | Get-Thing
        ```

        Gets a from the pipeline.

        ## PARAMETERS

        ### -Name
        The name.

        ```yaml
        Type: String
        Parameter Sets: ByName
        Aliases: N, ThingName

        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: True (ByValue, ByPropertyName)
        Accept wildcard characters: True
        ```

        ```yaml
        Type: String
        Parameter Sets: ById
        Aliases: N, ThingName

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: True
        ```

        ### -Id
        The id.

        ```yaml
        Type: Int32
        Parameter Sets: ById
        Aliases:

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: False
        ```

        ### -Force
        Forces it.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases:

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### CommonParameters
        This cmdlet supports the common parameters. See [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).

        ## INPUTS

        ### System.String
        A name.

        ## OUTPUTS

        ### Thing
        One per name.

        ### None

        ## NOTES
        A note.

        ## RELATED LINKS

        [about_Things]()

        [Online](https://example.org/things)
        """;

    private static XElement Compile(string markdown = Valid) =>
        MamlWriter.ToMaml(new[] { MarkdownHelpParser.Parse(markdown, "Get-Thing.md") }).Root!.Element(Command + "command")!;

    private static string[] Paras(XElement? e) => e!.Elements(Maml + "para").Select(p => p.Value).ToArray();

    [Fact]
    public void Sections_land_in_their_maml_elements()
    {
        var c = Compile();
        var details = c.Element(Command + "details")!;
        Assert.Equal("Get-Thing", details.Element(Command + "name")!.Value);
        Assert.Equal("Get", details.Element(Command + "verb")!.Value);
        Assert.Equal("Thing", details.Element(Command + "noun")!.Value);
        Assert.Equal(new[] { "Gets things." }, Paras(details.Element(Maml + "description")));
        Assert.Equal(new[] { "First paragraph continues here.", "Second paragraph." }, Paras(c.Element(Maml + "description")));

        var inputs = c.Element(Command + "inputTypes")!.Elements(Command + "inputType").ToList();
        Assert.Equal("System.String", Assert.Single(inputs).Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal(new[] { "A name." }, Paras(inputs[0].Element(Maml + "description")));
        var outputs = c.Element(Command + "returnValues")!.Elements(Command + "returnValue").ToList();
        Assert.Equal(new[] { "Thing", "None" }, outputs.Select(o => o.Element(Dev + "type")!.Element(Maml + "name")!.Value));
        Assert.Equal(new[] { "One per name." }, Paras(outputs[0].Element(Maml + "description")));

        Assert.Equal(new[] { "A note." }, Paras(c.Element(Maml + "alertSet")!.Element(Maml + "alert")));

        var examples = c.Element(Command + "examples")!.Elements(Command + "example").ToList();
        Assert.Equal(2, examples.Count);
        Assert.Equal("-------------------------- Example 1: Get one thing --------------------------", examples[0].Element(Maml + "title")!.Value);
        Assert.Equal("Get-Thing a\n# a comment, not a heading", examples[0].Element(Dev + "code")!.Value);
        Assert.Equal(new[] { "Gets the thing a." }, Paras(examples[0].Element(Dev + "remarks")));
        Assert.Equal("'a' | Get-Thing", examples[1].Element(Dev + "code")!.Value);

        var links = c.Element(Maml + "relatedLinks")!.Elements(Maml + "navigationLink").Select(l => (l.Element(Maml + "linkText")!.Value, l.Element(Maml + "uri")!.Value));
        Assert.Equal(new[] { ("about_Things", ""), ("Online", "https://example.org/things") }, links);
    }

    [Fact]
    public void Parameters_carry_type_aliases_and_their_first_usage()
    {
        var parameters = Compile().Element(Command + "parameters")!.Elements(Command + "parameter").ToList();
        Assert.Equal(new[] { "Name", "Id", "Force" }, parameters.Select(p => p.Element(Maml + "name")!.Value));
        var name = parameters[0];
        Assert.Equal("true", (string?)name.Attribute("required"));
        Assert.Equal("0", (string?)name.Attribute("position"));
        Assert.Equal("True (ByValue, ByPropertyName)", (string?)name.Attribute("pipelineInput"));
        Assert.Equal("true", (string?)name.Attribute("globbing"));
        Assert.Equal("N, ThingName", (string?)name.Attribute("aliases"));
        Assert.Equal(new[] { "The name." }, Paras(name.Element(Maml + "description")));
        Assert.Equal("String", name.Element(Command + "parameterValue")!.Value);
        Assert.Equal("String", name.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Null(name.Element(Dev + "defaultValue"));
        Assert.Equal("named", (string?)parameters[1].Attribute("position"));
        Assert.Null(parameters[1].Attribute("aliases"));
        Assert.Equal("False", parameters[2].Element(Dev + "defaultValue")!.Value);
        Assert.Equal("false", (string?)parameters[2].Element(Command + "parameterValue")!.Attribute("required"));
    }

    [Fact]
    public void Each_parameter_set_becomes_a_syntax_item_with_that_sets_usage()
    {
        var items = Compile().Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal("Get-Thing", i.Element(Maml + "name")!.Value));

        XElement[] Params(XElement item) => item.Elements(Command + "parameter").ToArray();
        string Names(XElement item) => string.Join(",", Params(item).Select(p => p.Element(Maml + "name")!.Value));
        Assert.Equal("Name,Force", Names(items[0]));
        Assert.Equal("Id,Name,Force", Names(items[1]));

        var nameInByName = Params(items[0])[0];
        Assert.Equal(("true", "0", "True (ByValue, ByPropertyName)"), ((string)nameInByName.Attribute("required")!, (string)nameInByName.Attribute("position")!, (string)nameInByName.Attribute("pipelineInput")!));
        var nameInById = Params(items[1])[1];
        Assert.Equal(("false", "named", "False"), ((string)nameInById.Attribute("required")!, (string)nameInById.Attribute("position")!, (string)nameInById.Attribute("pipelineInput")!));
        // A switch shows no value in the syntax ("[-Force]", not "[-Force <SwitchParameter>]").
        Assert.Null(Params(items[0])[1].Element(Command + "parameterValue"));
    }

    [Fact]
    public void Parsed_model_has_sets_default_and_usages()
    {
        var help = MarkdownHelpParser.Parse(Valid, "Get-Thing.md");
        Assert.Equal(new[] { ("ByName", true), ("ById", false) }, help.ParameterSets.Select(s => (s.Name, s.IsDefault)));
        Assert.Equal("Get-Thing [-Name] <string> [-Force] [<CommonParameters>]", help.ParameterSets[0].SyntaxLine);
        var name = help.Parameters[0];
        Assert.Equal(2, name.Usages.Count);
        Assert.True(name.Usages[0].ByValue && name.Usages[0].ByPropertyName);
        Assert.False(name.Usages[1].ByValue || name.Usages[1].ByPropertyName);
        Assert.True(help.Parameters[1].Usages[0].ByPropertyName);
        Assert.False(help.Parameters[1].Usages[0].ByValue);
        Assert.True(help.Parameters[2].Usages[0].AllSets);
        Assert.True(help.Parameters[2].IsSwitch);
    }

    [Theory]
    [InlineData("## INPUTS\n", "## INPUTS_GONE\n", "expected section '## INPUTS', found '## INPUTS_GONE'", "## INPUTS_GONE")]
    [InlineData("## NOTES\nA note.\n", "", "expected section '## NOTES', found '## RELATED LINKS'", "## RELATED LINKS")]
    [InlineData("### -Id\nThe id.\n\n```yaml", "### -Id\nThe id.\n\n```text", "parameter '-Id': only paragraphs and ```yaml blocks belong here", "```text")]
    [InlineData("Parameter Sets: ById\nAliases:\n\nRequired: True", "Parameter Sets: ByNumber\nAliases:\n\nRequired: True", "names set 'ByNumber'", "```yaml", true)]
    [InlineData("Required: False\nPosition: Named\nDefault value: False", "Required: Maybe\nPosition: Named\nDefault value: False", "Required must be True or False", "```yaml", true)]
    [InlineData("### Example 2: From the pipeline\n```powershell\n'a' | Get-Thing\n```", "### Example 2: From the pipeline\n'a' | Get-Thing", "'Example 2: From the pipeline' has no code block", "### Example 2", true)]
    [InlineData("[about_Things]()", "about_Things", "## RELATED LINKS holds", "about_Things")]
    public void A_malformed_file_is_rejected_naming_the_file_and_line(string find, string replace, string message, string lineStartsWith, bool atOrBefore = false)
    {
        var text = Valid.Replace("\r\n", "\n");
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, "test setup: not in the sample: " + find);
        // The line the error must point at: the nearest line after (or, for a block's header, before) the change that starts as expected.
        var broken = text.Remove(at, find.Length).Insert(at, replace);
        var lines = broken.Split('\n');
        var firstChanged = broken.Substring(0, at).Count(ch => ch == '\n');
        var candidates = atOrBefore ? Enumerable.Range(0, firstChanged + 1).Reverse() : Enumerable.Range(firstChanged, lines.Length - firstChanged);
        var expectedLine = candidates.First(i => lines[i].StartsWith(lineStartsWith, StringComparison.Ordinal)) + 1;

        var ex = Assert.Throws<HelpFormatException>(() => MarkdownHelpParser.Parse(broken, "docs/help/Get-Thing.md"));
        Assert.Contains(message, ex.Message);
        Assert.Equal("docs/help/Get-Thing.md", ex.File);
        Assert.Equal(expectedLine, ex.Line);
        Assert.StartsWith($"docs/help/Get-Thing.md({expectedLine}): error SVMHELP: ", ex.ToBuildError());
    }

    [Fact]
    public void A_parameter_without_a_yaml_block_is_rejected_at_its_heading()
    {
        var text = Valid.Replace("\r\n", "\n");
        var start = text.IndexOf("### -Id", StringComparison.Ordinal);
        var yamlStart = text.IndexOf("```yaml", start, StringComparison.Ordinal);
        var yamlEnd = text.IndexOf("```\n", yamlStart + 7, StringComparison.Ordinal) + 4;
        var broken = text.Remove(yamlStart, yamlEnd - yamlStart);
        var headingLine = broken.Substring(0, start).Count(ch => ch == '\n') + 1;

        var ex = Assert.Throws<HelpFormatException>(() => MarkdownHelpParser.Parse(broken, "Get-Thing.md"));
        Assert.Equal("parameter '-Id' has no ```yaml block", ex.Message);
        Assert.Equal(headingLine, ex.Line);
    }

    [Fact]
    public void A_file_missing_its_last_sections_is_rejected_at_its_end()
    {
        var text = Valid.Replace("\r\n", "\n");
        var broken = text.Substring(0, text.IndexOf("## NOTES", StringComparison.Ordinal));
        var ex = Assert.Throws<HelpFormatException>(() => MarkdownHelpParser.Parse(broken, "Get-Thing.md"));
        Assert.Equal("missing section '## NOTES'", ex.Message);
        Assert.Equal(broken.Split('\n').Length, ex.Line);
    }

    [Fact]
    public void A_yaml_block_missing_a_key_is_rejected()
    {
        var broken = Valid.Replace("\r\n", "\n").Replace("Type: Int32\n", "");
        var ex = Assert.Throws<HelpFormatException>(() => MarkdownHelpParser.Parse(broken, "Get-Thing.md"));
        Assert.Equal("yaml block has no 'Type:'", ex.Message);
    }

    [Fact]
    public void The_compiler_writes_the_file_and_fails_on_a_bad_one()
    {
        var dir = Directory.CreateTempSubdirectory("svmhelp-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "Get-Thing.md"), Valid);
            var output = Path.Combine(dir.FullName, "out", "en-US", "Test.dll-Help.xml");
            Assert.Equal(0, Program.Main(new[] { dir.FullName, output }));
            var maml = XDocument.Load(output);
            Assert.Equal("Get-Thing", maml.Root!.Element(Command + "command")!.Element(Command + "details")!.Element(Command + "name")!.Value);

            // A file named after another cmdlet is refused: the file name is how a maintainer finds the help.
            File.Move(Path.Combine(dir.FullName, "Get-Thing.md"), Path.Combine(dir.FullName, "Get-Other.md"));
            File.Delete(output);
            Assert.Equal(1, Program.Main(new[] { dir.FullName, output }));
            Assert.False(File.Exists(output));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
