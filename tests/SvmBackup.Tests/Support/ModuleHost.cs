using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace SvmBackup.Tests.Support;

/// <summary>
/// The real PowerShell engine (System.Management.Automation 7.6.9) with the BUILT module folder imported exactly
/// as a user would: Import-Module out/SvmBackup/SvmBackup.psd1.
/// </summary>
public sealed class ModuleHost : IDisposable
{
    private readonly Runspace _runspace;

    public ModuleHost()
    {
        Assert.True(File.Exists(RepoPaths.ModuleManifest), "Build first: " + RepoPaths.ModuleManifest + " is missing.");
        var iss = InitialSessionState.CreateDefault2();
        _runspace = RunspaceFactory.CreateRunspace(iss);
        _runspace.Open();
        var r = Invoke("Import-Module -Name $args[0] -ErrorAction Stop -PassThru", RepoPaths.ModuleManifest);
        Assert.Empty(r.Errors);
        Module = (PSModuleInfo)r.Output.Single().BaseObject;
    }

    public PSModuleInfo Module { get; }

    public HostResult Invoke(string script, params object[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (var a in args) ps.AddArgument(a);
        Collection<PSObject> output;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            return new HostResult(new Collection<PSObject>(), new[] { ex.ErrorRecord }, ps.Streams.Warning.Select(w => w.Message).ToArray(), ps.Streams.Verbose.Select(v => v.Message).ToArray());
        }
        return new HostResult(output, ps.Streams.Error.ToArray(), ps.Streams.Warning.Select(w => w.Message).ToArray(), ps.Streams.Verbose.Select(v => v.Message).ToArray());
    }

    public void Dispose() => _runspace.Dispose();
}

public sealed record HostResult(Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors, IReadOnlyList<string> Warnings, IReadOnlyList<string> Verbose)
{
    public T Single<T>() => Assert.IsType<T>(Assert.Single(Output).BaseObject);

    public IReadOnlyList<T> All<T>() => Output.Select(o => Assert.IsType<T>(o.BaseObject)).ToList();

    public void AssertNoErrors()
    {
        if (Errors.Count > 0) Assert.Fail("Unexpected errors: " + string.Join(" | ", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message)));
    }
}
