using System.Management.Automation;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.PowerShell.Infrastructure;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>Unlocks a UFS file system (lockfs -u). Unlocking an unlocked file system is not an error.</summary>
    [Cmdlet(VerbsCommon.Unlock, "UfsFileSystem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(UfsLock))]
    public sealed class UnlockUfsFileSystemCommand : SvmHostCmdlet
    {
        /// <summary>Mount point (e.g. the lock object from Lock-UfsFileSystem).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(MirrorNameCompleter))]
        public string MountPoint { get; set; } = "";

        protected override void ProcessRecord()
        {
            // Checked before any connection: an invalid path is an InvalidName error.
            var command = SafeCommand(() => UfsLockOperations.CommandText("-u", MountPoint));
            if (command == null) return;
            foreach (var session in Sessions())
            {
                if (!ShouldProcess($"{MountPoint} on {session.ComputerName}", $"Unlock the file system ({command})")) continue;
                Run(session, ct => UfsLockOperations.UnlockAsync(session, MountPoint, ct), MountPoint);
            }
        }
    }
}
