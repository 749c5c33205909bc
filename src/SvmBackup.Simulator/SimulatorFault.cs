namespace SvmBackup.Simulator;

/// <summary>A fault injected into the simulated cluster; persisted until ClearFaults.</summary>
public sealed class SimulatorFault
{
    public SimulatorFaultKind Kind { get; set; }
    /// <summary>Node the fault applies to; null = every node.</summary>
    public string? Node { get; set; }
    /// <summary>Latency/Hang/SlowExit/Fails: tool basename; null = every tool.</summary>
    public string? Tool { get; set; }
    /// <summary>Latency/Hang/SlowExit/Fails: only invocations whose arguments (joined by spaces) contain this; null = all.</summary>
    public string? ArgsContain { get; set; }
    /// <summary>Fails: the exit status and what the tool prints on stderr (the caller gives Solaris's own words).</summary>
    public int ExitCode { get; set; }
    public string? Message { get; set; }
    /// <summary>Component faults: the submirror ("d3", "schost-1/d30"); ResyncInProgress: the mirror.</summary>
    public string? Metadevice { get; set; }
    /// <summary>Component faults: component name; null = the first component.</summary>
    public string? Component { get; set; }
    /// <summary>ResyncInProgress: the target submirror; null = the last one.</summary>
    public string? Submirror { get; set; }
    public int Percent { get; set; }
    public int LatencyMilliseconds { get; set; }
    /// <summary>Set by InjectFault: when a component went bad (metastat -t).</summary>
    public System.DateTime? InjectedUtc { get; set; }

    public static SimulatorFault ComponentMaintenance(string submirror, string? component = null, string? node = null) =>
        new SimulatorFault { Kind = SimulatorFaultKind.ComponentMaintenance, Metadevice = submirror, Component = component, Node = node };

    public static SimulatorFault ComponentLastErred(string submirror, string? component = null, string? node = null) =>
        new SimulatorFault { Kind = SimulatorFaultKind.ComponentLastErred, Metadevice = submirror, Component = component, Node = node };

    public static SimulatorFault TapeNotReady(string? node = null) =>
        new SimulatorFault { Kind = SimulatorFaultKind.TapeNotReady, Node = node };

    public static SimulatorFault DumpFailsAt(int percent, string? node = null) =>
        new SimulatorFault { Kind = SimulatorFaultKind.DumpFailsAt, Percent = percent, Node = node };

    public static SimulatorFault SlowExit(int milliseconds, string? tool = null, string? node = null) =>
        new SimulatorFault { Kind = SimulatorFaultKind.SlowExit, LatencyMilliseconds = milliseconds, Tool = tool, Node = node };

    public static SimulatorFault Latency(int milliseconds, string? tool = null, string? node = null) =>
        new SimulatorFault { Kind = SimulatorFaultKind.Latency, LatencyMilliseconds = milliseconds, Tool = tool, Node = node };

    public static SimulatorFault Hang(string? tool = null, string? node = null, string? argsContain = null) =>
        new SimulatorFault { Kind = SimulatorFaultKind.Hang, Tool = tool, Node = node, ArgsContain = argsContain };

    /// <summary>The tool does nothing but print <paramref name="message"/> on stderr and exit <paramref name="exitCode"/>.</summary>
    public static SimulatorFault Fails(string tool, int exitCode, string message, string? argsContain = null, string? node = null) =>
        new SimulatorFault { Kind = SimulatorFaultKind.Fails, Tool = tool, ExitCode = exitCode, Message = message, ArgsContain = argsContain, Node = node };

    public static SimulatorFault ResyncInProgress(string mirror, string? submirror = null, int percent = 0, string? node = null) =>
        new SimulatorFault { Kind = SimulatorFaultKind.ResyncInProgress, Metadevice = mirror, Submirror = submirror, Percent = percent, Node = node };
}
