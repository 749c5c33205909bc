using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace SvmBackup.Tests.Support;

/// <summary>
/// A hosted engine (own runspace, the BUILT module imported as <see cref="ModuleHost"/> does) whose invocations keep
/// every stream: output, errors (also a terminating one), warning, verbose, debug, information and progress.
/// With a <see cref="PSHost"/> the runspace runs under that host (e.g. one that records or refuses any UI use).
/// </summary>
public sealed class StreamsHost : IDisposable
{
    private readonly Runspace _runspace;

    public StreamsHost(System.Management.Automation.Host.PSHost? host = null)
    {
        Assert.True(File.Exists(RepoPaths.ModuleManifest), "Build first: " + RepoPaths.ModuleManifest + " is missing.");
        var iss = InitialSessionState.CreateDefault2();
        _runspace = host == null ? RunspaceFactory.CreateRunspace(iss) : RunspaceFactory.CreateRunspace(host, iss);
        _runspace.Open();
        var r = Invoke("Import-Module -Name $args[0] -ErrorAction Stop", RepoPaths.ModuleManifest);
        Assert.True(r.Errors.Count == 0, "Import-Module failed: " + string.Join(" | ", r.Errors));
    }

    public AllStreams Invoke(string script, params object?[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (var a in args) ps.AddArgument(a);
        Collection<PSObject> output;
        var errors = new List<ErrorRecord>();
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            output = new Collection<PSObject>();
            errors.Add(ex.ErrorRecord);
        }
        errors.InsertRange(0, ps.Streams.Error);
        return new AllStreams(output, errors, ps.Streams.Warning.ToList(), ps.Streams.Verbose.ToList(), ps.Streams.Debug.ToList(), ps.Streams.Information.ToList(), ps.Streams.Progress.ToList());
    }

    public void Dispose() => _runspace.Dispose();
}

public sealed record AllStreams(
    Collection<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<WarningRecord> Warnings,
    IReadOnlyList<VerboseRecord> Verbose,
    IReadOnlyList<DebugRecord> Debug,
    IReadOnlyList<InformationRecord> Information,
    IReadOnlyList<ProgressRecord> Progress)
{
    public void AssertNoErrors()
    {
        if (Errors.Count > 0) Assert.Fail("Unexpected errors: " + string.Join(" | ", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message)));
    }
}
