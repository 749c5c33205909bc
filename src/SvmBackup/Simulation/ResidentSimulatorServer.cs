using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SvmBackup.PowerShell.Simulation
{
    /// <summary>
    /// `svmsim serve` for New-SvmSimulator -Resident: one simulator process that runs every simulated tool, so a tool
    /// call costs a /bin/sh + Perl start (~10 ms) instead of a .NET start (~350 ms). It holds our end of its stdin and
    /// exits when that closes, so it never outlives the PowerShell process that started it.
    /// </summary>
    internal sealed class ResidentSimulatorServer
    {
        private readonly Process _process;

        private ResidentSimulatorServer(Process process, string socketPath)
        {
            _process = process;
            SocketPath = socketPath;
        }

        public string SocketPath { get; }

        public bool IsRunning => !_process.HasExited;

        public static ResidentSimulatorServer Start(string stateDirectory)
        {
            if (!File.Exists("/usr/bin/perl"))
                throw new InvalidOperationException("-Resident needs /usr/bin/perl (the simulated tools' shims are a small Perl client).");
            var socket = Path.Combine(stateDirectory, "svmsim.sock");
            // sockaddr_un holds 107 bytes of path on Linux.
            if (System.Text.Encoding.UTF8.GetByteCount(socket) > 107)
                throw new ArgumentException($"The simulator directory's path is too long for a Unix socket ({socket}); use a shorter -Path.");
            var start = SimulatorLauncher.StartInfo("serve", "--state", stateDirectory, "--socket", socket, "--until-stdin-closes");
            start.RedirectStandardInput = true;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            var process = Process.Start(start) ?? throw new InvalidOperationException("The simulator server did not start.");
            var serving = new TaskCompletionSource<bool>();
            var errors = new System.Text.StringBuilder();
            // Its log (a line per tool call) must be drained, or a full pipe would stall it.
            new Thread(() =>
            {
                string? line;
                while ((line = process.StandardOutput.ReadLine()) != null)
                    if (line.StartsWith("serving ", StringComparison.Ordinal)) serving.TrySetResult(true);
                serving.TrySetResult(false);
            }) { IsBackground = true }.Start();
            new Thread(() =>
            {
                string? line;
                while ((line = process.StandardError.ReadLine()) != null) lock (errors) errors.AppendLine(line);
            }) { IsBackground = true }.Start();
            if (!serving.Task.Wait(TimeSpan.FromSeconds(60)) || !serving.Task.Result)
            {
                try { if (!process.HasExited) process.Kill(); } catch (InvalidOperationException) { }
                lock (errors) throw new InvalidOperationException("The simulator server did not start: " + errors.ToString().Trim());
            }
            return new ResidentSimulatorServer(process, socket);
        }
    }
}
