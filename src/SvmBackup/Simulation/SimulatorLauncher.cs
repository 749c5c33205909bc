using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using SvmBackup.Scripts;

namespace SvmBackup.PowerShell.Simulation
{
    /// <summary>
    /// Finds how to start the simulator executable (simulator/svmsim.dll in the module folder) with the .NET
    /// runtime: the running `dotnet` host, $DOTNET_ROOT/dotnet, or `dotnet` on PATH.
    /// </summary>
    internal static class SimulatorLauncher
    {
        public static string ModuleDirectory => Path.GetDirectoryName(typeof(SimulatorLauncher).Assembly.Location) ?? ".";

        public static string SimulatorDll => Path.Combine(ModuleDirectory, "simulator", "svmsim.dll");

        /// <summary>The shell command prefix the simulator's shims exec, e.g. "'/usr/bin/dotnet' '/m/simulator/svmsim.dll'".</summary>
        public static string Command()
        {
            if (!File.Exists(SimulatorDll))
                throw new FileNotFoundException($"The simulated host is not in the module folder ({SimulatorDll}); rebuild or reinstall SvmBackup.", SimulatorDll);
            return ShellQuote.Quote(FindDotnet()) + " " + ShellQuote.Quote(SimulatorDll);
        }

        /// <summary>How to start svmsim directly (no shell) with these arguments.</summary>
        public static ProcessStartInfo StartInfo(params string[] args)
        {
            if (!File.Exists(SimulatorDll))
                throw new FileNotFoundException($"The simulated host is not in the module folder ({SimulatorDll}); rebuild or reinstall SvmBackup.", SimulatorDll);
            // netstandard2.0 has no ArgumentList: quote each argument by .NET's rules (paths have no quotes or backslashes here).
            var line = string.Join(" ", new[] { SimulatorDll }.Concat(args).Select(a => "\"" + a.Replace("\"", "\\\"") + "\""));
            return new ProcessStartInfo(FindDotnet(), line) { UseShellExecute = false };
        }

        private static string FindDotnet()
        {
            try
            {
                var self = Process.GetCurrentProcess().MainModule?.FileName;
                if (self != null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return self;
            }
            catch (InvalidOperationException) { }
            catch (System.ComponentModel.Win32Exception) { }
            var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
            if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
            var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Where(d => d.Length > 0).Select(d => Path.Combine(d, "dotnet")).FirstOrDefault(File.Exists);
            if (onPath != null) return onPath;
            foreach (var p in new[] { "/usr/share/dotnet/dotnet", "/usr/lib/dotnet/dotnet", "/usr/local/share/dotnet/dotnet", "/opt/dotnet/dotnet" })
                if (File.Exists(p)) return p;
            throw new FileNotFoundException("The simulated host needs the .NET runtime 8 or later ('dotnet' on PATH or DOTNET_ROOT set).");
        }
    }
}
