using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SvmBackup.Journal;
using SvmBackup.Model;
using SvmBackup.PowerShell.Infrastructure;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>
    /// Lists the backup runs journalled on this client, newest first. Local only: the journal is what this machine
    /// wrote, so an interrupted run is found even when its host cannot be reached.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SvmBackupJournal")]
    [OutputType(typeof(SvmBackupJournalEntry))]
    public sealed class GetSvmBackupJournalCommand : SvmCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string[]? RunId { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[]? ComputerName { get; set; }

        /// <summary>Matches the mirror (d1) or, in a disk set, set/mirror (schost-1/d0).</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Mirror { get; set; }

        /// <summary>Only runs that may have left something to undo: Running (no status line) or Incomplete.</summary>
        [Parameter]
        public SwitchParameter Unfinished { get; set; }

        [Parameter]
        public string? JournalPath { get; set; }

        protected override void ProcessRecord()
        {
            var directory = string.IsNullOrEmpty(JournalPath)
                ? BackupJournal.DefaultDirectory
                : SessionState.Path.GetUnresolvedProviderPathFromPSPath(JournalPath);

            if (RunId == null)
            {
                IReadOnlyList<SvmBackupJournalEntry> runs;
                try
                {
                    runs = BackupJournal.Read(directory);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    WriteError(new ErrorRecord(ex, "BackupJournalUnreadable", ErrorCategory.ReadError, directory));
                    return;
                }
                WriteObject(runs.Where(Selected), true);
                return;
            }

            foreach (var id in RunId)
            {
                SvmBackupJournalEntry? run;
                try
                {
                    run = BackupJournal.Find(directory, id);
                }
                catch (ArgumentException ex)
                {
                    WriteError(ToErrorRecord(ex, id));
                    continue;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    WriteError(new ErrorRecord(ex, "BackupJournalUnreadable", ErrorCategory.ReadError, id));
                    continue;
                }
                if (run == null)
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"There is no backup journal of run {id} in {directory}."), "BackupJournalNotFound", ErrorCategory.ObjectNotFound, id));
                    continue;
                }
                if (Selected(run)) WriteObject(run);
            }
        }

        private bool Selected(SvmBackupJournalEntry run)
        {
            if (Unfinished && run.Status != BackupJournalStatus.Running && run.Status != BackupJournalStatus.Incomplete) return false;
            if (ComputerName != null && !AnyMatch(ComputerName, run.ComputerName)) return false;
            if (Mirror != null)
            {
                var full = string.IsNullOrEmpty(run.DiskSet) ? run.Mirror : run.DiskSet + "/" + run.Mirror;
                if (!AnyMatch(Mirror, run.Mirror) && !AnyMatch(Mirror, full)) return false;
            }
            return true;
        }

        private static bool AnyMatch(IEnumerable<string> patterns, string value) =>
            patterns.Any(p => new WildcardPattern(p, WildcardOptions.IgnoreCase).IsMatch(value));
    }
}
