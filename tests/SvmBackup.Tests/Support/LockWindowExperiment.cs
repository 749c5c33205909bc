using System.Diagnostics;
using System.Globalization;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.Scripts;
using SvmBackup.Sessions;
using SvmBackup.Tests.Rig;
using SvmBackup.Transport;

namespace SvmBackup.Tests.Support;

/// <summary>
/// The write-lock window of one backup split, measured over SSH two ways: the trapped script
/// (<see cref="FreezeSplitThaw"/>: lockfs -w, metaoffline, lockfs -u in one round trip) and the same steps as separate
/// round trips (<see cref="UfsLockOperations.LockAsync"/>, <see cref="SubmirrorOperations.SplitAsync"/>,
/// <see cref="UfsLockOperations.UnlockAsync"/>), as the step cmdlets or a hand-written runbook do it. Used by the
/// latency tests and by the latency benchmark (<c>--latency</c>); the caller puts a <see cref="DelayProxy"/> in between.
/// </summary>
public sealed class LockWindowExperiment
{
    public const string Node = "myhost";
    public const string MountPoint = "/home1";
    public const string Mirror = "d1";
    public const string Submirror = "d3";

    private readonly string? lockfsLog;

    /// <param name="lockfsLog">The file the clocked lockfs of <see cref="InstallLockfsClock"/> appends to; null: no host-side time for the steps.</param>
    public LockWindowExperiment(string? lockfsLog = null) => this.lockfsLog = lockfsLog;

    /// <summary>One SSH session as root through <paramref name="proxy"/>; the host key must be one of the rig's (pinned).</summary>
    public static async Task<SvmSession> OpenSessionAsync(SshdRig rig, DelayProxy proxy, CancellationToken ct = default)
    {
        var settings = new SshConnectionSettings
        {
            Host = proxy.Host,
            Port = proxy.Port,
            UserName = rig.RootUserName,
            HostKeyPolicy = new HostKeyPolicy(pinnedFingerprints: rig.HostKeyFingerprints.Values),
            ConnectTimeout = TimeSpan.FromSeconds(60),
        };
        settings.KeyFiles.Add(new KeyValuePair<string, string?>(rig.RootKeyPath, null));
        var transport = await SshTransport.ConnectAsync(settings, new List<string>(), ct).ConfigureAwait(false);
        return await SvmSession.OpenAsync(transport, proxy.Host, proxy.Port, rig.RootUserName, Elevation.None, "latency", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the simulated host's <c>/usr/sbin/lockfs</c> (in <paramref name="solarisRoot"/>, BEFORE a rig mounts it)
    /// by a wrapper that appends the host time to <paramref name="log"/> just before a <c>lockfs -w</c> runs and just
    /// after a <c>lockfs -u</c> returned, then behaves exactly as the simulated lockfs. That is the host-side lock
    /// window of any way of locking, measured with the same clock and at the same points as the trapped script's marks.
    /// </summary>
    public static void InstallLockfsClock(string solarisRoot, string log)
    {
        var lockfs = Path.Combine(solarisRoot, "usr", "sbin", "lockfs");
        var shim = File.ReadAllText(lockfs);
        var exec = shim.Split('\n').Single(l => l.StartsWith("exec ", StringComparison.Ordinal));
        var q = ShellQuote.Quote(log);
        var wrapper =
            "#!/bin/sh\n" +
            "if [ \"$1\" = -w ]; then echo \"w `date +%s.%N`\" >> " + q + "; fi\n" +
            exec.Substring("exec ".Length) + "\n" +
            "rc=$?\n" +
            "if [ \"$1\" = -u ] && [ $rc = 0 ]; then echo \"u `date +%s.%N`\" >> " + q + "; fi\n" +
            "exit $rc\n";
        var temp = lockfs + ".clocked";
        File.WriteAllText(temp, wrapper);
        File.SetUnixFileMode(temp, File.GetUnixFileMode(lockfs));
        File.Move(temp, lockfs, overwrite: true);
        File.WriteAllText(log, "");
    }

    /// <summary>A round trip that runs no simulated tool (<c>cat /etc/release</c>): the cost of one round trip itself.</summary>
    public static async Task<TimeSpan> TrivialRoundTripAsync(SvmSession session, CancellationToken ct = default)
    {
        var batch = session.NewBatch();
        batch.Add(new RemoteCommand(SolarisPaths.Cat, SolarisPaths.Release));
        var clock = Stopwatch.StartNew();
        var r = (await session.RunAsync(batch, ct).ConfigureAwait(false))[0];
        var elapsed = clock.Elapsed;
        if (r.ExitCode != 0) throw new InvalidOperationException("cat /etc/release failed: " + r.Stderr);
        return elapsed;
    }

    /// <summary>Lock, split, unlock in the trapped script; the window is the host's own measurement.</summary>
    public async Task<LockWindowSample> RunTrappedAsync(SvmSession session, CancellationToken ct = default)
    {
        var mark = LogLength();
        var before = session.RoundTrips;
        var clock = Stopwatch.StartNew();
        var r = await FreezeSplitThaw.RunAsync(session, MountPoint, null, Mirror, Submirror, SvmSplitMethod.Offline, ct).ConfigureAwait(false);
        var client = clock.Elapsed;
        var trips = session.RoundTrips - before;
        if (r.ExitCode != 0 || r.SplitExitCode != 0 || !r.Unlocked || r.WriteLockWindow is null)
            throw new InvalidOperationException($"lock-split-unlock failed: exit {r.ExitCode}, split {r.SplitExitCode}, unlocked {r.Unlocked}: {r.Stderr}");
        return new LockWindowSample(r.WriteLockWindow.Value, client, HostWindowSince(mark), trips);
    }

    /// <summary>
    /// Lock, split, unlock as separate round trips. The client-side window runs from just before the lockfs -w
    /// request is sent (after LockAsync's mnttab check, which locks nothing) to just after the unlock returned.
    /// </summary>
    public async Task<LockWindowSample> RunStepsAsync(SvmSession session, CancellationToken ct = default)
    {
        var mark = LogLength();
        var before = session.RoundTrips;
        var clock = new Stopwatch();
        void OnSend(SvmSession s, RemoteBatch b)
        {
            if (!clock.IsRunning && b.Commands.Any(c => c.Tool == SolarisPaths.Lockfs && c.Arguments.Contains("-w"))) clock.Start();
        }
        session.BatchSending += OnSend;
        try
        {
            await UfsLockOperations.LockAsync(session, MountPoint, ct).ConfigureAwait(false);
            try
            {
                await SubmirrorOperations.SplitAsync(session, null, Mirror, Submirror, SvmSplitMethod.Offline, false, ct).ConfigureAwait(false);
            }
            finally
            {
                await UfsLockOperations.UnlockAsync(session, MountPoint, ct).ConfigureAwait(false);
            }
            var client = clock.Elapsed;
            return new LockWindowSample(HostWindowSince(mark), client, HostWindowSince(mark), session.RoundTrips - before);
        }
        finally
        {
            session.BatchSending -= OnSend;
        }
    }

    /// <summary>metaonline, then waits until the mirror is Okay again (so every repetition starts alike).</summary>
    public static async Task RejoinAsync(SvmSession session, CancellationToken ct = default)
    {
        await SubmirrorOperations.RejoinAsync(session, null, Mirror, Submirror, SvmSplitMethod.Offline, ct).ConfigureAwait(false);
        await ResyncOperations.WaitAsync(session, null, Mirror, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(100), null, ct).ConfigureAwait(false);
    }

    private long LogLength() => lockfsLog is null ? 0 : new FileInfo(lockfsLog).Length;

    /// <summary>From the first lockfs -w to the last lockfs -u the clocked lockfs logged after <paramref name="offset"/>.</summary>
    private TimeSpan? HostWindowSince(long offset)
    {
        if (lockfsLog is null) return null;
        using var f = new FileStream(lockfsLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        f.Seek(offset, SeekOrigin.Begin);
        var lines = new StreamReader(f).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        double? Time(string kind, bool last)
        {
            var ts = lines.Where(l => l.StartsWith(kind + " ", StringComparison.Ordinal))
                .Select(l => double.Parse(l.AsSpan(2), NumberStyles.Float, CultureInfo.InvariantCulture)).ToList();
            return ts.Count == 0 ? null : last ? ts[^1] : ts[0];
        }
        var w = Time("w", last: false);
        var u = Time("u", last: true);
        return w is null || u is null ? null : TimeSpan.FromSeconds(u.Value - w.Value);
    }
}

/// <param name="HostWindow">The write-lock window measured on the host: the trapped script's own marks
/// (<see cref="FreezeSplitThawResult.WriteLockWindow"/>); for the steps, the clocked lockfs when installed, else null.</param>
/// <param name="ClientWindow">Client side: the whole trapped round trip; for the steps, lockfs -w sent → unlock returned.</param>
/// <param name="ClockedHostWindow">Host side from the clocked lockfs (first -w to last -u), when installed.</param>
/// <param name="RoundTrips">Remote round trips the lock, split and unlock took.</param>
public sealed record LockWindowSample(TimeSpan? HostWindow, TimeSpan ClientWindow, TimeSpan? ClockedHostWindow, long RoundTrips);
