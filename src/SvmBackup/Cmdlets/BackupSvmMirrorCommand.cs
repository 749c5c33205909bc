using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Inventory;
using SvmBackup.Journal;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.PowerShell.Infrastructure;
using SvmBackup.Scripts;
using SvmBackup.Sessions;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>
    /// The whole online backup of one or many mirrors (MirrorBackupRun does each): read-only preflight (also under
    /// -WhatIf); mark, lock, split and unlock in ONE trapped remote script; fsck -n of the copy; ufsdump; rejoin in a
    /// finally. Different hosts run in parallel (-ThrottleLimit), the mirrors of one host one after another; output,
    /// progress and every ShouldProcess question stay on the pipeline thread.
    /// </summary>
    [Cmdlet(VerbsData.Backup, "SvmMirror", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(SvmBackupResult), typeof(SvmBackupPlan))]
    public sealed class BackupSvmMirrorCommand : SvmHostCmdlet
    {
        /// <summary>The mirrors (d1); bound from Get-SvmMirror output by Name.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(MirrorNameCompleter))]
        public string[]? Mirror { get; set; }

        /// <summary>Or the mounted file systems (/home1) whose mirrors to back up.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[]? MountPoint { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DiskSetNameCompleter))]
        public string? DiskSet { get; set; }

        /// <summary>The submirror to split; by default the last Okay one (another Okay submirror always stays).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SubmirrorNameCompleter))]
        public string? Submirror { get; set; }

        /// <summary>Offline (metaoffline/metaonline, optimized resync; default) or Detach (metadetach/metattach, full resync).</summary>
        [Parameter]
        public SvmSplitMethod Method { get; set; } = SvmSplitMethod.Offline;

        [Parameter]
        [ValidateRange(0, 9)]
        public int Level { get; set; }

        [Parameter]
        public SwitchParameter UpdateDumpDates { get; set; }

        [Parameter]
        public string? TapeDevice { get; set; }

        /// <summary>A file on the host; with several mirrors, a pattern ({host} {set} {mirror} {submirror} {level} {date}).</summary>
        [Parameter]
        public string? RemotePath { get; set; }

        /// <summary>A local file the dump is streamed into; with several mirrors, a pattern as for -RemotePath.</summary>
        [Parameter]
        [Alias("OutFile")]
        public string? Destination { get; set; }

        /// <summary>Replace an existing -Destination file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Do not fsck -n the split copy before the dump.</summary>
        [Parameter]
        public SwitchParameter SkipCheck { get; set; }

        /// <summary>fsck -y the copy instead of fsck -n: only with -Method Detach (the cluster procedure); an offlined copy is never written.</summary>
        [Parameter]
        public SwitchParameter RepairCopy { get; set; }

        /// <summary>Do not write-lock: for volumes without a mounted UFS, or an application quiesced by -FreezeCommand.</summary>
        [Parameter]
        public SwitchParameter NoLock { get; set; }

        /// <summary>Absolute path and arguments of a command that quiesces an application; runs inside the trapped script before the lock.</summary>
        [Parameter]
        public string[]? FreezeCommand { get; set; }

        /// <summary>Its undo; runs after the unlock, and from the trap on any exit once the freeze started.</summary>
        [Parameter]
        public string[]? ThawCommand { get; set; }

        /// <summary>Wait for the resync after the rejoin.</summary>
        [Parameter]
        public SwitchParameter WaitForResync { get; set; }

        [Parameter]
        [ValidateRange(0.05, 3600)]
        public double PollIntervalSeconds { get; set; } = 5;

        /// <summary>How many hosts are backed up at once (the mirrors of one host always one after another).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>Folder of the local journal (default: the user's profile, see Get-SvmBackupJournal).</summary>
        [Parameter]
        public string? JournalPath { get; set; }

        /// <summary>Run the read-only preflight and return the plan (steps, commands, the trapped script) without changing anything.</summary>
        [Parameter]
        public SwitchParameter PlanOnly { get; set; }

        private readonly List<(SvmSession Session, string? DiskSet, string? Mirror, string? MountPoint)> _jobs = new List<(SvmSession, string?, string?, string?)>();

        protected override void ProcessRecord()
        {
            if (SubmirrorDumpOperations.ChooseTarget(TapeDevice, RemotePath, Destination) == null)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give exactly one of -TapeDevice, -RemotePath or -Destination."), "DumpTargetRequired", ErrorCategory.InvalidArgument, null));
            if ((FreezeCommand == null) != (ThawCommand == null))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-FreezeCommand and -ThawCommand go together: a freeze without its thaw could leave the application frozen."), "FreezeNeedsThaw", ErrorCategory.InvalidArgument, null));
            // The hooks are checked here, before anything is read from a host, and fail with the stable ids (they were
            // first built after the preflight round trip, outside any error mapping).
            try
            {
                if (FreezeCommand != null) Command(FreezeCommand, nameof(FreezeCommand));
                if (ThawCommand != null) Command(ThawCommand, nameof(ThawCommand));
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, null));
            }
            var names = (Mirror ?? Array.Empty<string>()).Select(n => (Mirror: (string?)n, MountPoint: (string?)null)).ToList();
            // From Get-SvmMirror both Name and MountPoint bind: the name wins; -MountPoint alone is resolved on the host.
            if (names.Count == 0) names = (MountPoint ?? Array.Empty<string>()).Select(p => (Mirror: (string?)null, MountPoint: (string?)p)).ToList();
            if (names.Count == 0)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give -Mirror (d1) or -MountPoint (/home1), or pipe Get-SvmMirror output."), "MirrorRequired", ErrorCategory.InvalidArgument, null));
            foreach (var session in Sessions())
                foreach (var n in names)
                {
                    try
                    {
                        if (n.Mirror != null) SolarisName.ValidateMetadevice(n.Mirror, "Mirror");
                        if (Submirror != null) SolarisName.ValidateMetadevice(Submirror, "Submirror"); // else refused only after the preflight read
                        if (n.MountPoint != null) SolarisName.ValidateAbsolutePath(n.MountPoint, "MountPoint");
                        if (!string.IsNullOrEmpty(DiskSet)) SolarisName.ValidateDiskSet(DiskSet!);
                    }
                    catch (ArgumentException ex)
                    {
                        WriteError(ToErrorRecord(ex, n.Mirror ?? n.MountPoint));
                        continue;
                    }
                    // A mirror named twice (or piped twice) is backed up once.
                    var set = string.IsNullOrEmpty(DiskSet) ? null : DiskSet; // a local mirror piped in binds its null set as ""
                    if (!_jobs.Any(j => j.Session == session && j.DiskSet == set && j.Mirror == n.Mirror && j.MountPoint == n.MountPoint))
                        _jobs.Add((session, set, n.Mirror, n.MountPoint));
                }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (_jobs.Count > 0) RunAll();
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void RunAll()
        {
            var jobs = _jobs.ToList();
            // A disk set is backed up on its owner only: with several nodes given, ask one which node owns it.
            foreach (var set in jobs.Where(j => j.DiskSet != null).Select(j => j.DiskSet!).Distinct().ToList())
            {
                var nodes = jobs.Where(j => j.DiskSet == set).Select(j => j.Session).Distinct().ToList();
                if (nodes.Count < 2) continue;
                var owner = FindOwner(set, nodes);
                jobs = jobs.Where(j => j.DiskSet != set || j.Session == owner).ToList();
            }
            var requests = new List<(SvmSession Session, MirrorBackupRequest Request, int Id)>();
            var owner0 = BackupOwner.Current(AzureJobId());
            var journalDir = JournalPath != null ? GetUnresolvedProviderPathFromPSPath(JournalPath) : BackupJournal.DefaultDirectory;
            var many = jobs.Count > 1;
            var id = 0;
            foreach (var j in jobs)
            {
                var r = new MirrorBackupRequest
                {
                    DiskSet = j.DiskSet, Mirror = j.Mirror ?? "", MountPoint = j.MountPoint, Submirror = Submirror, Method = Method, Level = Level, UpdateDumpDates = UpdateDumpDates,
                    TargetKind = SubmirrorDumpOperations.ChooseTarget(TapeDevice, RemotePath, Destination)!.Value,
                    Overwrite = Force, Check = !SkipCheck, RepairCopy = RepairCopy, NoLock = NoLock, WaitForResync = WaitForResync, PollInterval = TimeSpan.FromSeconds(PollIntervalSeconds),
                    JournalDirectory = journalDir, Owner = owner0,
                    Freeze = FreezeCommand == null ? null : Command(FreezeCommand, "FreezeCommand"),
                    Thaw = ThawCommand == null ? null : Command(ThawCommand, "ThawCommand"),
                };
                r.HostTarget = TapeDevice ?? (RemotePath == null ? null : TargetPattern.Expand(RemotePath, j.Session.ComputerName, j.DiskSet, j.Mirror ?? PathLabel(j.MountPoint), Level));
                r.LocalPath = Destination == null ? null : GetUnresolvedProviderPathFromPSPath(TargetPattern.Expand(Destination, j.Session.ComputerName, j.DiskSet, j.Mirror ?? PathLabel(j.MountPoint), Level));
                requests.Add((j.Session, r, ++id));
            }
            CheckTargets(requests.Select(x => (x.Session, x.Request)).ToList(), many);
            var whatIf = IsWhatIfRun();
            Await(ct => RunThrottledAsync(requests, whatIf, ct));
        }

        private static string? PathLabel(string? mountPoint) => mountPoint?.Trim('/').Replace('/', '_');

        /// <summary>Hosts in parallel up to -ThrottleLimit; one host's mirrors in order (never two backups of one mirror).</summary>
        private async Task<int> RunThrottledAsync(List<(SvmSession Session, MirrorBackupRequest Request, int Id)> requests, bool whatIf, CancellationToken ct)
        {
            using (var gate = new SemaphoreSlim(ThrottleLimit))
            {
                var perHost = requests.GroupBy(r => r.Session).Select(async group =>
                {
                    await gate.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        foreach (var job in group)
                        {
                            if (ct.IsCancellationRequested) break;
                            await RunOneAsync(job.Session, job.Request, new CmdletBackupHost(this, whatIf, job.Id, job.Session), ct).ConfigureAwait(false);
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                }).ToList();
                await Task.WhenAll(perHost).ConfigureAwait(false);
            }
            ct.ThrowIfCancellationRequested();
            return 0;
        }

        private async Task RunOneAsync(SvmSession session, MirrorBackupRequest request, CmdletBackupHost host, CancellationToken ct)
        {
            var label = $"{(request.Mirror.Length > 0 ? SvmBackupLabel(request) : request.MountPoint)} on {session.ComputerName}";
            try
            {
                var run = new MirrorBackupRun(session, request, host);
                object? output = PlanOnly ? await run.PlanAsync(ct).ConfigureAwait(false) : (object?)await run.RunAsync(ct).ConfigureAwait(false);
                if (output != null) Post(() => WriteObject(output));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                var record = ToErrorRecord(ex, label, session.Secrets);
                Post(() => WriteError(record));
            }
            finally
            {
                Post(() => WriteProgress(new ProgressRecord(host.ActivityId, "Backup-SvmMirror " + label, "Done") { RecordType = ProgressRecordType.Completed }));
            }
        }

        private static string SvmBackupLabel(MirrorBackupRequest r) => r.DiskSet == null ? r.Mirror : r.DiskSet + "/" + r.Mirror;

        /// <summary>
        /// The node that owns the set: each node is asked (metaset -s SET, in parallel); SVM prints the Owner "Yes" on the
        /// owning node's own row, so the owner is the node whose row for itself says so.
        /// </summary>
        private SvmSession FindOwner(string set, List<SvmSession> nodes)
        {
            var views = Await(ct => Task.WhenAll(nodes.Select(async n =>
            {
                try { return (Node: n, Sets: await DiskSetInventory.GetAsync(n, set, ct).ConfigureAwait(false), Error: (Exception?)null); }
                catch (Exception ex) when (!(ex is OperationCanceledException)) { return (Node: n, Sets: (IReadOnlyList<SvmDiskSet>)Array.Empty<SvmDiskSet>(), Error: (Exception?)ex); }
            })));
            SvmSession? owner = null;
            string? named = null;
            foreach (var v in views)
            {
                var hosts = v.Sets.FirstOrDefault(x => x.Name == set)?.Hosts ?? Array.Empty<SvmDiskSetHost>();
                if (hosts.Any(h => h.IsOwner && string.Equals(h.Name, v.Node.ComputerName, StringComparison.OrdinalIgnoreCase))) owner = owner ?? v.Node;
                named = named ?? hosts.FirstOrDefault(h => h.IsOwner)?.Name;
                if (v.Error != null) WriteWarning($"{v.Node.ComputerName}: could not read disk set {set}: {v.Node.Secrets.Apply(v.Error.Message)}");
            }
            owner = owner ?? nodes.FirstOrDefault(n => named != null && string.Equals(n.ComputerName, named, StringComparison.OrdinalIgnoreCase));
            if (owner == null)
                ThrowTerminatingError(ToErrorRecord(new SvmRefusedException(SvmRefusal.NotSetOwner,
                    named == null
                        ? $"None of {string.Join(", ", nodes.Select(n => n.ComputerName))} owns disk set {set} (metaset -s {set}): take it on one node first (metaset -s {set} -t), or give the owner to -ComputerName/-Session."
                        : $"Disk set {set} is owned by {named}, which is not among {string.Join(", ", nodes.Select(n => n.ComputerName))}: give it to -ComputerName/-Session.", set), set));
            WriteVerbose($"Disk set {set} is owned by {owner!.ComputerName}: backing it up there.");
            return owner;
        }

        /// <summary>Refuses targets that would overwrite each other: one file for several mirrors, several dumps on a rewinding tape.</summary>
        private void CheckTargets(List<(SvmSession Session, MirrorBackupRequest Request)> requests, bool many)
        {
            if (!many) return;
            string? conflict = null;
            if (Destination != null && requests.Select(r => r.Request.LocalPath).Distinct(StringComparer.Ordinal).Count() < requests.Count)
                conflict = $"-Destination '{Destination}' names one file for several mirrors: use a pattern such as 'C:\\Backups\\{{host}}-{{mirror}}-{{date}}.ufsdump'.";
            else if (RemotePath != null && requests.GroupBy(r => (r.Session, r.Request.HostTarget)).Any(g => g.Count() > 1))
                conflict = $"-RemotePath '{RemotePath}' names one file on a host for several mirrors: use a pattern such as '/backup/{{mirror}}-{{date}}.ufsdump'.";
            else if (TapeDevice != null && !TargetPattern.IsNoRewindTape(TapeDevice) && requests.GroupBy(r => r.Session).Any(g => g.Count() > 1))
                conflict = $"{TapeDevice} rewinds after each dump, so the second dump would overwrite the first: use the no-rewind device ({TapeDevice}n) to stack several dumps on one tape.";
            if (conflict != null)
                ThrowTerminatingError(new ErrorRecord(new SvmRefusedException(SvmRefusal.TargetConflict, conflict, null), nameof(SvmRefusal.TargetConflict), ErrorCategory.InvalidArgument, null));
        }

        private static RemoteCommand Command(string[] words, string parameter)
        {
            // The first word is a host path (InvalidName, as every other host path); the others are quoted as one word each.
            if (words.Length == 0 || words[0] == null || !words[0].StartsWith("/", StringComparison.Ordinal))
                throw new SvmInvalidNameException($"-{parameter} takes the command's absolute path and then its arguments, e.g. '/opt/app/bin/quiesce','--db','prod' (each argument is quoted for the shell).", parameter, words.Length == 0 ? null : words[0]);
            SolarisName.ValidateAbsolutePath(words[0], parameter);
            return new RemoteCommand(words[0], words.Skip(1).ToArray()) { NeedsRoot = true };
        }

        private bool IsWhatIfRun()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w)) return w is SwitchParameter sp ? sp.IsPresent : LanguagePrimitives.IsTrue(w);
            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }

        /// <summary>Azure Automation keeps $PSPrivateMetadata.JobId when it restarts a job from the beginning.</summary>
        private string? AzureJobId()
        {
            var meta = GetVariableValue("PSPrivateMetadata");
            if (meta == null) return null;
            var pso = PSObject.AsPSObject(meta);
            object? job = pso.Properties["JobId"]?.Value;
            if (job == null && pso.BaseObject is System.Collections.IDictionary d && d.Contains("JobId")) job = d["JobId"];
            if (job == null) return null;
            var jp = PSObject.AsPSObject(job);
            return (jp.Properties["Guid"]?.Value ?? jp.BaseObject)?.ToString();
        }

        /// <summary>One run's side of the cmdlet: every call is marshalled to the pipeline thread.</summary>
        private sealed class CmdletBackupHost : IBackupHost
        {
            private readonly BackupSvmMirrorCommand _c;
            private readonly SvmSession _session;

            public CmdletBackupHost(BackupSvmMirrorCommand cmdlet, bool whatIf, int activityId, SvmSession session)
            {
                _c = cmdlet;
                IsWhatIf = whatIf;
                ActivityId = activityId;
                _session = session;
            }

            public int ActivityId { get; }

            public bool IsWhatIf { get; }

            public Task<bool> ShouldProcessAsync(string target, string action) => _c.OnPipeline(() => _c.ShouldProcess(target, action));

            public void Warning(string text) => _c.Post(() => _c.WriteWarning(text));

            public void Error(Exception error, object? target)
            {
                var record = ToErrorRecord(error, target, _session.Secrets);
                _c.Post(() => _c.WriteError(record));
            }

            public void Progress(SvmBackupResult run, string status, int percentComplete)
            {
                var record = new ProgressRecord(ActivityId, $"Backup-SvmMirror {run.FullName} on {run.ComputerName}", status) { PercentComplete = percentComplete };
                _c.Post(() => _c.WriteProgress(record));
            }
        }
    }
}
