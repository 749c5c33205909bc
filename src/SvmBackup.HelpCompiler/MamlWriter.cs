using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace SvmBackup.HelpCompiler;

/// <summary>
/// Writes the MAML the PowerShell help system reads for binary cmdlets (&lt;Module&gt;.dll-Help.xml): the same
/// elements and namespaces platyPS writes, so Get-Help shows synopsis, syntax, parameters, inputs, outputs, notes,
/// examples and links.
/// </summary>
public static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>Get-Help prints example titles as they are; platyPS frames them with dashes like this.</summary>
    private const string TitleFrame = "--------------------------";

    public static XDocument ToMaml(IEnumerable<CommandHelp> commands) =>
        new(new XDeclaration("1.0", "utf-8", null), new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands.Select(Command_)));

    public static void Save(XDocument maml, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false) };
        using var writer = XmlWriter.Create(path, settings);
        maml.Save(writer);
    }

    private static XElement Command_(CommandHelp c) =>
        new(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(Command + "details",
                new XElement(Command + "name", c.Name),
                new XElement(Command + "verb", c.Verb),
                new XElement(Command + "noun", c.Noun),
                Description(new[] { c.Synopsis })),
            Description(c.Description),
            new XElement(Command + "syntax", c.ParameterSets.Select(s => SyntaxItem(c, s))),
            new XElement(Command + "parameters", c.Parameters.Select(p => Parameter(p, p.Usages[0], inSyntax: false))),
            new XElement(Command + "inputTypes", c.Inputs.Select(t => new XElement(Command + "inputType", Type(t.TypeName), Description(t.Description)))),
            new XElement(Command + "returnValues", c.Outputs.Select(t => new XElement(Command + "returnValue", Type(t.TypeName), t.Description.Count > 0 ? Description(t.Description) : null))),
            c.Notes.Count > 0 ? new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(c.Notes))) : null,
            new XElement(Command + "examples", c.Examples.Select(e =>
                new XElement(Command + "example",
                    new XElement(Maml + "title", $"{TitleFrame} {e.Title} {TitleFrame}"),
                    new XElement(Dev + "code", e.Code),
                    new XElement(Dev + "remarks", Paras(e.Remarks))))),
            new XElement(Maml + "relatedLinks", c.Links.Select(l =>
                new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", l.Text), new XElement(Maml + "uri", l.Uri)))));

    /// <summary>
    /// One syntax item per set: its parameters with the usage for that set, ordered as the engine prints a syntax
    /// (positional by position, then mandatory named ones, then the rest as the markdown lists them).
    /// </summary>
    private static XElement SyntaxItem(CommandHelp c, SyntaxSet set)
    {
        var members = c.Parameters
            .Select((p, index) => (p, index, usage: p.Usages.FirstOrDefault(u => u.AppliesTo(set.Name))))
            .Where(x => x.usage != null)
            .OrderBy(x => x.usage!.Position ?? int.MaxValue).ThenBy(x => x.usage!.Required ? 0 : 1).ThenBy(x => x.index);
        return new XElement(Command + "syntaxItem",
            new XElement(Maml + "name", c.Name),
            members.Select(x => Parameter(x.p, x.usage!, inSyntax: true)));
    }

    private static XElement Parameter(ParameterHelp p, ParameterUsage u, bool inSyntax) =>
        new(Command + "parameter",
            new XAttribute("required", u.Required ? "true" : "false"),
            new XAttribute("globbing", p.AcceptsWildcards ? "true" : "false"),
            new XAttribute("pipelineInput", u.PipelineInput),
            new XAttribute("position", u.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
            p.Aliases.Count > 0 ? new XAttribute("aliases", string.Join(", ", p.Aliases)) : null,
            new XElement(Maml + "name", p.Name),
            Description(p.Description),
            // A switch takes no value: in a syntax item a value would print as "-Force <SwitchParameter>".
            p.IsSwitch && inSyntax ? null : new XElement(Command + "parameterValue", new XAttribute("required", p.IsSwitch ? "false" : "true"), p.Type),
            Type(p.Type),
            p.DefaultValue.Length > 0 && p.DefaultValue != "None" ? new XElement(Dev + "defaultValue", p.DefaultValue) : null);

    private static XElement Type(string name) => new(Dev + "type", new XElement(Maml + "name", name));

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", Paras(paragraphs));

    private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs) => paragraphs.Select(p => new XElement(Maml + "para", p));
}
