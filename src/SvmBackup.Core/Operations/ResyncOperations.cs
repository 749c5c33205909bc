using System;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Model;
using SvmBackup.Sessions;

namespace SvmBackup.Operations
{
    /// <summary>Waits for a mirror's resync by polling metastat (one round trip per poll).</summary>
    public static class ResyncOperations
    {
        /// <summary>Returns the mirror once every submirror is Okay and no resync runs.</summary>
        /// <exception cref="TimeoutException">The timeout passed; nothing was undone (the resync goes on).</exception>
        public static async Task<SvmMirror> WaitAsync(SvmSession session, string? diskSet, string mirror, TimeSpan? timeout, TimeSpan pollInterval, Action<SvmMirror>? progress, CancellationToken ct)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                var m = await SubmirrorOperations.ReadMirrorAsync(session, diskSet, mirror, ct).ConfigureAwait(false);
                progress?.Invoke(m);
                if (m.IsHealthy) return m;
                if (m.ResyncState != SvmResyncState.InProgress && m.Submirrors.Length > 0 && !Array.Exists(m.Submirrors, s => s.State == SvmSubmirrorState.Resyncing))
                {
                    // Nothing is resyncing and it is not healthy: waiting would never end (offline, maintenance, cancelled).
                    throw new SvmRefusedException(SvmRefusal.MirrorNotHealthy, $"{m.FullName} on {m.ComputerName} is not resyncing and not Okay ({string.Join(", ", Array.ConvertAll(m.Submirrors, s => s.Name + " " + s.StateText))}); waiting would never end.", m.FullName);
                }
                if (timeout.HasValue && clock.Elapsed >= timeout.Value)
                    throw new TimeoutException($"{m.FullName} on {m.ComputerName} is still resyncing ({m.ResyncPercent?.ToString("0.#") ?? "?"} % done) after {timeout.Value.TotalSeconds:0.#} s. Nothing was undone: the resync goes on; wait again later.");
                await Task.Delay(pollInterval, ct).ConfigureAwait(false);
            }
        }
    }
}
