using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;
using Xunit.Abstractions;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>
/// The write-lock window does not wait for the network: over SSH through a link with a long round-trip time, the
/// trapped lock-split-unlock is one round trip and its host-side window is shorter than one round trip, while the
/// same steps sent one by one take several. Structural facts only (counts, and one measurement compared with another
/// of the same run); the numbers are in the latency benchmark (<c>--latency</c>).
/// </summary>
public class LockWindowLatencyTests : IClassFixture<SshSimulatorFixture>
{
    /// <summary>
    /// One way. One remote round trip of a session (SSH channel open, then the command) pays it at least four times:
    /// a trivial one takes 2 s or more. The window it is compared with is three runs of the simulated tools (each a
    /// short-lived .NET process) and measured about 0.4 s on an idle 2-core machine and up to about 1 s while another
    /// test suite ran on it: the margin is for loaded machines, not for this code.
    /// </summary>
    private static readonly TimeSpan OneWayDelay = TimeSpan.FromMilliseconds(500);

    private readonly SshSimulatorFixture _f;
    private readonly ITestOutputHelper _out;

    public LockWindowLatencyTests(SshSimulatorFixture fixture, ITestOutputHelper output)
    {
        _f = fixture;
        _out = output;
    }

    [SkippableFact]
    public async Task Through_a_slow_link_the_trapped_script_is_one_round_trip_and_its_lock_window_is_shorter_than_a_round_trip()
    {
        RigRequirement.EnsureOrSkip();
        var rig = _f.Rig(LockWindowExperiment.Node, SshdProfile.Modern);
        // Login and the rejoins between the runs are not what is measured: they go through without the delay.
        using var proxy = DelayProxy.Start(rig.Host, rig.Port, TimeSpan.Zero);
        using var session = await LockWindowExperiment.OpenSessionAsync(rig, proxy);
        var experiment = new LockWindowExperiment();

        proxy.OneWayDelay = OneWayDelay;
        var roundTrip = await LockWindowExperiment.TrivialRoundTripAsync(session);
        var trapped = await experiment.RunTrappedAsync(session);
        proxy.OneWayDelay = TimeSpan.Zero;
        await LockWindowExperiment.RejoinAsync(session);
        proxy.OneWayDelay = OneWayDelay;
        var steps = await experiment.RunStepsAsync(session);
        proxy.OneWayDelay = TimeSpan.Zero;
        await LockWindowExperiment.RejoinAsync(session);

        _out.WriteLine($"one-way delay {OneWayDelay.TotalMilliseconds} ms; trivial round trip {roundTrip.TotalMilliseconds:F1} ms");
        _out.WriteLine($"trapped: host window {trapped.HostWindow?.TotalMilliseconds:F1} ms, client {trapped.ClientWindow.TotalMilliseconds:F1} ms, {trapped.RoundTrips} round trip(s)");
        _out.WriteLine($"steps:   client window {steps.ClientWindow.TotalMilliseconds:F1} ms, {steps.RoundTrips} round trips");

        Assert.True(proxy.ConnectionsAccepted >= 1, "the session did not go through the proxy");
        // lockfs -w, metaoffline and lockfs -u travelled together; one by one they cannot take fewer than three.
        Assert.Equal(1, trapped.RoundTrips);
        Assert.True(steps.RoundTrips >= 3, $"the steps took {steps.RoundTrips} round trips");
        // The whole lock-split-unlock ran on the host without waiting for the network.
        var window = Assert.NotNull(trapped.HostWindow);
        Assert.True(window < roundTrip,
            $"host-side window {window.TotalMilliseconds:F1} ms is not shorter than one round trip ({roundTrip.TotalMilliseconds:F1} ms)");
        // The steps held the lock at least across the round trips between lockfs -w and lockfs -u.
        Assert.True(steps.ClientWindow > window,
            $"step-by-step window {steps.ClientWindow.TotalMilliseconds:F1} ms is not longer than the trapped one ({window.TotalMilliseconds:F1} ms)");
    }
}
