namespace SvmBackup.Scripts
{
    /// <summary>How commands that need root are run when the login is not root.</summary>
    public enum Elevation
    {
        /// <summary>Run as the login user (use when logging in as root).</summary>
        None,
        /// <summary>Prefix root commands with <c>sudo -n</c> (never prompts: a missing sudo rule fails at once).</summary>
        Sudo,
        /// <summary>Prefix root commands with Solaris <c>pfexec</c> (RBAC profiles such as "Primary Administrator").</summary>
        Pfexec,
    }
}
