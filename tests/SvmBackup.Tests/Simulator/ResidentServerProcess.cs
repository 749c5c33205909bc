using System.Collections.Concurrent;
using System.Diagnostics;
using SvmBackup.Simulator;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Simulator;

/// <summary>
/// A running `svmsim serve` (the built svmsim) for a simulator state, outside any rig namespace, and the roots whose
/// Perl shims call it: simulated tools cost a Perl start and a socket round trip instead of a .NET start.
/// Disposing closes the server's stdin, which stops it (--until-stdin-closes); so does this process dying.
/// </summary>
public sealed class ResidentServerProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> log = new();
    private readonly TaskCompletionSource<bool> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool disposed;

    private ResidentServerProcess(SolarisSimulator simulator, string socketPath)
    {
        Simulator = simulator;
        SocketPath = socketPath;
        var start = new ProcessStartInfo(Dotnet()) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { RepoPaths.SimulatorDll, "serve", "--state", simulator.StateDirectory, "--socket", socketPath, "--until-stdin-closes" })
            start.ArgumentList.Add(a);
        start.Environment.Remove("SVMSIM_EUID");
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public SolarisSimulator Simulator { get; }
    public string SocketPath { get; }

    /// <summary>What the server printed: "serving ...", then "start ID NODE TOOL" and "end ID EXIT TIMEms" per tool.</summary>
    public IReadOnlyCollection<string> Log => log;

    /// <summary>Tools started and not yet ended, by the server's log.</summary>
    public int RunningTools => log.Count(l => l.StartsWith("start ", StringComparison.Ordinal)) - log.Count(l => l.StartsWith("end ", StringComparison.Ordinal));

    public static ResidentServerProcess Start(SolarisSimulator simulator)
    {
        Assert.True(File.Exists(RepoPaths.SimulatorDll), "Build first: " + RepoPaths.SimulatorDll);
        var server = new ResidentServerProcess(simulator, Path.Combine(simulator.StateDirectory, "svmsim.sock"));
        if (!server.listening.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            server.Dispose();
            throw new TimeoutException("svmsim serve did not listen: " + string.Join("\n", server.log));
        }
        return server;
    }

    /// <summary>Installs (or rewrites) the node's root with shims that run its tools in this server.</summary>
    /// <summary>CPU time the server has used so far (user + system): the simulated hosts' own tool work.</summary>
    public TimeSpan ProcessorTime
    {
        get { process.Refresh(); return process.TotalProcessorTime; }
    }

    public string RootFor(string node) => Simulator.InstallResidentRoot(node, SocketPath);

    private void Received(string? line)
    {
        if (line is null) return;
        log.Enqueue(line);
        if (line.StartsWith("serving ", StringComparison.Ordinal)) listening.TrySetResult(true);
    }

    private static string Dotnet() =>
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet"
            ? p
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dotnet")).FirstOrDefault(File.Exists) ?? "dotnet";

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try { process.StandardInput.Close(); } catch (IOException) { } catch (InvalidOperationException) { }
        if (!process.WaitForExit(15_000))
        {
            try { process.Kill(); } catch (InvalidOperationException) { }
            process.WaitForExit(5_000);
        }
        process.Dispose();
    }
}
