namespace SvmBackup.Tests.Rig;

/// <summary>Which server the rig imitates.</summary>
public enum SshdProfile
{
    /// <summary>OpenSSH defaults; host keys ed25519 and rsa (3072).</summary>
    Modern,

    /// <summary>
    /// Solaris 10 SunSSH's algorithm set: kex diffie-hellman-group-exchange-sha1 / group1-sha1,
    /// host key ssh-rsa only, cipher aes128-ctr, MAC hmac-sha1, client public keys: ssh-rsa (SHA-1 signature) only.
    /// </summary>
    SunSsh,
}

/// <summary>Inputs for one <see cref="SshdRig"/>.</summary>
public sealed class SshdRigOptions
{
    /// <summary>Host name the simulated node reports (<c>uname -n</c>, <c>hostname</c>).</summary>
    public required string NodeName { get; init; }

    /// <summary>
    /// Directory with the simulated host's files: <c>usr/sbin/*</c>, <c>usr/bin/*</c>, <c>etc/*</c>.
    /// Each existing subdirectory is overlaid on the real one inside the rig's private namespace.
    /// Null: no simulated files (the rig only changes host name and accounts).
    /// </summary>
    public string? SolarisRoot { get; init; }

    public SshdProfile Profile { get; init; } = SshdProfile.Modern;

    /// <summary>How long to wait for sshd to answer with its banner.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
