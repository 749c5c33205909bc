using System;
using System.IO;
using System.Linq;

namespace SvmBackup.HelpCompiler;

/// <summary>
/// SvmBackup.HelpCompiler &lt;markdown folder&gt; &lt;output MAML file&gt;: run by the module build. Errors are printed in
/// MSBuild's "file(line): error" form so the build fails pointing at the markdown line to fix.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: SvmBackup.HelpCompiler <folder of Verb-Noun.md files> <output .dll-Help.xml>");
            return 2;
        }
        try
        {
            var files = Directory.GetFiles(args[0], "*.md").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                Console.Error.WriteLine($"{args[0]}: error SVMHELP: no markdown help files");
                return 1;
            }
            var commands = files.Select(MarkdownHelpParser.ParseFile).ToList();
            foreach (var c in commands)
            {
                // The file name is what a maintainer looks for; it must name the cmdlet it documents.
                if (Path.GetFileNameWithoutExtension(c.SourceFile) != c.Name)
                    throw new HelpFormatException(c.SourceFile, 1, $"documents '{c.Name}' but the file is not named '{c.Name}.md'");
            }
            MamlWriter.Save(MamlWriter.ToMaml(commands), args[1]);
            Console.WriteLine($"SvmBackup.HelpCompiler: {commands.Count} cmdlets -> {args[1]}");
            return 0;
        }
        catch (HelpFormatException ex)
        {
            Console.Error.WriteLine(ex.ToBuildError());
            return 1;
        }
    }
}
