using System.Collections.Concurrent;

namespace SvmBackup.Operations
{
    /// <summary>
    /// The backups running in this process, by host and mirror. Two runspaces of one process share the owner token, so
    /// the host marker alone cannot tell a live run of this process from an interrupted one: this can.
    /// </summary>
    public static class ActiveBackups
    {
        private static readonly ConcurrentDictionary<string, string> Runs = new ConcurrentDictionary<string, string>();

        public static string Key(SvmBackup.Sessions.SvmSession session, string? diskSet, string mirror) => session.HostIdentity + "|" + (diskSet ?? "local") + "|" + mirror;

        /// <summary>Claims the mirror for a run; false if another run of this process holds it.</summary>
        public static bool TryClaim(string key, string runId) => TryClaim(key, runId, out _);

        /// <summary>
        /// Claims the mirror for a run; false if another run of this process holds it, whose id is then in
        /// <paramref name="holder"/>. One atomic step, so the refusal can name the run that held the mirror at that
        /// moment (a second look could find it already gone).
        /// </summary>
        public static bool TryClaim(string key, string runId, out string holder)
        {
            holder = Runs.GetOrAdd(key, runId);
            return holder == runId;
        }

        public static void Release(string key, string runId) => ((System.Collections.Generic.ICollection<System.Collections.Generic.KeyValuePair<string, string>>)Runs).Remove(new System.Collections.Generic.KeyValuePair<string, string>(key, runId));

        public static bool IsRunning(string runId)
        {
            foreach (var kv in Runs) if (kv.Value == runId) return true;
            return false;
        }
    }
}
