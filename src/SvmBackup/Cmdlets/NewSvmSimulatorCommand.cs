using System;
using System.IO;
using System.Management.Automation;
using SvmBackup.PowerShell.Infrastructure;
using SvmBackup.PowerShell.Simulation;
using SvmBackup.Simulator;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>Creates (or reopens) a simulated Solaris host whose state lives in a directory.</summary>
    [Cmdlet(VerbsCommon.New, "SvmSimulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(SvmSimulator))]
    public sealed class NewSvmSimulatorCommand : SvmCmdlet
    {
        /// <summary>State directory; a new temporary directory when omitted. An existing simulator there is reopened.</summary>
        [Parameter(Position = 0)]
        public string? Path { get; set; }

        /// <summary>Topology file (JSON); the default reproduces the Solaris Volume Manager and Sun Cluster examples.</summary>
        [Parameter]
        public string? Topology { get; set; }

        /// <summary>One resident simulator process runs every simulated tool (Perl shims; needs /usr/bin/perl): ~10 ms a tool call instead of a .NET start.</summary>
        [Parameter]
        public SwitchParameter Resident { get; set; }

        protected override void ProcessRecord()
        {
            var path = Path == null
                ? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "svmsim-" + Guid.NewGuid().ToString("N").Substring(0, 12))
                : GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(path, "Create simulated Solaris host")) return;
            try
            {
                var topology = Topology == null ? null : SimulatorTopology.Load(GetUnresolvedProviderPathFromPSPath(Topology));
                var engine = SolarisSimulator.Create(path, topology);
                WriteObject(new SvmSimulator(engine, Resident ? ResidentSimulatorServer.Start(engine.StateDirectory) : null));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is InvalidDataException || ex is FormatException)
            {
                WriteError(new ErrorRecord(ex, "SimulatorCreateFailed", ErrorCategory.WriteError, path));
            }
            catch (InvalidOperationException ex)
            {
                WriteError(new ErrorRecord(ex, "SimulatorServerFailed", ErrorCategory.ResourceUnavailable, path));
            }
        }
    }
}
