using System.Management.Automation;
using System.Management.Automation.Runspaces;
using SvmBackup.Examples;

// Usage: dotnet run --project examples/SvmBackup.Examples -- examples/Get-SvmMirror.Simulated.ps1 [args...]
// The script runs in a real PowerShell engine with the built module folder (out/SvmBackup) on PSModulePath,
// so `Import-Module SvmBackup` works as it does in pwsh. Output objects are printed with the module's own
// table views (this engine package has no Format-Table).
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: svmbackup-examples <script.ps1> [arguments...]");
    return 2;
}

var repo = RepoRoot.Find();
var moduleRoot = Path.Combine(repo, "out");
Environment.SetEnvironmentVariable("PSModulePath", moduleRoot + Path.PathSeparator + Environment.GetEnvironmentVariable("PSModulePath"));

var iss = InitialSessionState.CreateDefault2();
using var runspace = RunspaceFactory.CreateRunspace(iss);
runspace.Open();
Runspace.DefaultRunspace = runspace;
using var ps = PowerShell.Create();
ps.Runspace = runspace;
ps.AddCommand(Path.GetFullPath(args[0]));
foreach (var a in args.Skip(1)) ps.AddArgument(a);

var renderer = new TableRenderer(Path.Combine(moduleRoot, "SvmBackup", "SvmBackup.Format.ps1xml"));
var output = new PSDataCollection<PSObject>();
output.DataAdded += (s, e) => renderer.Add(output[e.Index]);
ps.Streams.Warning.DataAdded += (s, e) => Console.WriteLine("WARNING: " + ps.Streams.Warning[e.Index].Message);
ps.Streams.Verbose.DataAdded += (s, e) => Console.WriteLine("VERBOSE: " + ps.Streams.Verbose[e.Index].Message);
ps.Streams.Information.DataAdded += (s, e) => Console.WriteLine(ps.Streams.Information[e.Index].MessageData);
try
{
    ps.Invoke(null, output);
}
catch (RuntimeException ex)
{
    renderer.Flush();
    Console.Error.WriteLine($"{ex.ErrorRecord.FullyQualifiedErrorId}: {ex.Message}");
    return 1;
}
renderer.Flush();
foreach (var e in ps.Streams.Error) Console.Error.WriteLine($"{e.FullyQualifiedErrorId}: {e.Exception.Message}");
return ps.Streams.Error.Count == 0 ? 0 : 1;
