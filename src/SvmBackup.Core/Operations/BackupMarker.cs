using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using SvmBackup.Model;
using SvmBackup.Scripts;

namespace SvmBackup.Operations
{
    /// <summary>
    /// The host's record of a backup in progress: the directory <c>/var/opt/svmbackup/runs/SET/MIRROR</c> (SET is
    /// <c>local</c> for the local set). It is made with mkdir, which is atomic, so a second backup of the same mirror
    /// cannot start; it holds empty entries whose NAMES are the run's facts (<c>id=…</c>, <c>sub=d3</c>,
    /// <c>method=Offline</c>, <c>owner=…</c>, <c>client=…</c>, <c>pid=…</c>, the host script's <c>sh=…</c>), so writing and reading it needs only
    /// mkdir, rm and ls (a narrow sudoers rule or RBAC profile can grant those; no file content, no shell redirection
    /// under sudo). It is made before the lock and removed with the rejoin, so it exists exactly while a submirror may
    /// be out: after a failover or a crashed client it still tells which submirror to put back and how — the one thing
    /// the host's state alone cannot say for a detached submirror. /var/opt survives a reboot, as an offline or
    /// detached submirror does.
    /// </summary>
    public sealed class BackupMarker
    {
        public const string Root = "/var/opt/svmbackup/runs";
        private static readonly Regex SafeValue = new Regex("^[A-Za-z0-9._-]{1,64}\\z", RegexOptions.CultureInvariant);

        public string DiskSet { get; set; } = "local";
        public string Mirror { get; set; } = "";
        /// <summary>Null when the directory exists without its entries (the creating script died between two mkdirs).</summary>
        public string? RunId { get; set; }
        public string? Submirror { get; set; }
        public SvmSplitMethod? Method { get; set; }
        /// <summary>A hash of the owner token (see BackupOwner): who may take the run over after an interruption.</summary>
        public string? Owner { get; set; }
        public string? Client { get; set; }
        public int? ClientProcessId { get; set; }
        /// <summary>The PID of the host script that made the marker (its process group): whether it still runs.</summary>
        public int? ScriptPid { get; set; }

        /// <summary>The set as the cmdlets name it: null for the local set.</summary>
        public string? DiskSetOrNull => DiskSet == "local" ? null : DiskSet;
        public string FullName => SvmDevicePath.FullName(DiskSetOrNull, Mirror);

        public static string PathOf(string? diskSet, string mirror) =>
            Root + "/" + (diskSet == null ? "local" : SolarisName.ValidateDiskSet(diskSet)) + "/" + SolarisName.ValidateMetadevice(mirror, "Mirror");

        /// <summary>Lists every marker (read-only; the directories are mode 755, so no elevation is needed).</summary>
        public static RemoteCommand ListCommand() => new RemoteCommand("/usr/bin/ls", "-1R", Root);

        /// <summary>Removes one mirror's marker (after the rejoin succeeded, or by a repair).</summary>
        public static RemoteCommand RemoveCommand(string? diskSet, string mirror) => new RemoteCommand("/usr/bin/rm", "-rf", PathOf(diskSet, mirror)) { NeedsRoot = true };

        /// <summary>
        /// Shell lines that make the marker atomically: set <c>svm_marked=1</c> on success; print <c>MARK busy</c> and
        /// exit 12 if another run holds the mirror; print <c>MARK markfailed</c> and exit 14 if the entries cannot be
        /// made. <c>svm_marked=2</c> while mkdir's outcome is unknown (see <see cref="CleanupLines"/>). Bourne shell;
        /// every value validated.
        /// </summary>
        public string CreateLines(string elevationPrefix, string mark)
        {
            var path = PathOf(DiskSetOrNull, Mirror);
            // sh=$$: the script's own PID (its process group), so a recovery can wait for a script that is still running.
            var entries = Entries().Select(e => ShellQuote.Quote(path + "/" + e)).Concat(new[] { ShellQuote.Quote(path + "/sh=") + "$$" });
            var sb = new StringBuilder();
            sb.Append(elevationPrefix).Append("/usr/bin/mkdir -p ").Append(ShellQuote.Quote(Root + "/" + DiskSet)).Append(" </dev/null\n");
            // svm_marked=2 while the mkdir's outcome is unknown to the shell: a signal landing after the kernel made the
            // directory but before the shell saw mkdir's status would otherwise leave an entry-less marker behind.
            sb.Append("svm_marked=2\n");
            sb.Append("if ").Append(elevationPrefix).Append("/usr/bin/mkdir ").Append(ShellQuote.Quote(path)).Append(" </dev/null; then\n");
            sb.Append("  svm_marked=1\n");
            // Without its entries a marker cannot say what to put back: nothing may be locked or split under it.
            sb.Append("  ").Append(elevationPrefix).Append("/usr/bin/mkdir ").Append(string.Join(" ", entries)).Append(" </dev/null || { echo \"").Append(mark).Append("markfailed\" >&2; exit 14; }\n");
            sb.Append("else\n");
            sb.Append("  svm_marked=0\n");
            sb.Append("  echo \"").Append(mark).Append("busy\" >&2\n");
            sb.Append("  exit 12\n");
            sb.Append("fi\n");
            return sb.ToString();
        }

        /// <summary>
        /// The trap's lines: remove the marker when nothing can be out — the split never started or SVM refused it
        /// (<c>svm_src</c> is <c>none</c> or non-zero). A split cut off by a signal may have happened, so its marker
        /// stays for the recovery. Interrupted around the mkdir (<c>svm_marked=2</c>), the directory is removed only if
        /// it is empty (rmdir): ours, made just before the signal, or another run's in the same instant — whose entries'
        /// mkdir then fails, so it stops before locking (exit 14). A marker with entries is never touched.
        /// </summary>
        public string CleanupLines(string elevationPrefix)
        {
            var path = ShellQuote.Quote(PathOf(DiskSetOrNull, Mirror));
            var sb = new StringBuilder();
            sb.Append("  if [ \"$svm_marked\" = 1 ] && [ \"$svm_src\" != running ] && [ \"$svm_src\" != 0 ]; then\n");
            sb.Append("    ").Append(elevationPrefix).Append(RemoveCommand(DiskSetOrNull, Mirror).ToShell()).Append(" </dev/null && svm_marked=0\n");
            sb.Append("  fi\n");
            sb.Append("  if [ \"$svm_marked\" = 2 ]; then\n");
            sb.Append("    ").Append(elevationPrefix).Append("/usr/bin/rmdir ").Append(path).Append(" </dev/null 2>/dev/null; svm_marked=0\n");
            sb.Append("  fi\n");
            return sb.ToString();
        }

        /// <summary>The marker's entry names, each validated so nothing but the expected characters reaches the shell.</summary>
        public IEnumerable<string> Entries()
        {
            SolarisName.ValidateMetadevice(Mirror, "Mirror");
            if (RunId != null) yield return "id=" + Check(RunId, "RunId");
            if (Submirror != null) yield return "sub=" + SolarisName.ValidateMetadevice(Submirror, "Submirror");
            if (Method != null) yield return "method=" + Method.Value;
            if (Owner != null) yield return "owner=" + Check(Owner, "Owner");
            if (Client != null) yield return "client=" + Check(Client, "Client");
            if (ClientProcessId != null) yield return "pid=" + ClientProcessId.Value.ToString(CultureInfo.InvariantCulture);
        }

        private static string Check(string value, string what)
        {
            if (!SafeValue.IsMatch(value)) throw new SvmInvalidNameException($"'{value}' is not a valid {what}: letters, digits, '.', '_' and '-' only (1 to 64).", what, value);
            return value;
        }

        /// <summary>A client machine name reduced to what a marker entry may hold.</summary>
        public static string SanitizeClient(string name)
        {
            var s = new string(name.Select(c => char.IsLetterOrDigit(c) && c < 128 || c == '.' || c == '-' || c == '_' ? c : '_').ToArray());
            return s.Length == 0 ? "unknown" : s.Length > 64 ? s.Substring(0, 64) : s;
        }

        /// <summary>
        /// Parses <c>ls -1R /var/opt/svmbackup/runs</c>: "dir:" headers, one name per line, blank lines between. A missing
        /// directory (no backup ever ran) is no marker. Headers are read relative to the runs directory wherever it
        /// appears in them, so the listing of a relocated root parses the same.
        /// </summary>
        public static IReadOnlyList<BackupMarker> Parse(CommandResult listing)
        {
            var markers = new Dictionary<string, BackupMarker>(StringComparer.Ordinal);
            if (listing.ExitCode != 0 && listing.Stdout.Trim().Length == 0) return Array.Empty<BackupMarker>();
            string[]? dir = null;
            foreach (var raw in listing.Stdout.Split('\n'))
            {
                var line = raw.TrimEnd('\r');
                if (line.Length == 0) continue;
                if (line.EndsWith(":", StringComparison.Ordinal) && line.Contains(Root))
                {
                    var rel = line.Substring(line.LastIndexOf(Root, StringComparison.Ordinal) + Root.Length).TrimEnd(':').Trim('/');
                    dir = rel.Length == 0 ? Array.Empty<string>() : rel.Split('/');
                    if (dir.Length == 2 && !markers.ContainsKey(rel)) markers[rel] = new BackupMarker { DiskSet = dir[0], Mirror = dir[1] };
                    continue;
                }
                if (dir == null || dir.Length != 2) continue; // set directories list mirror names: their own headers follow
                var m = markers[dir[0] + "/" + dir[1]];
                var eq = line.IndexOf('=');
                if (eq < 0) continue;
                var key = line.Substring(0, eq);
                var value = line.Substring(eq + 1);
                switch (key)
                {
                    case "id": m.RunId = value; break;
                    case "sub": m.Submirror = value; break;
                    case "method": m.Method = Enum.TryParse<SvmSplitMethod>(value, out var method) ? method : (SvmSplitMethod?)null; break;
                    case "owner": m.Owner = value; break;
                    case "client": m.Client = value; break;
                    case "sh": m.ScriptPid = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var sh) ? sh : (int?)null; break;
                    case "pid": m.ClientProcessId = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : (int?)null; break;
                }
            }
            return markers.Values.ToList();
        }

        public override string ToString() => $"{FullName}: run {RunId ?? "(unknown)"}, {Submirror ?? "?"} {Method?.ToString() ?? "?"}, from {Client ?? "?"}";
    }
}
