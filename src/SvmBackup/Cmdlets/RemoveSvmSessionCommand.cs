using System.Management.Automation;
using SvmBackup.PowerShell.Infrastructure;
using SvmBackup.Sessions;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>Closes sessions and forgets them.</summary>
    [Cmdlet(VerbsCommon.Remove, "SvmSession", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class RemoveSvmSessionCommand : SvmCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public SvmSession[] Session { get; set; } = System.Array.Empty<SvmSession>();

        protected override void ProcessRecord()
        {
            foreach (var s in Session)
            {
                if (!ShouldProcess(s.ToString(), "Close session")) continue;
                s.Dispose();
                SessionRegistry.Remove(s);
                WriteVerbose($"Session {s.Id} to {s.ComputerName} closed.");
            }
        }
    }
}
