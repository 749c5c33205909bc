using System;
using System.Threading;
using System.Threading.Tasks;

namespace SvmBackup.Transport
{
    /// <summary>Runs a Bourne-shell script on one Solaris node (real over SSH, or the local simulator).</summary>
    public interface ISvmTransport : IDisposable
    {
        /// <summary>Where the script runs, for messages: "root@10.0.0.5:22" or "simulator:myhost".</summary>
        string Target { get; }

        /// <summary>False once the connection is known to be gone.</summary>
        bool IsConnected { get; }

        /// <summary>Runs the script with stdin closed and returns its whole output. Cancellation ends the remote command.</summary>
        Task<RemoteResult> ExecuteAsync(string script, CancellationToken cancellationToken);
    }
}
