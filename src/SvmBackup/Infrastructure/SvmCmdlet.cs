using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Scripts;
using SvmBackup.Transport;

namespace SvmBackup.PowerShell.Infrastructure
{
    /// <summary>
    /// Base of every SvmBackup cmdlet: Ctrl+C (StopProcessing) cancels the running remote command, and errors
    /// become ErrorRecords with stable IDs and categories.
    /// </summary>
    public abstract class SvmCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
        protected CancellationToken CancelToken => _stop.Token;

        protected override void StopProcessing()
        {
            _stop.Cancel();
            base.StopProcessing();
        }

        /// <summary>
        /// Runs async core code on the pipeline thread's behalf. The work runs on the thread pool (no
        /// SynchronizationContext deadlock) and Write*/Should* stay on the pipeline thread.
        /// </summary>
        protected T Await<T>(Func<CancellationToken, Task<T>> work)
        {
            try
            {
                return Task.Run(() => work(CancelToken)).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Maps a core exception to an ErrorRecord with a stable ID.</summary>
        protected static ErrorRecord ToErrorRecord(Exception ex, object? target)
        {
            switch (ex)
            {
                case HostKeyException hk:
                    return new ErrorRecord(hk, "HostKey" + hk.Verdict, ErrorCategory.SecurityError, target);
                case SvmToolException tool:
                    return new ErrorRecord(tool, "SvmTool." + tool.Error.Kind, CategoryOf(tool.Error.Kind), target)
                    {
                        ErrorDetails = new ErrorDetails(tool.Message) { RecommendedAction = tool.RecommendedAction },
                    };
                case SvmConnectionException conn:
                    return new ErrorRecord(conn, "ConnectionFailed", ErrorCategory.ConnectionError, target);
                case ArgumentException arg:
                    return new ErrorRecord(arg, "InvalidArgument", ErrorCategory.InvalidArgument, target);
                default:
                    return new ErrorRecord(ex, "Unexpected", ErrorCategory.NotSpecified, target);
            }
        }

        private static ErrorCategory CategoryOf(SvmBackup.Model.SvmToolErrorKind kind)
        {
            switch (kind)
            {
                case SvmBackup.Model.SvmToolErrorKind.NotRoot:
                case SvmBackup.Model.SvmToolErrorKind.NotOwnerOfSet:
                case SvmBackup.Model.SvmToolErrorKind.NonGlobalZone:
                    return ErrorCategory.PermissionDenied;
                case SvmBackup.Model.SvmToolErrorKind.NoSuchFile:
                case SvmBackup.Model.SvmToolErrorKind.UnitNotSetUp:
                case SvmBackup.Model.SvmToolErrorKind.NoSuchSet:
                case SvmBackup.Model.SvmToolErrorKind.CantFindSubmirror:
                    return ErrorCategory.ObjectNotFound;
                case SvmBackup.Model.SvmToolErrorKind.ResyncInProgress:
                case SvmBackup.Model.SvmToolErrorKind.MetadeviceOpen:
                case SvmBackup.Model.SvmToolErrorKind.MetadeviceInUse:
                    return ErrorCategory.ResourceBusy;
                case SvmBackup.Model.SvmToolErrorKind.NoDatabases:
                case SvmBackup.Model.SvmToolErrorKind.SmfServicesNotOnline:
                    return ErrorCategory.NotEnabled;
                default:
                    return ErrorCategory.InvalidOperation;
            }
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            _stop.Dispose();
        }
    }
}
