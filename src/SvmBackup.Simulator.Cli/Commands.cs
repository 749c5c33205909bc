using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using SvmBackup.Simulator;

namespace SvmBackup.Simulator.Cli;

/// <summary>svmsim subcommands.</summary>
internal static class Commands
{
    public const string Help =
        "usage: svmsim --state DIR --node NODE TOOL [args...]      run a simulated tool (metastat, metaset, metaoffline,\n" +
        "                                                          metaonline, metadetach, metattach, lockfs, ufsdump, fsck, uname,\n" +
        "                                                          id, mt, test)\n" +
        "       svmsim init --state DIR [--topology FILE] [--resync-speed BLOCKS_PER_SEC]\n" +
        "       svmsim install-root --state DIR --node NODE --launcher STR|--socket PATH   (prints the root directory;\n" +
        "                                                          --socket: Perl shims that call a resident server)\n" +
        "       svmsim serve --state DIR --socket PATH [--until-stdin-closes]   resident server: runs the tools of\n" +
        "                                                          --socket shims in this process until SIGTERM/SIGINT\n" +
        "       svmsim write --state DIR --node NODE --target d1|/home1 --offset BLOCKS --blocks N [--byte 0xAB]\n" +
        "       svmsim fault --state DIR --kind maintenance|last-erred|tape-not-ready|dump-fails|latency|hang|resync\n" +
        "                    [--node NODE] [--tool TOOL] [--device MD] [--component C] [--submirror SM] [--percent P] [--ms MS]\n" +
        "       svmsim clear-faults --state DIR\n" +
        "       svmsim owner --state DIR --set SET [--node NODE]                (moves disk-set ownership; no --node = unowned)\n" +
        "       svmsim topology --out FILE                                 (writes the default topology)\n" +
        "       svmsim --help\n";

    public static int Dispatch(ArgumentReader reader, CancellationToken cancellationToken)
    {
        if (reader.AtEnd || reader.Peek() == "--help" || reader.Peek() == "-h")
        {
            Console.Out.Write(Help);
            return reader.AtEnd ? 2 : 0;
        }
        if (reader.Peek().StartsWith("--"))
        {
            return RunTool(reader, cancellationToken);
        }
        var command = reader.Next();
        var options = reader.Options("until-stdin-closes");
        switch (command)
        {
            case "init":
                return Init(options);
            case "install-root":
                var simulator = SolarisSimulator.Open(Required(options, "state"));
                Console.Out.WriteLine(options.TryGetValue("socket", out var socket)
                    ? simulator.InstallResidentRoot(Required(options, "node"), socket)
                    : simulator.InstallRoot(Required(options, "node"), Required(options, "launcher")));
                return 0;
            case "serve":
                return Serve(options, cancellationToken);
            case "write":
                return Write(options, cancellationToken);
            case "fault":
                SolarisSimulator.Open(Required(options, "state")).InjectFault(Fault(options));
                return 0;
            case "clear-faults":
                SolarisSimulator.Open(Required(options, "state")).ClearFaults();
                return 0;
            case "owner":
                options.TryGetValue("node", out var owner);
                SolarisSimulator.Open(Required(options, "state")).SetDiskSetOwner(Required(options, "set"), owner);
                return 0;
            case "topology":
                SimulatorTopology.Default.Save(Required(options, "out"));
                return 0;
            default:
                throw new UsageException("unknown command " + command);
        }
    }

    private static int RunTool(ArgumentReader reader, CancellationToken cancellationToken)
    {
        var options = reader.Options();
        var tool = reader.Next();
        var args = reader.Rest();
        var simulator = SolarisSimulator.Open(Required(options, "state"));
        using var stdin = Console.OpenStandardInput();
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        return simulator.Run(Required(options, "node"), tool, args, stdin, Native.StdinIsTty(), stdout, stderr, Native.EffectiveUid(), cancellationToken);
    }

    private static int Serve(Dictionary<string, string> options, CancellationToken cancellationToken)
    {
        var simulator = SolarisSimulator.Open(Required(options, "state"));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.ContainsKey("until-stdin-closes"))
        {
            // Started by a harness that holds our stdin: if it dies without stopping us, the pipe's end does.
            new Thread(() =>
            {
                using var stdin = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (stdin.Read(buffer, 0, buffer.Length) > 0) { }
                stop.Cancel();
            }) { IsBackground = true }.Start();
        }
        return new ResidentServer(simulator, Required(options, "socket"), Console.Out).Serve(stop.Token);
    }

    private static int Init(Dictionary<string, string> options)
    {
        var topology = options.TryGetValue("topology", out var file) ? SimulatorTopology.Load(file) : null;
        var simulator = SolarisSimulator.Create(Required(options, "state"), topology);
        if (options.TryGetValue("resync-speed", out var speed))
        {
            var value = double.Parse(speed, CultureInfo.InvariantCulture);
            simulator.UpdateOptions(o => o.ResyncBlocksPerSecond = value);
        }
        Console.Out.WriteLine(simulator.StateDirectory);
        return 0;
    }

    private static int Write(Dictionary<string, string> options, CancellationToken cancellationToken)
    {
        var blocks = int.Parse(Required(options, "blocks"), CultureInfo.InvariantCulture);
        var fill = options.TryGetValue("byte", out var b) ? ParseByte(b) : (byte)0xAB;
        var data = new byte[blocks * 512];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = fill;
        }
        SolarisSimulator.Open(Required(options, "state")).Write(Required(options, "node"), Required(options, "target"),
            long.Parse(Required(options, "offset"), CultureInfo.InvariantCulture), data, cancellationToken);
        return 0;
    }

    private static byte ParseByte(string text) => text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        ? byte.Parse(text.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
        : byte.Parse(text, CultureInfo.InvariantCulture);

    private static SimulatorFault Fault(Dictionary<string, string> o)
    {
        o.TryGetValue("node", out var node);
        o.TryGetValue("tool", out var tool);
        o.TryGetValue("device", out var device);
        o.TryGetValue("component", out var component);
        o.TryGetValue("submirror", out var submirror);
        var percent = o.TryGetValue("percent", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : 0;
        var ms = o.TryGetValue("ms", out var m) ? int.Parse(m, CultureInfo.InvariantCulture) : 0;
        var kind = Required(o, "kind");
        switch (kind)
        {
            case "maintenance": return SimulatorFault.ComponentMaintenance(Required(o, "device"), component, node);
            case "last-erred": return SimulatorFault.ComponentLastErred(Required(o, "device"), component, node);
            case "tape-not-ready": return SimulatorFault.TapeNotReady(node);
            case "dump-fails": return SimulatorFault.DumpFailsAt(percent, node);
            case "latency": return SimulatorFault.Latency(ms, tool, node);
            case "hang": return SimulatorFault.Hang(tool, node);
            case "resync": return SimulatorFault.ResyncInProgress(Required(o, "device"), submirror, percent, node);
            default: throw new UsageException("unknown fault kind " + kind);
        }
    }

    private static string Required(Dictionary<string, string> options, string key) =>
        options.TryGetValue(key, out var value) ? value : throw new UsageException("missing --" + key);
}
