using System.Diagnostics;
using System.Text;

namespace SvmBackup.Tests.Simulator;

/// <summary>Runs the built svmsim (out/SvmBackup/simulator/svmsim.dll, or SVMSIM_DLL) as a separate process.</summary>
internal static class SvmsimProcess
{
    public static string DllPath { get; } = Locate();

    public static string Launcher => "'dotnet' '" + DllPath + "'";

    public static ToolResult Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(DllPath);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        return Start(start, environment);
    }

    public static ToolResult Shell(string command, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        return Start(start, environment);
    }

    private static ToolResult Start(ProcessStartInfo start, IReadOnlyDictionary<string, string>? environment)
    {
        start.Environment.Remove("SVMSIM_EUID");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close(); // stdin is not a tty (and empty)
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(true);
            throw new TimeoutException("svmsim did not finish: " + string.Join(" ", start.ArgumentList));
        }
        copy.GetAwaiter().GetResult();
        var bytes = stdout.ToArray();
        return new ToolResult(process.ExitCode, Encoding.UTF8.GetString(bytes), stderr.GetAwaiter().GetResult(), bytes);
    }

    private static string Locate()
    {
        var explicitPath = Environment.GetEnvironmentVariable("SVMSIM_DLL");
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return explicitPath;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "out", "SvmBackup", "simulator", "svmsim.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("svmsim.dll not found; build src/SvmBackup.Simulator.Cli or set SVMSIM_DLL");
    }
}
