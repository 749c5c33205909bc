using System;
using System.Linq;
using System.Management.Automation;
using SvmBackup.Inventory;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.PowerShell.Infrastructure;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>
    /// The undo of an interrupted backup, from the host's own state: unlocks write-locked file systems that are mounted
    /// SVM mirrors (lockfs -u) and puts offlined submirrors back (metaonline). A detached submirror cannot be matched to its
    /// mirror from the host's state alone; it is reported, not guessed.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Repair, "SvmMirror", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(SvmRepairAction))]
    public sealed class RepairSvmMirrorCommand : SvmHostCmdlet
    {
        /// <summary>Limit the repair to these mirrors (d1); all mirrors of the set by default.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(MirrorNameCompleter))]
        public string[]? Mirror { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DiskSetNameCompleter))]
        public string? DiskSet { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var session in Sessions())
            {
                var mirrors = RunQuiet(session, ct => MirrorInventory.GetAsync(session, DiskSet, null, ct), (object?)DiskSet ?? session);
                if (mirrors == null) continue;
                var locks = RunQuiet(session, ct => UfsLockOperations.GetAsync(session, ct), session);
                if (locks == null) continue;
                var selected = mirrors.Where(m => Mirror == null || Mirror.Contains(m.Name) || Mirror.Contains(m.FullName)).ToList();

                // Unlock first: writers are blocked while a lock is held; an offlined submirror is harmless meanwhile.
                foreach (var m in selected.Where(m => m.MountPoint != null && m.MountPoint != "/"))
                {
                    var l = locks.FirstOrDefault(x => x.MountPoint == m.MountPoint && x.IsWriteLocked);
                    if (l == null) continue;
                    var command = UfsLockOperations.CommandText("-u", m.MountPoint!);
                    var action = new SvmRepairAction { Session = session, ComputerName = session.ComputerName, Action = "Unlock", Target = m.MountPoint!, Command = command };
                    if (ShouldProcess($"{m.MountPoint} on {session.ComputerName}", "Unlock the write-locked file system (" + command + ")"))
                        action.Done = RunQuiet(session, ct => UfsLockOperations.UnlockAsync(session, m.MountPoint!, ct), m.MountPoint!) != null;
                    WriteObject(action);
                }
                foreach (var m in selected)
                {
                    foreach (var sm in m.Submirrors.Where(x => x.IsOffline))
                    {
                        var command = SubmirrorOperations.RejoinCommand(DiskSet, m.Name, sm.Name, SvmSplitMethod.Offline).ToShell();
                        var action = new SvmRepairAction { Session = session, ComputerName = session.ComputerName, Action = "Rejoin", Target = sm.FullName, Command = command };
                        if (ShouldProcess($"{m.FullName} on {session.ComputerName}", $"Put offlined submirror {sm.Name} back ({command})"))
                            action.Done = RunQuiet(session, ct => SubmirrorOperations.RejoinAsync(session, DiskSet, m.Name, sm.Name, SvmSplitMethod.Offline, ct), sm.Name) != null;
                        WriteObject(action);
                    }
                }
            }
        }
    }
}
