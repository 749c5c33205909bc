using System;
using System.Collections.Generic;
using System.Management.Automation;
using SvmBackup.Scripts;
using SvmBackup.Sessions;

namespace SvmBackup.PowerShell.Infrastructure
{
    /// <summary>
    /// Base of every host-facing cmdlet: either -Session (also bound from the pipeline by property name, e.g. from
    /// Get-SvmMirror output), or a one-shot connection from -ComputerName and the same options as New-SvmSession
    /// (opened for this call and closed at its end).
    /// </summary>
    public abstract class SvmHostCmdlet : SvmCmdlet, ISshSessionParameters, IDisposable
    {
        protected const string SessionSet = "Session";
        protected const string ComputerNameSet = "ComputerName";

        private readonly List<SvmSession> _oneShot = new List<SvmSession>();
        private bool _opened;

        [Parameter(ParameterSetName = SessionSet, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public SvmSession[] Session { get; set; } = Array.Empty<SvmSession>();

        /// <summary>One or more hosts (e.g. the nodes of a cluster): a one-shot session is opened to each.</summary>
        [Parameter(ParameterSetName = ComputerNameSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string[] ComputerName { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = ComputerNameSet)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 22;

        [Parameter(ParameterSetName = ComputerNameSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter(ParameterSetName = ComputerNameSet)]
        public string? UserName { get; set; }

        [Parameter(ParameterSetName = ComputerNameSet)]
        public string[]? KeyFile { get; set; }

        [Parameter(ParameterSetName = ComputerNameSet)]
        public System.Security.SecureString? KeyText { get; set; }

        [Parameter(ParameterSetName = ComputerNameSet)]
        public System.Security.SecureString? KeyPassphrase { get; set; }

        [Parameter(ParameterSetName = ComputerNameSet)]
        public string? KnownHostsFile { get; set; }

        [Parameter(ParameterSetName = ComputerNameSet)]
        public SwitchParameter AcceptNewHostKey { get; set; }

        [Parameter(ParameterSetName = ComputerNameSet)]
        public string[]? KeyExchangeAlgorithm { get; set; }

        [Parameter(ParameterSetName = ComputerNameSet)]
        [ValidateRange(1, 604800)]
        public int? CommandTimeoutSeconds { get; set; }

        [Parameter(ParameterSetName = ComputerNameSet)]
        public string[]? HostKeyFingerprint { get; set; }

        [Parameter(ParameterSetName = ComputerNameSet)]
        public Elevation Elevation { get; set; } = Elevation.None;

        // Not parameters of the one-shot set: a one-shot session has no name and the default connect timeout.
        string? ISshSessionParameters.Name => null;
        int ISshSessionParameters.ConnectTimeoutSeconds => new SessionOptions().ConnectTimeoutSeconds;

        /// <summary>The sessions to work on for this pipeline input.</summary>
        protected IEnumerable<SvmSession> TargetSessions()
        {
            if (ParameterSetName == SessionSet)
            {
                foreach (var s in Session) Watch(s);
                return Session;
            }
            if (_oneShot.Count == 0 && !_opened)
            {
                _opened = true;
                foreach (var name in ComputerName)
                {
                    var options = SessionOptions.From(this, name, GetUnresolvedProviderPathFromPSPath);
                    SvmSession session;
                    try
                    {
                        session = Await(ct => SessionFactory.OpenSshAsync(options, WriteWarningSafe, ct));
                    }
                    catch (Exception ex) when (!(ex is PipelineStoppedException) && OpenFailed(name, ex))
                    {
                        continue;
                    }
                    _oneShot.Add(session);
                    Watch(session);
                }
            }
            return _oneShot;
        }

        private readonly Dictionary<SvmSession, Action<SvmSession, RemoteBatch>> _watched = new Dictionary<SvmSession, Action<SvmSession, RemoteBatch>>();
        private readonly Dictionary<SvmSession, Action<SvmSession, string>> _watchedReconnects = new Dictionary<SvmSession, Action<SvmSession, string>>();

        /// <summary>-Verbose shows every command sent through the session while this cmdlet runs.</summary>
        private void Watch(SvmSession session)
        {
            if (_watched.ContainsKey(session)) return;
            Action<SvmSession, RemoteBatch> handler = VerboseCommands;
            session.BatchSending += handler;
            _watched[session] = handler;
            Action<SvmSession, string> reconnected = (s, message) => { if (IsCaller) Post(() => WriteWarning(message)); };
            session.Reconnected += reconnected;
            _watchedReconnects[session] = reconnected;
        }

        /// <summary>
        /// A one-shot connection could not be opened: true when handled. By default, with several hosts one that cannot
        /// be reached is a non-terminating error and the others go on; with one host the error ends the command.
        /// </summary>
        protected virtual bool OpenFailed(string computerName, Exception error)
        {
            if (ComputerName.Length < 2) return false;
            FlushWarnings();
            WriteError(ToErrorRecord(error, computerName));
            return true;
        }

        /// <summary>The sessions to act on; a one-shot connection that cannot be opened ends the command (terminating error).</summary>
        protected IEnumerable<SvmSession> Sessions()
        {
            try
            {
                return TargetSessions();
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                FlushWarnings();
                ThrowTerminatingError(ToErrorRecord(ex, string.Join(",", ComputerName)));
                throw; // not reached
            }
        }

        /// <summary>Runs one step against one session: its result is written, its failure becomes a non-terminating error.</summary>
        protected void Run<T>(SvmSession session, Func<System.Threading.CancellationToken, System.Threading.Tasks.Task<T>> work, object target)
        {
            var result = RunQuiet(session, work, target);
            if (result != null) WriteObject(result, true);
        }

        /// <summary>Like <see cref="Run{T}"/> but returns the result (null after writing the error).</summary>
        protected T? RunQuiet<T>(SvmSession session, Func<System.Threading.CancellationToken, System.Threading.Tasks.Task<T>> work, object target)
        {
            try
            {
                return Await(work);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                WriteError(ToErrorRecord(ex, target, session.Secrets));
                return default;
            }
        }

        /// <summary>Builds a command text for ShouldProcess; an invalid name becomes an InvalidName error (null returned).</summary>
        protected string? SafeCommand(Func<string> build)
        {
            try { return build(); }
            catch (ArgumentException ex) { WriteError(ToErrorRecord(ex, null)); return null; }
        }

        private readonly List<string> _pendingWarnings = new List<string>();
        private void WriteWarningSafe(string text) { lock (_pendingWarnings) _pendingWarnings.Add(text); }

        /// <summary>Flushes warnings collected on worker threads (Write* must run on the pipeline thread).</summary>
        protected void FlushWarnings()
        {
            string[] w;
            lock (_pendingWarnings) { w = _pendingWarnings.ToArray(); _pendingWarnings.Clear(); }
            foreach (var text in w) WriteWarning(text);
        }

        protected override void EndProcessing()
        {
            FlushWarnings();
            CloseOneShot();
            base.EndProcessing();
        }

        private void CloseOneShot()
        {
            foreach (var kv in _watched) kv.Key.BatchSending -= kv.Value;
            foreach (var kv in _watchedReconnects) kv.Key.Reconnected -= kv.Value;
            _watched.Clear();
            _watchedReconnects.Clear();
            foreach (var s in _oneShot) s.Dispose();
            _oneShot.Clear();
        }

        /// <summary>PowerShell disposes cmdlets when the pipeline ends, also after an error or Ctrl+C: one-shot sessions never leak.</summary>
        public void Dispose() => CloseOneShot();
    }
}
