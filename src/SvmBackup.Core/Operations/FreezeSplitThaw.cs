using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Model;
using SvmBackup.Scripts;
using SvmBackup.Sessions;
using SvmBackup.Transport;

namespace SvmBackup.Operations
{
    /// <summary>
    /// lockfs -w, metaoffline/metadetach, lockfs -u as ONE remote script inside shell traps that unlock on every exit,
    /// error or hang-up: the file system is unlocked even if the SSH connection or the client dies mid-way, and the
    /// write-lock window is one host-side sequence, not several network round trips. The host records when the lock
    /// started and ended.
    /// </summary>
    public static class FreezeSplitThaw
    {
        /// <summary>The script (Bourne shell: functions, backquotes, no $( ) / local / $(( ))).</summary>
        public static string BuildScript(RemoteBatch elevation, string mountPoint, RemoteCommand split, string nonce) =>
            BuildScript(elevation, new FreezeSplitThawOptions { MountPoint = mountPoint, Split = split }, nonce);

        /// <summary>
        /// The script. Exit codes: the split's own on success or failure; 10 lockfs -w failed; 11 the unlock failed;
        /// 12 another backup holds the mirror (marker exists); 13 the freeze command failed; 14 the marker's entries could not
        /// be made; 129 a signal.
        /// </summary>
        public static string BuildScript(RemoteBatch elevation, FreezeSplitThawOptions o, string nonce)
        {
            var prefix = elevation.ElevationPrefix(true);
            var m = "#svmbackup-" + nonce + ":";
            // Host time with sub-second resolution: Solaris 10 date has no %s/%N; perl (in /usr/bin since Solaris 8) has Time::HiRes.
            const string now = "`/usr/bin/perl -MTime::HiRes=time -e 'printf \"%.6f\", time' 2>/dev/null`";
            var sb = new StringBuilder();
            sb.Append("LC_ALL=C; export LC_ALL\n");
            // svm_src: "none" until the split starts, "running" while it runs, then its exit status.
            sb.Append("svm_locked=0; svm_frozen=0; svm_marked=0; svm_src=none\n");
            sb.Append("svm_thaw() {\n");
            if (o.MountPoint != null)
            {
                var unlockCmd = prefix + new RemoteCommand(SolarisPaths.Lockfs, "-u", o.MountPoint).ToShell();
                sb.Append("  if [ \"$svm_locked\" = 1 ]; then\n");
                sb.Append("    ").Append(unlockCmd).Append(" </dev/null\n");
                sb.Append("    svm_urc=$?\n");
                sb.Append("    if [ \"$svm_urc\" = 0 ]; then svm_locked=0; fi\n");
                sb.Append("    echo \"").Append(m).Append("unlocked:$svm_urc:").Append(now).Append("\" >&2\n");
                sb.Append("  fi\n");
            }
            if (o.Thaw != null)
            {
                sb.Append("  if [ \"$svm_frozen\" = 1 ]; then\n");
                sb.Append("    svm_frozen=0\n");
                sb.Append("    ").Append(prefix).Append(o.Thaw.ToShell()).Append(" </dev/null\n");
                sb.Append("    echo \"").Append(m).Append("thawed:$?\" >&2\n");
                sb.Append("  fi\n");
            }
            if (o.Marker != null)
            {
                sb.Append(o.Marker.CleanupLines(prefix));
            }
            sb.Append("  :\n");
            sb.Append("}\n");
            // 0 = normal exit; 1 HUP (connection gone), 2 INT, 3 QUIT, 13 PIPE (nobody reads our output), 15 TERM (kill).
            sb.Append("trap 'svm_thaw' 0\n");
            sb.Append("trap 'svm_thaw; exit 129' 1 2 3 13 15\n");
            if (o.Marker != null)
            {
                sb.Append(o.Marker.CreateLines(prefix, m));
                sb.Append("echo \"").Append(m).Append("marked\" >&2\n");
            }
            if (o.Freeze != null)
            {
                // Marked frozen BEFORE the freeze runs: a half-done freeze is thawed too.
                sb.Append("svm_frozen=1\n");
                sb.Append(prefix).Append(o.Freeze.ToShell()).Append(" </dev/null\n");
                sb.Append("svm_frc=$?\n");
                sb.Append("echo \"").Append(m).Append("frozen:$svm_frc\" >&2\n");
                sb.Append("if [ \"$svm_frc\" != 0 ]; then exit 13; fi\n");
            }
            if (o.MountPoint != null)
            {
                var lockCmd = prefix + new RemoteCommand(SolarisPaths.Lockfs, "-w", o.MountPoint).ToShell();
                // Marked locked BEFORE lockfs -w runs: a signal that lands after the kernel took the lock but before the
                // shell ran the next line must still unlock (lockfs -u of an unlocked file system is harmless).
                sb.Append("svm_locked=1\n");
                // lockfs -w runs under one perl that stamps the time before and after it: no process has to start
                // between the lock and the split just to read the clock (a perl start is tens of ms, longer than the
                // split). Without perl the marks carry no time.
                sb.Append("if [ -x /usr/bin/perl ]; then\n");
                sb.Append("  /usr/bin/perl -MTime::HiRes=time -e '").Append(TimedRun(m, "locking", "locked")).Append("' ").Append(lockCmd).Append(" </dev/null || exit 10\n");
                sb.Append("else\n");
                sb.Append("  echo \"").Append(m).Append("locking:\" >&2\n");
                sb.Append("  ").Append(lockCmd).Append(" </dev/null || exit 10\n");
                sb.Append("  echo \"").Append(m).Append("locked:\" >&2\n");
                sb.Append("fi\n");
            }
            else
            {
                sb.Append("echo \"").Append(m).Append("locking:").Append(now).Append("\" >&2\n");
                sb.Append("echo \"").Append(m).Append("locked:").Append(now).Append("\" >&2\n");
            }
            sb.Append("svm_src=running\n");
            sb.Append(prefix).Append(o.Split.ToShell()).Append(" </dev/null\n");
            sb.Append("svm_src=$?\n");
            sb.Append("svm_thaw\n");
            sb.Append("echo \"").Append(m).Append("split:$svm_src\" >&2\n");
            if (o.MountPoint == null)
                sb.Append("echo \"").Append(m).Append("unlocked:0:").Append(now).Append("\" >&2\n");
            sb.Append("if [ \"$svm_locked\" = 1 ]; then exit 11; fi\n");
            sb.Append("exit $svm_src\n");
            return sb.ToString();
        }

        /// <summary>
        /// A perl program (for inside single quotes: no quote, no shell expansion) that prints MARK before:TIME, runs its
        /// arguments as a command without a shell, prints MARK after:TIME only if that command succeeded, and exits with
        /// its status (128+signal when killed, as a shell reports it).
        /// A signal to perl (HUP/INT/QUIT/PIPE/TERM: a cancel's process-group TERM, a hang-up) is passed on to the
        /// command and perl waits for it: were perl to die first, the command (lockfs -w) could outlive it and lock
        /// after the trap's unlock — e.g. one forked just after a pkill listed the group. The child checks for a signal
        /// that came between the fork and its reset to the default handlers, so none is lost in that window either.
        /// A signal means stop: even when the command itself succeeded perl then fails, so the script stops before the
        /// split and its trap unlocks.
        /// </summary>
        private static string TimedRun(string mark, string before, string after) =>
            "my ($p, $s) = (0, 0); my @g = qw(HUP INT QUIT PIPE TERM); " +
            "$SIG{$_} = sub { $s = 1; kill 15, $p if $p > 0 } for @g; " +
            "printf STDERR \"" + mark + before + ":%.6f\\n\", time; " +
            "$p = fork; exit 127 unless defined $p; " +
            "if ($p == 0) { $SIG{$_} = \"DEFAULT\" for @g; exit 143 if $s; exec { $ARGV[0] } @ARGV; exit 127 } " +
            "kill 15, $p if $s; " +
            "1 while waitpid($p, 0) == -1 && $!{EINTR}; my $r = $?; " +
            "if ($r == 0) { exit 143 if $s; printf STDERR \"" + mark + after + ":%.6f\\n\", time; exit 0 } " +
            "exit(($r & 127) ? 128 + ($r & 127) : $r >> 8)";

        /// <summary>The script a run would send now (a fresh nonce each time), for -PlanOnly.</summary>
        public static string Preview(SvmSession session, string mountPoint, string? diskSet, string mirror, string submirror, SvmSplitMethod method) =>
            BuildScript(session.NewBatch(), SolarisName.ValidateAbsolutePath(mountPoint, "MountPoint"), SubmirrorOperations.SplitCommand(diskSet, mirror, submirror, method, false), Nonce());

        /// <summary>The script a run with these options would send now, for -PlanOnly.</summary>
        public static string Preview(SvmSession session, FreezeSplitThawOptions options) => BuildScript(session.NewBatch(), Validate(options), Nonce());

        /// <summary>Runs the trapped script; returns the split with the host-side lock window.</summary>
        public static Task<FreezeSplitThawResult> RunAsync(SvmSession session, string mountPoint, string? diskSet, string mirror, string submirror, SvmSplitMethod method, CancellationToken ct) =>
            RunAsync(session, new FreezeSplitThawOptions { MountPoint = mountPoint, Split = SubmirrorOperations.SplitCommand(diskSet, mirror, submirror, method, false) }, ct);

        /// <summary>Runs the trapped script; returns what it reported, with the host-side lock window.</summary>
        public static async Task<FreezeSplitThawResult> RunAsync(SvmSession session, FreezeSplitThawOptions options, CancellationToken ct)
        {
            Validate(options);
            CheckElevation(session);
            var batch = session.NewBatch();
            var nonce = Nonce();
            var script = BuildScript(batch, options, nonce);
            var request = new ExecutionRequest(script) { Timeout = session.CommandTimeout, TermOnly = true, KillPrefix = batch.ElevationPrefix(true).Length > 0 ? batch.ElevationPrefix(true) : null };
            var listed = session.NewBatch();
            if (options.Marker != null) listed.Add(new RemoteCommand("/usr/bin/mkdir", BackupMarker.PathOf(options.Marker.DiskSetOrNull, options.Marker.Mirror)) { NeedsRoot = true });
            if (options.Freeze != null) listed.Add(options.Freeze);
            if (options.MountPoint != null) listed.Add(new RemoteCommand(SolarisPaths.Lockfs, "-w", options.MountPoint) { NeedsRoot = true });
            listed.Add(options.Split);
            if (options.MountPoint != null) listed.Add(new RemoteCommand(SolarisPaths.Lockfs, "-u", options.MountPoint) { NeedsRoot = true });
            if (options.Thaw != null) listed.Add(options.Thaw);
            var result = await session.RunScriptAsync(request, listed, ct).ConfigureAwait(false);
            var marks = Marks(result.Stderr, nonce);
            int? Code(string key) => marks.Where(k => k.Key == key).Select(k => int.TryParse(k.Value.Split(':')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? (int?)v : null).LastOrDefault();
            return new FreezeSplitThawResult
            {
                ExitCode = result.ExitCode,
                Stdout = result.Stdout,
                Stderr = StripMarks(result.Stderr, nonce),
                LockRequestedAt = Time(marks, "locking"),
                LockedAt = Time(marks, "locked"),
                UnlockedAt = marks.Where(k => k.Key == "unlocked").Select(k => ParseTime(k.Value.Split(':').Last())).LastOrDefault(),
                Unlocked = marks.Any(k => k.Key == "unlocked" && k.Value.StartsWith("0:", StringComparison.Ordinal)) || !marks.Any(k => k.Key == "locked"),
                SplitExitCode = Code("split"),
                Busy = marks.Any(k => k.Key == "busy"),
                Marked = marks.Any(k => k.Key == "marked"),
                MarkFailed = marks.Any(k => k.Key == "markfailed"),
                FreezeExitCode = Code("frozen"),
                ThawExitCode = Code("thawed"),
                Script = script,
            };
        }

        /// <summary>Refuses an elevation whose unlock would need a password (sudo -S): see <see cref="RunAsync(SvmSession, FreezeSplitThawOptions, CancellationToken)"/>.</summary>
        public static void CheckElevation(SvmSession session)
        {
            var batch = session.NewBatch();
            if (batch.Elevation == Elevation.Sudo && batch.SudoReadsPassword)
            {
                // An unlock that runs from a trap after a hang-up has no stdin left to read a sudo password from:
                // the trapped script must not depend on one. Use root, pfexec, or NOPASSWD sudo rules.
                throw new SvmRefusedException(SvmRefusal.UnsafeElevation,
                    $"The lock-split-unlock script on {session.ComputerName} must be able to unlock without a password (its trap runs when the connection is gone). " +
                    "Log in as root, use -Elevation Pfexec, or give the login a NOPASSWD sudo rule for /usr/sbin/lockfs, /usr/sbin/metaoffline, /usr/sbin/metadetach, /usr/bin/mkdir, /usr/bin/rmdir, /usr/bin/rm and /usr/bin/pkill (a session without a password uses sudo -n).");
            }
        }

        private static FreezeSplitThawOptions Validate(FreezeSplitThawOptions o)
        {
            if (o.Split == null) throw new ArgumentException("The split command is required.", nameof(o));
            if (o.MountPoint != null) SolarisName.ValidateAbsolutePath(o.MountPoint, "MountPoint");
            if ((o.Freeze == null) != (o.Thaw == null)) throw new ArgumentException("A freeze command needs its thaw command, and a thaw its freeze.", nameof(o));
            return o;
        }

        private static string Nonce()
        {
            var b = new byte[8];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(b);
            return BitConverter.ToString(b).Replace("-", "").ToLowerInvariant();
        }

        private static List<KeyValuePair<string, string>> Marks(string stderr, string nonce)
        {
            var prefix = "#svmbackup-" + nonce + ":";
            var list = new List<KeyValuePair<string, string>>();
            foreach (var line in stderr.Split('\n'))
            {
                if (!line.StartsWith(prefix, StringComparison.Ordinal)) continue;
                var rest = line.Substring(prefix.Length);
                var i = rest.IndexOf(':');
                list.Add(i < 0 ? new KeyValuePair<string, string>(rest, "") : new KeyValuePair<string, string>(rest.Substring(0, i), rest.Substring(i + 1)));
            }
            return list;
        }

        private static string StripMarks(string stderr, string nonce) =>
            string.Join("\n", stderr.Split('\n').Where(l => !l.StartsWith("#svmbackup-" + nonce + ":", StringComparison.Ordinal)));

        private static DateTime? Time(List<KeyValuePair<string, string>> marks, string key) =>
            marks.Where(k => k.Key == key).Select(k => ParseTime(k.Value)).FirstOrDefault();

        private static DateTime? ParseTime(string text) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                ? new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks((long)(seconds * TimeSpan.TicksPerSecond))
                : (DateTime?)null;
    }
}
