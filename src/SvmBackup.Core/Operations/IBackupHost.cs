using System;
using System.Threading.Tasks;
using SvmBackup.Model;

namespace SvmBackup.Operations
{
    /// <summary>
    /// What a backup needs from whoever runs it (the cmdlet): confirmation per step and a place for warnings, errors
    /// and progress. Called from worker threads; a PowerShell host marshals every call to the pipeline thread.
    /// </summary>
    public interface IBackupHost
    {
        /// <summary>-WhatIf: every step is described, none is run.</summary>
        bool IsWhatIf { get; }

        /// <summary>ShouldProcess: false when declined (or under -WhatIf, after printing the step).</summary>
        Task<bool> ShouldProcessAsync(string target, string action);

        void Warning(string text);

        /// <summary>A non-terminating error of this run (the run's result is still written).</summary>
        void Error(Exception error, object? target);

        void Progress(SvmBackupResult run, string status, int percentComplete);
    }
}
