namespace SvmBackup.Simulator;

public enum SimulatorFaultKind
{
    /// <summary>A component of a submirror is in Maintenance (metastat: Needs maintenance + metareplace).</summary>
    ComponentMaintenance,
    /// <summary>A component is Last Erred.</summary>
    ComponentLastErred,
    /// <summary>The dump output cannot be opened: ufsdump's NEEDS ATTENTION retry query.</summary>
    TapeNotReady,
    /// <summary>ufsdump fails with a write error after Percent % of the data.</summary>
    DumpFailsAt,
    /// <summary>Every matching invocation is delayed by LatencyMilliseconds.</summary>
    Latency,

    /// <summary>The tool does its work, then takes LatencyMilliseconds to exit (cancellable: exit 130).</summary>
    SlowExit,
    /// <summary>Matching invocations never finish (until killed / cancelled).</summary>
    Hang,
    /// <summary>Matching invocations print Message on stderr and exit ExitCode, changing nothing.</summary>
    Fails,
    /// <summary>Starts a full resync on a mirror (Submirror or the last one); Percent = progress already made. Applied once.</summary>
    ResyncInProgress,
}
