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

        /// <summary>
        /// Runs the script; stdout and stderr are drained concurrently. Cancellation and the request's timeout stop
        /// the script AND its children on the host (by the process group the transport records), not just the channel.
        /// </summary>
        /// <exception cref="SvmRemoteTimeoutException">The timeout elapsed (the remote processes were killed).</exception>
        /// <exception cref="OperationCanceledException">Cancelled (the remote processes were killed).</exception>
        /// <exception cref="SvmConnectionLostException">The connection dropped.</exception>
        Task<RemoteResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken);
    }
}
