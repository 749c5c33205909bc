using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using SvmBackup.Sessions;

namespace SvmBackup.PowerShell.Infrastructure
{
    /// <summary>
    /// Sessions opened in a runspace are listed per runspace: Azure Automation runs several jobs in one process,
    /// and one job must never see (or close) another's sessions. The table holds runspaces weakly.
    /// </summary>
    internal static class SessionRegistry
    {
        private static readonly ConditionalWeakTable<Runspace, List<SvmSession>> Table = new ConditionalWeakTable<Runspace, List<SvmSession>>();
        private static readonly List<SvmSession> NoRunspace = new List<SvmSession>();

        private static List<SvmSession> Current()
        {
            var rs = Runspace.DefaultRunspace;
            return rs == null ? NoRunspace : Table.GetValue(rs, _ => new List<SvmSession>());
        }

        public static void Add(SvmSession session)
        {
            var list = Current();
            lock (list) list.Add(session);
        }

        public static SvmSession[] All()
        {
            var list = Current();
            lock (list) return list.ToArray();
        }

        public static void Remove(SvmSession session)
        {
            var list = Current();
            lock (list) list.Remove(session);
        }
    }
}
