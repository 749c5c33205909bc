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

    /// <summary>
    /// Like many Solaris hosts: <c>UsePAM yes</c>, <c>PasswordAuthentication no</c>,
    /// <c>KbdInteractiveAuthentication yes</c>, public keys accepted. A password user can log in only with
    /// keyboard-interactive (the PAM "Password: " prompt, checked by pam_unix against the rig's /etc/shadow);
    /// SSH.NET's <c>PasswordAuthenticationMethod</c> alone fails. Host keys as <see cref="Modern"/>.
    /// PATH of a non-interactive command is still <see cref="SshdRig.RootPath"/> / <see cref="SshdRig.NonRootPath"/>:
    /// sshd applies <c>SetEnv</c> after the PAM environment, and the rig layer's /etc/environment and
    /// /etc/security/pam_env.conf set nothing.
    /// </summary>
    PamOnly,

    /// <summary>
    /// Host key <c>ssh-dss</c> only (<c>HostKeyAlgorithms ssh-dss</c>), otherwise <see cref="Modern"/>. SSH.NET 2026.0.0
    /// has no ssh-dss, so it cannot connect (see <c>SshdRigProfileTests.DsaOnly_SshNetCannotConnect</c>).
    /// Needs an OpenSSH that can still serve DSA: check <see cref="SshdRig.IsProfileAvailable"/>.
    /// </summary>
    DsaOnly,
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
