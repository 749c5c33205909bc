using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace SvmBackup.Tests.Support;

/// <summary>
/// A second hosted engine (own runspace, the BUILT module imported as <see cref="ModuleHost"/> does) for pipelines
/// that run in the background and are stopped like Ctrl+C (<see cref="PowerShell.Stop"/>).
/// </summary>
public sealed class PipelineHost : IDisposable
{
    private readonly Runspace _runspace;

    public PipelineHost()
    {
        Assert.True(File.Exists(RepoPaths.ModuleManifest), "Build first: " + RepoPaths.ModuleManifest + " is missing.");
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript("Import-Module -Name $args[0] -ErrorAction Stop").AddArgument(RepoPaths.ModuleManifest);
        ps.Invoke();
        Assert.False(ps.HadErrors, "Import-Module failed: " + string.Join(" | ", ps.Streams.Error));
    }

    /// <summary>Starts the script without waiting; dispose the returned pipeline when done.</summary>
    public RunningPipeline Start(string script, params object[] args)
    {
        var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (var a in args) ps.AddArgument(a);
        var output = new PSDataCollection<PSObject>();
        var handle = ps.BeginInvoke<PSObject, PSObject>(null, output);
        return new RunningPipeline(ps, handle, output);
    }

    public void Dispose() => _runspace.Dispose();
}

public sealed class RunningPipeline(PowerShell shell, IAsyncResult handle, PSDataCollection<PSObject> output) : IDisposable
{
    public PowerShell Shell { get; } = shell;
    public PSDataCollection<PSObject> Output { get; } = output;
    public PSInvocationState State => Shell.InvocationStateInfo.State;

    /// <summary>Waits for the end; false on timeout. Exceptions of the pipeline are swallowed (see <see cref="State"/>).</summary>
    public bool Wait(TimeSpan timeout)
    {
        if (!handle.AsyncWaitHandle.WaitOne(timeout)) return false;
        try { Shell.EndInvoke(handle); }
        catch (RuntimeException) { }
        return true;
    }

    /// <summary>Stops the pipeline (as Ctrl+C does); false when Stop did not return within <paramref name="timeout"/>.</summary>
    public bool Stop(TimeSpan timeout) => Task.Run(Shell.Stop).Wait(timeout);

    public void Dispose() => Shell.Dispose();
}
