using System.Collections.Generic;

namespace SvmBackup.Simulator.Cli;

/// <summary>Reads "--name value" options up to the first non-option word (the tool or subcommand).</summary>
internal sealed class ArgumentReader
{
    private readonly string[] _args;
    private int _position;

    public ArgumentReader(string[] args) => _args = args;

    public bool AtEnd => _position >= _args.Length;

    public string Peek() => _args[_position];

    public string Next() => AtEnd ? throw new UsageException("missing argument") : _args[_position++];

    /// <summary>Consumes leading "--key value" pairs (and bare flags listed in flags) into a dictionary.</summary>
    public Dictionary<string, string> Options(params string[] flags)
    {
        var options = new Dictionary<string, string>();
        while (!AtEnd && Peek().StartsWith("--"))
        {
            var key = Next().Substring(2);
            options[key] = System.Array.IndexOf(flags, key) >= 0 ? "true" : Next();
        }
        return options;
    }

    public List<string> Rest()
    {
        var rest = new List<string>();
        while (!AtEnd)
        {
            rest.Add(Next());
        }
        return rest;
    }
}
