using System;
using System.Linq;
using System.Management.Automation;
using SvmBackup.Journal;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.PowerShell.Infrastructure;
using SvmBackup.Scripts;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>
    /// The undo of an interrupted backup: unlocks the write-locked file system of a mirror (lockfs -u), puts its submirror
    /// back the way the backup took it out (metaonline / metattach), and clears the backup's host marker. What was taken
    /// out and how comes from the host marker, else the local journal (-RunId), else the host's state (an offlined
    /// submirror is visible in metastat; a detached one is not, so without a marker or journal it is reported, not guessed).
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

        /// <summary>Undo this backup run (from Backup-SvmMirror's error, Get-SvmBackupJournal, or the host marker).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? RunId { get; set; }

        /// <summary>Folder of the local journal (default: the user's profile).</summary>
        [Parameter]
        public string? JournalPath { get; set; }

        protected override void ProcessRecord()
        {
            // A name that cannot be a mirror would match nothing after the host was read: refuse it first, like every name.
            foreach (var name in Mirror ?? Array.Empty<string>())
            {
                try { SolarisName.ValidateQualifiedMetadevice(name, nameof(Mirror)); }
                catch (ArgumentException ex) { ThrowTerminatingError(ToErrorRecord(ex, name)); }
            }
            var journalDir = JournalPath != null ? GetUnresolvedProviderPathFromPSPath(JournalPath) : BackupJournal.DefaultDirectory;
            SvmBackupJournalEntry? entry = null;
            if (RunId != null)
            {
                try { entry = BackupJournal.Find(journalDir, RunId); }
                catch (ArgumentException ex) { WriteError(ToErrorRecord(ex, RunId)); return; }
            }
            var diskSet = DiskSet ?? entry?.DiskSet;
            foreach (var session in Sessions())
            {
                var state = RunQuiet(session, ct => BackupRecovery.ReadStateAsync(session, diskSet, ct), (object?)diskSet ?? session);
                if (state.Mirrors == null) continue;
                var markers = state.Markers.Where(x => x.DiskSetOrNull == diskSet).ToList();
                var selected = state.Mirrors.Where(m =>
                    (Mirror == null || Mirror.Contains(m.Name) || Mirror.Contains(m.FullName)) &&
                    (RunId == null || markers.Any(x => x.Mirror == m.Name && x.RunId == RunId) || (entry != null && entry.Mirror == m.Name))).ToList();
                if (RunId != null && selected.Count == 0)
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"Run {RunId} is not known on {session.ComputerName}: no host marker names it{(entry == null ? " and the local journal has no such run" : $", and its mirror {entry.Mirror} is not in metastat")}."), "BackupRunNotFound", ErrorCategory.ObjectNotFound, RunId));
                    continue;
                }
                foreach (var selectedMirror in selected)
                {
                    var m = selectedMirror;
                    var locks = state.Locks;
                    var marker = markers.FirstOrDefault(x => x.Mirror == m.Name);
                    if (marker?.ScriptPid != null && !(marker.RunId != null && ActiveBackups.IsRunning(marker.RunId)))
                    {
                        // The run's script may still be running on the host (its controller died mid-step): let it end
                        // and plan from what it left, not from a state it is still changing.
                        var waited = RunQuiet<bool?>(session, async ct => await BackupRecovery.WaitForScriptEndAsync(session, marker.ScriptPid, null, ct).ConfigureAwait(false), m.FullName);
                        if (waited == null) continue;
                        if (waited == true)
                        {
                            var fresh = RunQuiet(session, ct => BackupRecovery.ReadStateAsync(session, diskSet, ct), m.FullName);
                            var again = fresh.Mirrors?.FirstOrDefault(x => x.Name == m.Name);
                            if (again == null) continue;
                            m = again;
                            locks = fresh.Locks;
                            marker = fresh.Markers.FirstOrDefault(x => x.DiskSetOrNull == diskSet && x.Mirror == m.Name);
                        }
                    }
                    if (marker?.RunId != null && ActiveBackups.IsRunning(marker.RunId))
                    {
                        WriteError(ToErrorRecord(new SvmRefusedException(SvmRefusal.BackupInProgress, $"Run {marker.RunId} of {m.FullName} on {session.ComputerName} is still running in this process: it puts the host back itself.", m.FullName), m.FullName));
                        continue;
                    }
                    var known = entry != null && entry.Mirror == m.Name ? entry : null;
                    var runId = marker?.RunId ?? known?.RunId;
                    var actions = BackupRecovery.Plan(session, m, locks, marker?.Submirror ?? known?.Submirror, marker?.Method ?? known?.Method, clearMarker: marker != null, runId: runId);
                    var allDone = true;
                    foreach (var a in actions)
                    {
                        if (ShouldProcess($"{m.FullName} on {session.ComputerName}", Describe(a)))
                            a.Done = RunQuiet(session, async ct => { await BackupRecovery.RunAsync(session, a, ct).ConfigureAwait(false); return a; }, a.Target) != null;
                        allDone &= a.Done;
                        WriteObject(a);
                    }
                    if (allDone && actions.Count > 0 && runId != null)
                    {
                        try { if (BackupJournal.Find(journalDir, runId) is { } e && (e.Status == BackupJournalStatus.Running || e.Status == BackupJournalStatus.Incomplete)) BackupJournal.Open(journalDir, runId).Finish("Recovered", "Repair-SvmMirror"); }
                        catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is ArgumentException) { WriteWarning($"The journal of run {runId} could not be updated: {ex.Message}"); }
                    }
                }
            }
        }

        private static string Describe(SvmRepairAction a)
        {
            switch (a.Action)
            {
                case "Unlock": return "Unlock the write-locked file system (" + a.Command + ")";
                case "Rejoin": return $"Put submirror {a.Target} back ({a.Command})";
                default: return $"Clear the backup marker of run {a.RunId ?? "(unknown)"} ({a.Command})";
            }
        }
    }
}
