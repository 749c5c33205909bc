using System;

namespace SvmBackup.Transport
{
    /// <summary>A remote script ran longer than its timeout; it was killed on the host (by process group).</summary>
    public sealed class SvmRemoteTimeoutException : TimeoutException
    {
        public SvmRemoteTimeoutException(string target, TimeSpan timeout, bool killed)
            : base($"The command on {target} did not finish within {timeout.TotalSeconds:0.#} s and was {(killed ? "stopped on the host" : "abandoned (the host could not be reached to stop it; check it with ps)")}.")
        {
            Target = target;
            Timeout = timeout;
            Killed = killed;
        }

        public string Target { get; }
        public TimeSpan Timeout { get; }
        public bool Killed { get; }
    }
}
