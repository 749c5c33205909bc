using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using SvmBackup.Simulator.State;

namespace SvmBackup.Simulator.Tools;

/// <summary>One invocation of a simulated tool: who runs it, where, and its standard streams.</summary>
internal sealed class ToolContext
{
    public ToolContext(SolarisSimulator simulator, string node, string prog, IReadOnlyList<string> args, Stream stdin, bool stdinIsTty,
        Stream stdout, Stream stderr, int effectiveUid, CancellationToken cancellationToken)
    {
        Simulator = simulator;
        Node = node;
        Prog = prog;
        Args = args;
        Stdin = stdin;
        StdinIsTty = stdinIsTty;
        Stdout = stdout;
        Stderr = stderr;
        EffectiveUid = effectiveUid;
        CancellationToken = cancellationToken;
    }

    public SolarisSimulator Simulator { get; }
    public string Node { get; }
    public string Prog { get; }
    public IReadOnlyList<string> Args { get; }
    public Stream Stdin { get; }
    public bool StdinIsTty { get; }
    public Stream Stdout { get; }
    public Stream Stderr { get; }
    public int EffectiveUid { get; }
    public CancellationToken CancellationToken { get; }
    public bool IsRoot => EffectiveUid == 0;

    public T Transact<T>(Func<Cluster, T> action) => Simulator.Transact(action, CancellationToken);

    public void Out(string text) => WriteText(Stdout, text);

    public void Err(string text) => WriteText(Stderr, text);

    /// <summary>mde_perror: "prog: node: [name: ]text" followed by an empty line, on stderr; exit 1.</summary>
    public int MetaError(string? name, string text)
    {
        Err(Prog + ": " + Node + ": " + (name == null ? "" : name + ": ") + text + "\n\n");
        return 1;
    }

    private static void WriteText(Stream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        stream.Write(bytes, 0, bytes.Length);
        stream.Flush();
    }
}
