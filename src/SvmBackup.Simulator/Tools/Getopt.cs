using System.Collections.Generic;

namespace SvmBackup.Simulator.Tools;

/// <summary>POSIX getopt(3C): clustered flags, "x:" takes an argument, stops at the first operand or "--".</summary>
internal sealed class Getopt
{
    public List<KeyValuePair<char, string?>> Options { get; } = new List<KeyValuePair<char, string?>>();
    public List<string> Operands { get; } = new List<string>();
    /// <summary>Set when an unknown option or a missing argument was met (getopt returned '?').</summary>
    public char? Bad { get; private set; }
    public bool MissingArgument { get; private set; }

    public static Getopt Parse(IReadOnlyList<string> args, string spec)
    {
        var result = new Getopt();
        var i = 0;
        for (; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                i++;
                break;
            }
            if (a.Length < 2 || a[0] != '-')
            {
                break;
            }
            for (var j = 1; j < a.Length; j++)
            {
                var c = a[j];
                var at = c == ':' ? -1 : spec.IndexOf(c);
                if (at < 0 || c == '?')
                {
                    result.Bad ??= c;
                    result.Options.Add(new KeyValuePair<char, string?>('?', c.ToString()));
                    continue;
                }
                if (at + 1 < spec.Length && spec[at + 1] == ':')
                {
                    string? value = null;
                    if (j + 1 < a.Length)
                    {
                        value = a.Substring(j + 1);
                    }
                    else if (i + 1 < args.Count)
                    {
                        value = args[++i];
                    }
                    if (value == null)
                    {
                        result.Bad ??= c;
                        result.MissingArgument = true;
                    }
                    result.Options.Add(new KeyValuePair<char, string?>(c, value));
                    break;
                }
                result.Options.Add(new KeyValuePair<char, string?>(c, null));
            }
        }
        for (; i < args.Count; i++)
        {
            result.Operands.Add(args[i]);
        }
        return result;
    }

    public bool Has(char c) => Options.Exists(o => o.Key == c);

    public string? Value(char c)
    {
        string? v = null;
        foreach (var o in Options)
        {
            if (o.Key == c)
            {
                v = o.Value;
            }
        }
        return v;
    }

    /// <summary>Solaris getopt's own diagnostic.</summary>
    public string Diagnostic(string prog) => MissingArgument
        ? prog + ": option requires an argument -- " + Bad + "\n"
        : prog + ": illegal option -- " + Bad + "\n";
}
