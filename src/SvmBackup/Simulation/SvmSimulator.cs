using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using SvmBackup.Simulator;
using SvmBackup.Transport;

namespace SvmBackup.PowerShell.Simulation
{
    /// <summary>
    /// A simulated Solaris host (one or several nodes) whose state lives in a directory: what New-SvmSimulator
    /// returns and New-SvmSession -Simulator connects to. Like vcsim for PowerCLI: rehearse runbooks without
    /// touching production.
    /// </summary>
    public sealed class SvmSimulator
    {
        private readonly ConcurrentDictionary<string, string> _roots = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        private readonly ResidentSimulatorServer? _server;

        internal SvmSimulator(SolarisSimulator simulator, ResidentSimulatorServer? server = null)
        {
            Engine = simulator;
            _server = server;
        }

        /// <summary>
        /// True when one resident simulator process runs the tools (New-SvmSimulator -Resident): a tool call is a
        /// /bin/sh + Perl start instead of a .NET start. It ends with this PowerShell process.
        /// </summary>
        public bool Resident => _server != null;

        /// <summary>The state directory (topology, submirror images, lock and resync state).</summary>
        public string Path => Engine.StateDirectory;

        /// <summary>Node names, e.g. myhost, phys-schost-1, phys-schost-2.</summary>
        public string[] Nodes => Engine.Nodes.ToArray();

        /// <summary>The simulator engine: inject faults, run the simulated writer, read submirror bytes.</summary>
        public SolarisSimulator Engine { get; }

        /// <summary>A transport that runs scripts under /bin/sh against one node of this simulator.</summary>
        internal LocalShellTransport CreateTransport(string node)
        {
            // The same rule and error (InvalidName) as the host name of an SSH session.
            SvmBackup.Scripts.SolarisName.ValidateHostName(node, "ComputerName");
            if (!Engine.Nodes.Contains(node, StringComparer.Ordinal))
                throw new ArgumentException($"The simulator has no node '{node}'. Its nodes: {string.Join(", ", Engine.Nodes)}.", nameof(node));
            if (_server != null && !_server.IsRunning)
                throw new InvalidOperationException("The resident simulator process has ended; create the simulator again with New-SvmSimulator -Resident.");
            var root = _roots.GetOrAdd(node, n => _server != null ? Engine.InstallResidentRoot(n, _server.SocketPath) : Engine.InstallRoot(n, SimulatorLauncher.Command()));
            return new LocalShellTransport(root, node, SolarisSimulator.ProvidedPaths, LocalEnvironment());
        }

        // The local shell runs as whoever runs PowerShell; the simulated host treats the session as root
        // (as a root SSH login would be), so meta* commands don't refuse with "Permission denied".
        private static IDictionary<string, string> LocalEnvironment() => new Dictionary<string, string> { ["SVMSIM_EUID"] = "0" };

        public override string ToString() => "SvmSimulator " + Path + " (" + string.Join(", ", Nodes) + ")" + (Resident ? ", resident" : "");
    }
}
