using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace SvmBackup.HelpCompiler;

/// <summary>
/// Reads one platyPS schema 2.0 markdown file. Only the subset platyPS writes is accepted, and strictly: the sections
/// must all be there and in platyPS's order, so a typo fails the build at its line instead of silently dropping help.
/// </summary>
public static class MarkdownHelpParser
{
    /// <summary>The ## sections, in the order platyPS writes them.</summary>
    public static readonly IReadOnlyList<string> Sections = new[] { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

    private static readonly string[] YamlKeys = { "Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters" };

    public static CommandHelp ParseFile(string path) => Parse(File.ReadAllText(path), path);

    public static CommandHelp Parse(string text, string file)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var at = ReadFrontMatter(lines, file);

        // # Name: the first heading after the front matter.
        while (at < lines.Length && lines[at].Trim().Length == 0) at++;
        if (at >= lines.Length || !lines[at].StartsWith("# ", StringComparison.Ordinal))
            throw new HelpFormatException(file, Math.Min(at, lines.Length - 1) + 1, "expected '# <cmdlet name>' after the front matter");
        var name = lines[at].Substring(2).Trim();
        at++;

        var bodies = new Dictionary<string, List<MarkdownBlock>>();
        var headingLines = new Dictionary<string, int>();
        var found = SplitSections(lines, at, file);
        for (var i = 0; i < Sections.Count; i++)
        {
            if (i >= found.Count)
                throw new HelpFormatException(file, lines.Length, $"missing section '## {Sections[i]}'");
            if (found[i].Title != Sections[i])
                throw new HelpFormatException(file, found[i].Line, $"expected section '## {Sections[i]}', found '## {found[i].Title}'");
            bodies[Sections[i]] = Blocks(found[i].Body, file);
            headingLines[Sections[i]] = found[i].Line;
        }
        if (found.Count > Sections.Count)
            throw new HelpFormatException(file, found[Sections.Count].Line, $"unexpected section '## {found[Sections.Count].Title}' after '## RELATED LINKS'");

        var synopsis = Paragraphs(bodies["SYNOPSIS"], "SYNOPSIS", file);
        if (synopsis.Count == 0) throw new HelpFormatException(file, headingLines["SYNOPSIS"], "## SYNOPSIS is empty");
        var description = Paragraphs(bodies["DESCRIPTION"], "DESCRIPTION", file);
        if (description.Count == 0) throw new HelpFormatException(file, headingLines["DESCRIPTION"], "## DESCRIPTION is empty");

        var sets = ReadSyntax(bodies["SYNTAX"], headingLines["SYNTAX"], file);
        var parameters = ReadParameters(bodies["PARAMETERS"], sets, file);
        return new CommandHelp(
            name,
            file,
            string.Join(" ", synopsis),
            description,
            sets,
            ReadExamples(bodies["EXAMPLES"], file),
            parameters,
            ReadTypes(bodies["INPUTS"], "INPUTS", file),
            ReadTypes(bodies["OUTPUTS"], "OUTPUTS", file),
            Paragraphs(bodies["NOTES"], "NOTES", file),
            ReadLinks(bodies["RELATED LINKS"], file));
    }

    private static int ReadFrontMatter(string[] lines, string file)
    {
        if (lines.Length == 0 || lines[0].Trim() != "---")
            throw new HelpFormatException(file, 1, "expected YAML front matter ('---') on the first line");
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim() == "---")
            {
                foreach (var key in new[] { "external help file", "Module Name", "schema" })
                    if (!keys.ContainsKey(key)) throw new HelpFormatException(file, i + 1, $"front matter has no '{key}:'");
                if (!keys["schema"].StartsWith("2.", StringComparison.Ordinal))
                    throw new HelpFormatException(file, 1, $"schema '{keys["schema"]}' is not platyPS schema 2.x");
                return i + 1;
            }
            var colon = lines[i].IndexOf(':');
            if (colon > 0) keys[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
        }
        throw new HelpFormatException(file, lines.Length, "front matter is not closed with '---'");
    }

    private sealed record Section(string Title, int Line, List<(string Text, int Line)> Body);

    /// <summary>Splits at ## headings, ignoring '#' lines inside fenced blocks (comments in examples).</summary>
    private static List<Section> SplitSections(string[] lines, int start, string file)
    {
        var sections = new List<Section>();
        var inFence = false;
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                sections.Add(new Section(line.Substring(3).Trim(), i + 1, new List<(string, int)>()));
                continue;
            }
            if (!inFence && line.StartsWith("# ", StringComparison.Ordinal))
                throw new HelpFormatException(file, i + 1, "a second '# ' heading: one cmdlet per file");
            if (sections.Count == 0)
            {
                if (line.Trim().Length > 0) throw new HelpFormatException(file, i + 1, "text before '## SYNOPSIS'");
                continue;
            }
            sections[^1].Body.Add((line, i + 1));
        }
        if (inFence) throw new HelpFormatException(file, lines.Length, "a fenced block (```) is not closed");
        return sections;
    }

    private static List<MarkdownBlock> Blocks(List<(string Text, int Line)> body, string file)
    {
        var blocks = new List<MarkdownBlock>();
        for (var i = 0; i < body.Count; i++)
        {
            var (line, number) = body[i];
            var trimmed = line.Trim();
            if (trimmed.Length == 0) continue;
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                var content = new List<string>();
                var j = i + 1;
                while (j < body.Count && !body[j].Text.Trim().StartsWith("```", StringComparison.Ordinal)) content.Add(body[j++].Text);
                if (j >= body.Count) throw new HelpFormatException(file, number, "a fenced block (```) is not closed");
                blocks.Add(new MarkdownBlock(MarkdownBlockKind.Fence, string.Join("\n", content), trimmed.Substring(3).Trim(), number));
                i = j;
            }
            else if (trimmed.StartsWith("### ", StringComparison.Ordinal))
            {
                blocks.Add(new MarkdownBlock(MarkdownBlockKind.Heading, trimmed.Substring(4).Trim(), "", number));
            }
            else
            {
                var parts = new List<string> { trimmed };
                while (i + 1 < body.Count && body[i + 1].Text.Trim().Length > 0 && !body[i + 1].Text.Trim().StartsWith("```", StringComparison.Ordinal) && !body[i + 1].Text.Trim().StartsWith("#", StringComparison.Ordinal))
                    parts.Add(body[++i].Text.Trim());
                blocks.Add(new MarkdownBlock(MarkdownBlockKind.Paragraph, string.Join(" ", parts), "", number));
            }
        }
        return blocks;
    }

    private static List<string> Paragraphs(IEnumerable<MarkdownBlock> blocks, string section, string file)
    {
        var result = new List<string>();
        foreach (var b in blocks)
        {
            if (b.Kind != MarkdownBlockKind.Paragraph)
                throw new HelpFormatException(file, b.Line, $"## {section} holds only paragraphs, found a {(b.Kind == MarkdownBlockKind.Fence ? "fenced block" : "### heading")}");
            result.Add(b.Text);
        }
        return result;
    }

    private static List<SyntaxSet> ReadSyntax(List<MarkdownBlock> blocks, int sectionLine, string file)
    {
        var sets = new List<SyntaxSet>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            if (b.Kind != MarkdownBlockKind.Heading)
                throw new HelpFormatException(file, b.Line, "## SYNTAX holds '### SetName' headings, each followed by a fenced syntax line");
            if (i + 1 >= blocks.Count || blocks[i + 1].Kind != MarkdownBlockKind.Fence)
                throw new HelpFormatException(file, b.Line, $"parameter set '{b.Text}' has no fenced syntax line");
            var isDefault = b.Text.EndsWith("(Default)", StringComparison.Ordinal);
            var setName = isDefault ? b.Text.Substring(0, b.Text.Length - "(Default)".Length).Trim() : b.Text;
            sets.Add(new SyntaxSet(setName, isDefault, blocks[++i].Text.Trim()));
        }
        if (sets.Count == 0) throw new HelpFormatException(file, sectionLine, "## SYNTAX names no parameter set");
        return sets;
    }

    private static List<ExampleHelp> ReadExamples(List<MarkdownBlock> blocks, string file)
    {
        var examples = new List<ExampleHelp>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            if (b.Kind != MarkdownBlockKind.Heading || !b.Text.StartsWith("Example", StringComparison.OrdinalIgnoreCase))
                throw new HelpFormatException(file, b.Line, "## EXAMPLES holds '### Example N: title' headings");
            if (i + 1 >= blocks.Count || blocks[i + 1].Kind != MarkdownBlockKind.Fence)
                throw new HelpFormatException(file, b.Line, $"'{b.Text}' has no code block");
            var code = blocks[++i].Text;
            var remarks = new List<string>();
            while (i + 1 < blocks.Count && blocks[i + 1].Kind == MarkdownBlockKind.Paragraph) remarks.Add(blocks[++i].Text);
            examples.Add(new ExampleHelp(b.Text, code, remarks));
        }
        return examples;
    }

    private static List<ParameterHelp> ReadParameters(List<MarkdownBlock> blocks, List<SyntaxSet> sets, string file)
    {
        var parameters = new List<ParameterHelp>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            if (b.Kind != MarkdownBlockKind.Heading)
                throw new HelpFormatException(file, b.Line, "text outside a '### -Name' parameter entry");
            var description = new List<string>();
            var yaml = new List<MarkdownBlock>();
            while (i + 1 < blocks.Count && blocks[i + 1].Kind != MarkdownBlockKind.Heading)
            {
                var next = blocks[++i];
                if (next.Kind == MarkdownBlockKind.Paragraph) description.Add(next.Text);
                else if (next.Info == "yaml") yaml.Add(next);
                else throw new HelpFormatException(file, next.Line, $"parameter '{b.Text}': only paragraphs and ```yaml blocks belong here");
            }
            if (b.Text == "CommonParameters") continue;
            if (!b.Text.StartsWith("-", StringComparison.Ordinal) || b.Text.Length < 2)
                throw new HelpFormatException(file, b.Line, $"expected '### -ParameterName' or '### CommonParameters', found '### {b.Text}'");
            if (yaml.Count == 0) throw new HelpFormatException(file, b.Line, $"parameter '{b.Text}' has no ```yaml block");
            if (description.Count == 0) throw new HelpFormatException(file, b.Line, $"parameter '{b.Text}' has no description");
            parameters.Add(ReadParameter(b.Text.Substring(1), description, yaml, sets, file));
        }
        return parameters;
    }

    private static ParameterHelp ReadParameter(string name, List<string> description, List<MarkdownBlock> yaml, List<SyntaxSet> sets, string file)
    {
        ParameterHelp? first = null;
        var usages = new List<ParameterUsage>();
        foreach (var block in yaml)
        {
            var values = ReadYaml(block, file);
            var setText = values["Parameter Sets"];
            var all = setText == "(All)";
            var setNames = all ? new List<string>() : setText.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
            foreach (var s in setNames)
                if (!sets.Any(x => x.Name == s))
                    throw new HelpFormatException(file, block.Line, $"parameter '-{name}' names set '{s}', which ## SYNTAX does not have");
            int? position = values["Position"].Equals("Named", StringComparison.OrdinalIgnoreCase) ? null
                : int.TryParse(values["Position"], out var p) ? p
                : throw new HelpFormatException(file, block.Line, $"parameter '-{name}': Position must be Named or a number, not '{values["Position"]}'");
            var pipeline = values["Accept pipeline input"];
            if (!Regex.IsMatch(pipeline, @"^(False|True \((ByValue|ByPropertyName|ByValue, ByPropertyName)\))$", RegexOptions.IgnoreCase))
                throw new HelpFormatException(file, block.Line, $"parameter '-{name}': Accept pipeline input must be False, True (ByValue), True (ByPropertyName) or True (ByValue, ByPropertyName), not '{pipeline}'");
            usages.Add(new ParameterUsage(setNames, all, Bool(values, "Required", name, block, file), position, pipeline, block.Line));
            first ??= new ParameterHelp(
                name,
                description,
                values["Type"],
                values["Aliases"].Split(',').Select(a => a.Trim()).Where(a => a.Length > 0).ToList(),
                values["Default value"],
                Bool(values, "Accept wildcard characters", name, block, file),
                usages);
        }
        return first!;
    }

    private static bool Bool(Dictionary<string, string> values, string key, string name, MarkdownBlock block, string file) =>
        values[key].Equals("True", StringComparison.OrdinalIgnoreCase) ? true
        : values[key].Equals("False", StringComparison.OrdinalIgnoreCase) ? false
        : throw new HelpFormatException(file, block.Line, $"parameter '-{name}': {key} must be True or False, not '{values[key]}'");

    /// <summary>The flat "Key: value" yaml platyPS writes; unknown keys (Accepted values, Dynamic...) are ignored.</summary>
    private static Dictionary<string, string> ReadYaml(MarkdownBlock block, string file)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = block.Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var colon = lines[i].IndexOf(':');
            if (colon <= 0) throw new HelpFormatException(file, block.Line + 1 + i, $"yaml line is not 'Key: value': '{lines[i].Trim()}'");
            values[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
        }
        foreach (var key in YamlKeys)
            if (!values.ContainsKey(key)) throw new HelpFormatException(file, block.Line, $"yaml block has no '{key}:'");
        if (values["Type"].Length == 0) throw new HelpFormatException(file, block.Line, "yaml block has an empty 'Type:'");
        return values;
    }

    private static List<TypeHelp> ReadTypes(List<MarkdownBlock> blocks, string section, string file)
    {
        var types = new List<TypeHelp>();
        foreach (var b in blocks)
        {
            if (b.Kind == MarkdownBlockKind.Heading) types.Add(new TypeHelp(b.Text, new List<string>()));
            else if (b.Kind == MarkdownBlockKind.Paragraph && types.Count > 0) ((List<string>)types[^1].Description).Add(b.Text);
            else throw new HelpFormatException(file, b.Line, $"## {section} holds '### TypeName' headings, each followed by paragraphs");
        }
        return types;
    }

    private static List<RelatedLink> ReadLinks(List<MarkdownBlock> blocks, string file)
    {
        var links = new List<RelatedLink>();
        foreach (var b in blocks)
        {
            var m = Regex.Match(b.Text, @"^\[([^\]]+)\]\(([^)]*)\)$");
            if (b.Kind != MarkdownBlockKind.Paragraph || !m.Success)
                throw new HelpFormatException(file, b.Line, "## RELATED LINKS holds '[text](uri)' lines, one per paragraph");
            links.Add(new RelatedLink(m.Groups[1].Value, m.Groups[2].Value));
        }
        return links;
    }
}
