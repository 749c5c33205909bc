namespace SvmBackup.Transport
{
    /// <summary>Outcome of checking a server's host key.</summary>
    public enum HostKeyVerdict
    {
        /// <summary>Matches a known_hosts entry or a pinned fingerprint.</summary>
        Trusted,
        /// <summary>Not known; trusted on first use because -AcceptNewHostKey was given (and recorded in known_hosts).</summary>
        TrustedOnFirstUse,
        /// <summary>No entry for this host: refused.</summary>
        Unknown,
        /// <summary>The host is known with a different key of the same type: refused loudly.</summary>
        Changed,
        /// <summary>The key is marked @revoked: refused.</summary>
        Revoked,
    }
}
