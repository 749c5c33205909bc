using System;
using System.Management.Automation;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.PowerShell.Infrastructure;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>
    /// Write-locks a mounted UFS file system (lockfs -w) so the split copy is consistent. Refuses / (the host would
    /// hang) and any path that is not a UFS mount point. Unlock it at once after the split (Unlock-UfsFileSystem).
    /// </summary>
    [Cmdlet(VerbsCommon.Lock, "UfsFileSystem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(UfsLock))]
    public sealed class LockUfsFileSystemCommand : SvmHostCmdlet
    {
        /// <summary>Mount point of the UFS file system (e.g. from Get-SvmMirror).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(MirrorNameCompleter))]
        public string MountPoint { get; set; } = "";

        protected override void ProcessRecord()
        {
            // Checked before any connection or read: an invalid path is an InvalidName error, never a lockfs of something else.
            var command = SafeCommand(() => UfsLockOperations.CommandText("-w", MountPoint));
            if (command == null) return;
            foreach (var session in Sessions())
            {
                if (!ShouldProcess($"{MountPoint} on {session.ComputerName}", $"Write-lock the file system ({command}); writers block until it is unlocked")) continue;
                Run(session, ct => UfsLockOperations.LockAsync(session, MountPoint, ct), MountPoint);
            }
        }
    }
}
