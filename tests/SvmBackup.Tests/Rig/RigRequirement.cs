namespace SvmBackup.Tests.Rig;

/// <summary>
/// Decides whether SSH-tier tests run. Use in <c>[SkippableFact]</c> / <c>[SkippableTheory]</c> tests
/// (package Xunit.SkippableFact); with a plain <c>[Fact]</c> a skip becomes a failure.
/// </summary>
public static class RigRequirement
{
    /// <summary>Set to <c>1</c> (CI does) to make a missing rig a test failure instead of a skip.</summary>
    public const string RequireVariable = "SVMBACKUP_REQUIRE_SSHD";

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public static string HowToEnable =>
        "To run the real-sshd tests: on Debian/Ubuntu 'apt-get install -y openssh-server sudo', run the tests as root " +
        "on Linux where 'unshare -m -u -p' and overlay mounts work (a container needs CAP_SYS_ADMIN, e.g. docker --privileged). " +
        $"Set {RequireVariable}=1 to turn a missing rig into a failure.";

    /// <summary>Returns when rigs can start; otherwise skips the test, or fails it when <see cref="RequireVariable"/>=1.</summary>
    public static void EnsureOrSkip()
    {
        if (SshdRig.IsAvailable(out var reason)) return;
        if (Required)
            throw new InvalidOperationException($"{RequireVariable}=1 but the sshd rig cannot start: {reason}. {HowToEnable}");
        throw new SkipException($"sshd rig unavailable: {reason}. {HowToEnable}");
    }

    /// <summary>
    /// <see cref="EnsureOrSkip()"/>, then skips when this machine's sshd cannot serve <paramref name="profile"/>
    /// (<see cref="SshdRig.IsProfileAvailable"/>; e.g. DsaOnly on OpenSSH ≥ 10). That is a skip even with
    /// <see cref="RequireVariable"/>=1: it depends on the OpenSSH version, not on the machine's setup.
    /// </summary>
    public static void EnsureOrSkip(SshdProfile profile)
    {
        EnsureOrSkip();
        if (!SshdRig.IsProfileAvailable(profile, out var reason))
            throw new SkipException($"sshd rig profile {profile} unavailable: {reason}");
    }
}
