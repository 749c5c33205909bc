using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Model;
using SvmBackup.Scripts;
using SvmBackup.Sessions;
using SvmBackup.Transport;

namespace SvmBackup.PowerShell.Infrastructure
{
    /// <summary>
    /// Base of every SvmBackup cmdlet: Ctrl+C (StopProcessing) cancels the running remote command (which is then
    /// killed on the host), work runs off the pipeline thread while Write* calls are marshalled back to it, and
    /// errors become ErrorRecords with stable IDs, categories and recovery hints.
    /// </summary>
    public abstract class SvmCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly BlockingCollection<Action> _pipelineActions = new BlockingCollection<Action>();

        /// <summary>The cmdlet whose <see cref="Await{T}"/> started the code running now (flows with async calls).</summary>
        private static readonly AsyncLocal<SvmCmdlet?> Caller = new AsyncLocal<SvmCmdlet?>();

        /// <summary>
        /// True when the code running now was started by this cmdlet. A session's events (a batch is sent, a
        /// reconnect) reach every cmdlet watching it, and one session may be used by several runspaces at once: only
        /// the cmdlet that sent the batch reports it, or each runspace's -Verbose would show the others' commands.
        /// </summary>
        protected bool IsCaller => ReferenceEquals(Caller.Value, this);

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
        protected CancellationToken CancelToken => _stop.Token;

        protected override void StopProcessing()
        {
            _stop.Cancel();
            base.StopProcessing();
        }

        /// <summary>Queues an action (WriteVerbose, WriteWarning...) to run on the pipeline thread during <see cref="Await{T}"/>.</summary>
        protected void Post(Action action) => _pipelineActions.Add(action);

        /// <summary>
        /// Runs async core code on the thread pool (no SynchronizationContext deadlock) while this, the pipeline
        /// thread, runs what the work posts (verbose lines, output, ShouldProcess questions) until it completes. A posted
        /// action that throws (the pipeline is being stopped) does not end the wait: the work always runs to its end
        /// (its finally blocks put the host back); the first such exception is rethrown afterwards.
        /// </summary>
        protected T Await<T>(Func<CancellationToken, Task<T>> work)
        {
            // The work (and every task it starts) carries this cmdlet as its caller; see IsCaller.
            Task<T> task;
            var previous = Caller.Value;
            Caller.Value = this;
            try { task = Task.Run(() => work(CancelToken)); }
            finally { Caller.Value = previous; }
            // Wake the loop when the work ends instead of at the next 50 ms poll: a step refused at once (an invalid
            // name) or a quick read then costs no idle wait.
            task.ContinueWith(_ => _pipelineActions.Add(() => { }), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            Exception? posted = null;
            void RunPosted(Action a)
            {
                try { a(); }
                catch (Exception ex) { posted = posted ?? ex; }
            }
            while (!task.IsCompleted)
            {
                if (_pipelineActions.TryTake(out var action, 50)) RunPosted(action);
            }
            while (_pipelineActions.TryTake(out var rest)) RunPosted(rest);
            try
            {
                var result = task.GetAwaiter().GetResult();
                if (posted != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(posted).Throw();
                return result;
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Runs <paramref name="f"/> on the pipeline thread (during <see cref="Await{T}"/>) and completes with its result.</summary>
        protected Task<T> OnPipeline<T>(Func<T> f)
        {
            var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(() =>
            {
                try { tcs.SetResult(f()); }
                catch (Exception ex) { tcs.SetException(ex); throw; }
            });
            return tcs.Task;
        }

        /// <summary>Writes each command of a batch as -Verbose output as it is sent (subscribe with session.BatchSending).</summary>
        protected void VerboseCommands(SvmSession session, RemoteBatch batch)
        {
            if (!IsCaller) return; // another runspace's (or cmdlet's) batch through the same session
            foreach (var c in batch.Commands)
            {
                var line = session.Secrets.Apply(batch.ElevationPrefix(c.NeedsRoot) + c.ToShell());
                Post(() => WriteVerbose($"{session.ComputerName}: {line}"));
            }
        }

        /// <summary>
        /// The valid wildcard patterns of a filter parameter, checked before anything is read: each invalid one ('[a')
        /// is an InvalidArgument error and is left out (it would otherwise fail while filtering, after the host was read,
        /// as a RemoteCommandFailed). Null when the parameter was not given; empty when none of its patterns is valid.
        /// </summary>
        protected string[]? ValidPatterns(string[]? patterns, string parameterName)
        {
            if (patterns == null || patterns.Length == 0) return null;
            var valid = new System.Collections.Generic.List<string>();
            foreach (var p in patterns)
            {
                try
                {
                    new WildcardPattern(p ?? "", WildcardOptions.IgnoreCase).IsMatch(""); // parses the pattern
                    valid.Add(p ?? "");
                }
                catch (WildcardPatternException ex)
                {
                    WriteError(ToErrorRecord(new ArgumentException($"-{parameterName} '{p}' is not a valid wildcard pattern: {ex.Message}", parameterName, ex), p));
                }
            }
            return valid.ToArray();
        }

        /// <summary>Maps a core exception to an ErrorRecord with a stable ID, a category and a recovery hint.</summary>
        protected static ErrorRecord ToErrorRecord(Exception ex, object? target, SecretMasker? secrets = null)
        {
            ErrorRecord record;
            string? hint = null;
            switch (ex)
            {
                case HostKeyException hk:
                    record = new ErrorRecord(hk, hk.Verdict == HostKeyVerdict.Changed ? "HostKeyMismatch" : "HostKey" + hk.Verdict, ErrorCategory.SecurityError, target);
                    hint = hk.Verdict == HostKeyVerdict.Unknown
                        ? "Verify the fingerprint with the host's administrator (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the host), then pass it to -HostKeyFingerprint."
                        : "Do not connect until the key change is explained.";
                    break;
                case SvmToolException tool:
                    record = new ErrorRecord(tool, "SvmTool." + tool.Error.Kind, CategoryOf(tool.Error.Kind), target);
                    hint = tool.RecommendedAction;
                    break;
                case SvmElevationException elev:
                    record = new ErrorRecord(elev, "ElevationFailed", ErrorCategory.PermissionDenied, target);
                    hint = elev.Reason == ElevationFailure.WrongPassword ? "Check the password of -Credential." : "Grant the login user sudo rights for the SVM commands (or log in as root).";
                    break;
                case SvmRemoteTimeoutException timeout:
                    record = new ErrorRecord(timeout, "RemoteCommandTimeout", ErrorCategory.OperationTimeout, target);
                    hint = "Raise -CommandTimeoutSeconds of the session, or find out why the host is slow (metastat, iostat).";
                    break;
                case SvmAuthenticationException auth:
                    record = new ErrorRecord(auth, "AuthenticationFailed", ErrorCategory.AuthenticationError, target);
                    hint = "Check the user, the key (and its passphrase) or the password; PAM-only hosts need keyboard-interactive, which a -Credential password answers.";
                    break;
                case SvmConnectionLostException lost:
                    record = new ErrorRecord(lost, "ConnectionLost", ErrorCategory.ConnectionError, target);
                    hint = "Open a new session and re-read the host's state (Get-SvmMirror) before doing anything else.";
                    break;
                case SvmConnectionException conn:
                    record = new ErrorRecord(conn, "ConnectionFailed", ErrorCategory.ConnectionError, target);
                    break;
                case SvmBackup.Operations.SubmirrorDumpException dump:
                    record = new ErrorRecord(dump, "UfsdumpFailed", dump.NeedsAttention ? ErrorCategory.DeviceError : ErrorCategory.WriteError, target);
                    hint = dump.NeedsAttention ? "ufsdump asked for an operator (tape not ready / target not writable); it was aborted. Check the target and run again." : "See ufsdump's messages.";
                    break;
                case SvmBackup.Operations.UfsCheckRefusedException checkRefused:
                    record = new ErrorRecord(checkRefused, checkRefused.ErrorId, ErrorCategory.InvalidOperation, target);
                    hint = "Nothing was changed on the host.";
                    break;
                case SvmBackup.Operations.SvmBackupIncompleteException incomplete:
                    record = new ErrorRecord(incomplete, incomplete.ErrorId, ErrorCategory.InvalidResult, target);
                    hint = incomplete.RecoveryCommand;
                    break;
                case SvmBackup.Operations.SvmRefusedException refused:
                    record = new ErrorRecord(refused, refused.Refusal.ToString(),
                        refused.Refusal == SvmBackup.Operations.SvmRefusal.ResyncInProgress || refused.Refusal == SvmBackup.Operations.SvmRefusal.BackupInProgress ? ErrorCategory.ResourceBusy : ErrorCategory.InvalidOperation, refused.Target ?? target);
                    hint = "Nothing was changed on the host.";
                    break;
                case TimeoutException resyncTimeout when !(resyncTimeout is SvmRemoteTimeoutException):
                    record = new ErrorRecord(resyncTimeout, "ResyncTimeout", ErrorCategory.OperationTimeout, target);
                    hint = "Run Wait-SvmResync again later; nothing was undone.";
                    break;
                case SvmInvalidNameException name:
                    record = new ErrorRecord(name, "InvalidName", ErrorCategory.InvalidArgument, name.Value ?? target);
                    break;
                case ArgumentException arg:
                    record = new ErrorRecord(arg, "InvalidArgument", ErrorCategory.InvalidArgument, target);
                    break;
                default:
                    record = new ErrorRecord(ex, "RemoteCommandFailed", ErrorCategory.NotSpecified, target);
                    break;
            }
            var message = secrets?.Apply(ex.Message) ?? ex.Message;
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = hint };
            return record;
        }

        private static ErrorCategory CategoryOf(SvmToolErrorKind kind)
        {
            switch (kind)
            {
                case SvmToolErrorKind.NotRoot:
                case SvmToolErrorKind.NotOwnerOfSet:
                case SvmToolErrorKind.NonGlobalZone:
                    return ErrorCategory.PermissionDenied;
                case SvmToolErrorKind.NoSuchFile:
                case SvmToolErrorKind.UnitNotSetUp:
                case SvmToolErrorKind.NoSuchSet:
                case SvmToolErrorKind.CantFindSubmirror:
                    return ErrorCategory.ObjectNotFound;
                case SvmToolErrorKind.ResyncInProgress:
                case SvmToolErrorKind.MetadeviceOpen:
                case SvmToolErrorKind.MetadeviceInUse:
                    return ErrorCategory.ResourceBusy;
                case SvmToolErrorKind.NoDatabases:
                case SvmToolErrorKind.SmfServicesNotOnline:
                    return ErrorCategory.NotEnabled;
                default:
                    return ErrorCategory.InvalidOperation;
            }
        }

    }
}
