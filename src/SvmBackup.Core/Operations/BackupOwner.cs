using System;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace SvmBackup.Operations
{
    /// <summary>
    /// Who runs a backup, so a re-run can tell its own interrupted run (take it over: undo, then back up afresh) from
    /// another run that is still going (refuse). An Azure Automation job keeps its job id when it is restarted from the
    /// beginning on another worker, so that id is the owner when there is one; otherwise this process
    /// (machine, pid, start time) is, and a run whose process is gone from this machine is over.
    /// </summary>
    public sealed class BackupOwner
    {
        private BackupOwner(string token, string machine, int processId, DateTime? processStart)
        {
            Token = token;
            Machine = machine;
            ProcessId = processId;
            ProcessStart = processStart;
        }

        /// <summary>"job:GUID" or "process:MACHINE:PID:START".</summary>
        public string Token { get; }
        public string Machine { get; }
        public int ProcessId { get; }
        public DateTime? ProcessStart { get; }

        /// <summary>What the host marker holds: a hash, so the host learns nothing of the client but a name.</summary>
        public string Hash => HashOf(Token);

        /// <param name="jobId">An Azure Automation job id ($PSPrivateMetadata.JobId), or null.</param>
        public static BackupOwner Current(string? jobId)
        {
            using (var me = Process.GetCurrentProcess())
            {
                var start = StartOf(me);
                var machine = Environment.MachineName;
                var token = !string.IsNullOrWhiteSpace(jobId)
                    ? "job:" + jobId!.Trim().ToLowerInvariant()
                    : "process:" + machine + ":" + me.Id + ":" + (start?.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?");
                return new BackupOwner(token, machine, me.Id, start);
            }
        }

        public static string HashOf(string token)
        {
            using (var sha = SHA256.Create())
                return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(token)).Take(8).Select(b => b.ToString("x2")));
        }

        /// <summary>
        /// True only when the run provably has no live owner on this machine: the marker names this machine and a
        /// process id that is not running (or runs a different program start than the journal recorded).
        /// </summary>
        public bool ProvesDead(BackupMarker marker, DateTime? journalProcessStart)
        {
            if (marker.Client == null || marker.ClientProcessId == null) return false;
            if (!string.Equals(marker.Client, BackupMarker.SanitizeClient(Machine), StringComparison.OrdinalIgnoreCase)) return false;
            if (marker.ClientProcessId.Value == ProcessId) return false; // this very process: only the in-process registry knows
            try
            {
                using (var p = Process.GetProcessById(marker.ClientProcessId.Value))
                {
                    if (p.HasExited) return true;
                    var start = StartOf(p);
                    // The pid was reused by another program start: the owner is gone.
                    return journalProcessStart.HasValue && start.HasValue && Math.Abs((start.Value - journalProcessStart.Value).TotalSeconds) > 1;
                }
            }
            catch (ArgumentException)
            {
                return true; // no such process
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }

        private static DateTime? StartOf(Process p)
        {
            try { return p.StartTime.ToUniversalTime(); }
            catch (Exception ex) when (ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception || ex is NotSupportedException) { return null; }
        }
    }
}
