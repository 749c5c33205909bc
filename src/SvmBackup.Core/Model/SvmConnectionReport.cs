using System;

namespace SvmBackup.Model
{
    /// <summary>What Test-SvmConnection found out about a node and the session to it.</summary>
    public sealed class SvmConnectionReport
    {
        /// <summary>Node name (uname -n), or the address when the host could not be reached.</summary>
        public string ComputerName { get; set; } = "";

        /// <summary>user@host:port, or simulator:node.</summary>
        public string Target { get; set; } = "";

        public bool Reachable { get; set; }
        public string? UserName { get; set; }
        public string? KeyExchangeAlgorithm { get; set; }
        public string? HostKeyAlgorithm { get; set; }
        public string? Cipher { get; set; }
        public string? Mac { get; set; }
        public string? HostKeyFingerprint { get; set; }
        public string? Elevation { get; set; }

        /// <summary>Effective uid of a root command (after elevation): 0 means root commands will work.</summary>
        public int? RootCommandUid { get; set; }

        /// <summary>True when commands that need root run as uid 0.</summary>
        public bool ElevationWorks => RootCommandUid == 0;

        /// <summary>True when every SVM/UFS tool the module uses exists at its Solaris path.</summary>
        public bool SvmToolsPresent => MissingTools.Length == 0 && Reachable;

        /// <summary>Absolute paths of tools that are missing or not executable.</summary>
        public string[] MissingTools { get; set; } = Array.Empty<string>();

        /// <summary>uname -a.</summary>
        public string? OperatingSystem { get; set; }

        /// <summary>First line of /etc/release (e.g. "Oracle Solaris 10 1/13 s10s_u11wos_24a SPARC").</summary>
        public string? Release { get; set; }

        /// <summary>True when metaset answered (this node is configured for disk sets).</summary>
        public bool CanSeeDiskSets { get; set; }

        /// <summary>Disk sets metaset lists, and whether this node owns each ("schost-1 (owner)").</summary>
        public string[] DiskSets { get; set; } = Array.Empty<string>();

        /// <summary>Problems found, in words (empty when everything works).</summary>
        public string[] Problems { get; set; } = Array.Empty<string>();

        public override string ToString() => ComputerName + (Reachable ? " reachable" : " unreachable");
    }
}
