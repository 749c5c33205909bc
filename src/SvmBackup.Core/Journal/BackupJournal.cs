using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SvmBackup.Model;
using IOPath = System.IO.Path;

namespace SvmBackup.Journal
{
    /// <summary>
    /// One backup run's journal on the client, written before each changing step so that a run interrupted anyhow
    /// (crash, Ctrl+C, an Azure Automation job restarted from the beginning) can be found and undone.
    /// </summary>
    /// <remarks>
    /// <para>The file is <c>RunId.journal</c>: UTF-8, append-only, one record a line, each line flushed to disk as it is
    /// written. A record is <c>time TAB key TAB value...</c>, the time in UTC (<c>2025-01-31T02:00:00.123Z</c>):</para>
    /// <list type="bullet">
    /// <item>header, written at once by <see cref="Create"/> (a key is left out when its value is empty):
    /// <c>run host port user set mirror submirror method mount level target owner client pid pidstart</c>;
    /// a file whose <c>run</c> record does not name its own file is not a journal;</item>
    /// <item><c>time TAB step TAB step-name TAB phase [TAB detail]</c>, e.g. <c>lock-split begin</c>,
    /// <c>lock-split done window=0.41s</c>, <c>dump failed ...</c>;</item>
    /// <item><c>time TAB status TAB Succeeded|Failed|Incomplete|Recovered [TAB detail]</c>; the last one wins, and
    /// none means the run is still going or was interrupted (Running).</item>
    /// </list>
    /// <para>Tabs, CR, LF and other control characters in values become spaces, so a value can never forge a record.
    /// Readers skip a last line without its newline (the write was interrupted), lines they cannot parse, unknown keys
    /// and files that are not journals. Each run has its own file, created exclusively, so processes writing different
    /// runs in one directory never meet.</para>
    /// </remarks>
    public sealed class BackupJournal
    {
        /// <summary>Overrides <see cref="DefaultDirectory"/>.</summary>
        internal const string PathVariable = "SVMBACKUP_JOURNAL_PATH";

        private const string Extension = ".journal";

        // The only shape a run id may have: it becomes a file name, so nothing else (no "..", no separators) gets through.
        private static readonly Regex RunIdShape = new Regex(@"\A[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}\z", RegexOptions.CultureInvariant);

        private readonly object _gate = new object();

        private BackupJournal(string path, string runId)
        {
            Path = path;
            RunId = runId;
        }

        /// <summary>The journal file.</summary>
        public string Path { get; }

        public string RunId { get; }

        /// <summary>
        /// $env:SVMBACKUP_JOURNAL_PATH if set; else LocalApplicationData/SvmBackup/Journal; where a host has no such
        /// folder, ~/.svmbackup/journal.
        /// </summary>
        public static string DefaultDirectory => ResolveDefaultDirectory(Environment.GetEnvironmentVariable, Environment.GetFolderPath);

        /// <summary><see cref="DefaultDirectory"/> from the given environment (a parameter so tests need not change the process's).</summary>
        internal static string ResolveDefaultDirectory(Func<string, string?> environment, Func<Environment.SpecialFolder, string> folder)
        {
            var configured = environment(PathVariable);
            if (!string.IsNullOrWhiteSpace(configured)) return configured!;
            var local = folder(Environment.SpecialFolder.LocalApplicationData);
            if (!string.IsNullOrEmpty(local)) return IOPath.Combine(IOPath.Combine(local, "SvmBackup"), "Journal");
            return IOPath.Combine(IOPath.Combine(folder(Environment.SpecialFolder.UserProfile) ?? "", ".svmbackup"), "journal");
        }

        /// <summary>yyyyMMddTHHmmssZ- and 8 random lowercase hex digits: sorts by start time, safe as a file name.</summary>
        public static string NewRunId() => NewRunId(DateTime.UtcNow);

        internal static string NewRunId(DateTime utc)
        {
            var random = new byte[4];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(random);
            var hex = new StringBuilder(8);
            foreach (var b in random) hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return JournalCodec.ToUtc(utc).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + hex;
        }

        /// <summary>True when <paramref name="runId"/> has the shape <see cref="NewRunId()"/> makes.</summary>
        internal static bool IsValidRunId(string? runId) => runId != null && RunIdShape.IsMatch(runId);

        /// <summary>
        /// Starts the journal of a new run: creates the directory (owner-only on Unix when this creates it) and the file
        /// (never over an existing one), and writes the header. An empty RunId gets <see cref="NewRunId()"/>; a default
        /// Started is now; empty client fields are this process's, and an empty Owner is client/pid/process start.
        /// </summary>
        public static BackupJournal Create(string directory, SvmBackupJournalEntry header)
        {
            if (header == null) throw new ArgumentNullException(nameof(header));
            if (string.IsNullOrEmpty(header.ComputerName)) throw new ArgumentException("The journal header needs the ComputerName.", nameof(header));
            if (string.IsNullOrEmpty(header.Mirror)) throw new ArgumentException("The journal header needs the Mirror.", nameof(header));
            var now = DateTime.UtcNow;
            var runId = string.IsNullOrEmpty(header.RunId) ? NewRunId(now) : CheckRunId(header.RunId);
            var dir = EnsureDirectory(directory);
            var path = IOPath.Combine(dir, runId + Extension);

            var client = string.IsNullOrEmpty(header.ClientMachine) ? Environment.MachineName : header.ClientMachine;
            var pid = header.ClientProcessId;
            var pidStart = header.ClientProcessStart;
            if (pid == 0)
            {
                using var self = Process.GetCurrentProcess();
                pid = self.Id;
                pidStart = StartTimeOf(self);
            }
            var owner = string.IsNullOrEmpty(header.Owner)
                ? client + "/" + pid.ToString(CultureInfo.InvariantCulture) + (pidStart == null ? "" : "/" + JournalCodec.FormatTime(pidStart.Value))
                : header.Owner;

            var t = header.Started == default ? now : JournalCodec.ToUtc(header.Started);
            var text = new StringBuilder()
                .Append(JournalCodec.Line(t, "run", runId))
                .Append(Header(t, "host", header.ComputerName))
                .Append(Header(t, "port", header.Port.ToString(CultureInfo.InvariantCulture)))
                .Append(Header(t, "user", header.UserName))
                .Append(Header(t, "set", header.DiskSet))
                .Append(Header(t, "mirror", header.Mirror))
                .Append(Header(t, "submirror", header.Submirror))
                .Append(Header(t, "method", header.Method.ToString()))
                .Append(Header(t, "mount", header.MountPoint))
                .Append(Header(t, "level", header.Level.ToString(CultureInfo.InvariantCulture)))
                .Append(Header(t, "target", header.Target))
                .Append(Header(t, "owner", owner))
                .Append(Header(t, "client", client))
                .Append(Header(t, "pid", pid.ToString(CultureInfo.InvariantCulture)))
                .Append(Header(t, "pidstart", pidStart == null ? null : JournalCodec.FormatTime(pidStart.Value)))
                .ToString();

            // CreateNew: two runs can never share (or truncate) a file, whatever the id.
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
            {
                UnixPermissions.TrySet(path, UnixPermissions.OwnerOnlyFile);
                var bytes = JournalCodec.Utf8.GetBytes(text);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
            }
            return new BackupJournal(path, runId);
        }

        /// <summary>
        /// The journal of an existing run, to append to (recovery). A last line left without its newline by an
        /// interrupted write is cut off first, so the next record cannot be glued to it.
        /// </summary>
        /// <exception cref="ArgumentException">The run id is not of the <see cref="NewRunId()"/> shape.</exception>
        /// <exception cref="FileNotFoundException">There is no journal of that run in the directory.</exception>
        public static BackupJournal Open(string directory, string runId)
        {
            var path = PathOf(directory, runId);
            if (!File.Exists(path)) throw new FileNotFoundException($"There is no backup journal of run {runId} in {directory}.", path);
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
            {
                var end = stream.Length;
                while (end > 0)
                {
                    stream.Position = end - 1;
                    if (stream.ReadByte() == '\n') break;
                    end--;
                }
                if (end != stream.Length)
                {
                    stream.SetLength(end);
                    stream.Flush(true);
                }
            }
            return new BackupJournal(path, runId);
        }

        /// <summary>Records a step, e.g. ("lock-split", "begin"), ("lock-split", "done", "window=0.41s"), ("dump", "failed", message).</summary>
        public void Step(string step, string phase, string? detail = null)
        {
            if (string.IsNullOrWhiteSpace(step)) throw new ArgumentException("A journal step needs a name.", nameof(step));
            if (string.IsNullOrWhiteSpace(phase)) throw new ArgumentException("A journal step needs a phase.", nameof(phase));
            Append(JournalCodec.Line(DateTime.UtcNow, "step", step, phase, string.IsNullOrEmpty(detail) ? null : detail));
        }

        /// <summary>Records the end of the run: Succeeded, Failed, Incomplete or Recovered (see <see cref="BackupJournalStatus"/>).</summary>
        public void Finish(string status, string? detail = null)
        {
            if (status == null || !BackupJournalStatus.IsFinal(status))
                throw new ArgumentException($"'{status}' is not a final journal status (Succeeded, Failed, Incomplete, Recovered).", nameof(status));
            Append(JournalCodec.Line(DateTime.UtcNow, "status", status, string.IsNullOrEmpty(detail) ? null : detail));
        }

        /// <summary>Every run journalled in the directory, newest first; none when it does not exist. Files that cannot be read are skipped.</summary>
        public static IReadOnlyList<SvmBackupJournalEntry> Read(string directory)
        {
            if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory)) return Array.Empty<SvmBackupJournalEntry>();
            var runs = new List<SvmBackupJournalEntry>();
            foreach (var file in Directory.EnumerateFiles(directory, "*" + Extension))
            {
                var runId = IOPath.GetFileNameWithoutExtension(file);
                if (!IsValidRunId(runId)) continue;
                try
                {
                    var entry = Parse(file, runId);
                    if (entry != null) runs.Add(entry);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            return runs.OrderByDescending(r => r.Started).ThenByDescending(r => r.RunId, StringComparer.Ordinal).ToList();
        }

        /// <summary>The run, or null when the directory has no journal of it.</summary>
        /// <exception cref="ArgumentException">The run id is not of the <see cref="NewRunId()"/> shape.</exception>
        public static SvmBackupJournalEntry? Find(string directory, string runId)
        {
            var path = PathOf(directory, runId);
            return File.Exists(path) ? Parse(path, runId) : null;
        }

        private void Append(string line)
        {
            var bytes = JournalCodec.Utf8.GetBytes(line);
            lock (_gate)
            {
                // Open, not Append: a journal deleted under the run must fail loudly, not restart headerless.
                using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.Read);
                stream.Seek(0, SeekOrigin.End);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
            }
        }

        private static SvmBackupJournalEntry? Parse(string path, string runId)
        {
            // ReadWrite|Delete: never block (or be blocked by) a run still writing its journal.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, JournalCodec.Utf8, false);
            return JournalCodec.Parse(reader, runId, path);
        }

        private static string Header(DateTime time, string key, string? value) =>
            string.IsNullOrEmpty(value) ? "" : JournalCodec.Line(time, key, value);

        private static string CheckRunId(string runId)
        {
            if (!IsValidRunId(runId))
                throw new ArgumentException($"'{runId}' is not a backup run id (yyyyMMddTHHmmssZ-xxxxxxxx).", nameof(runId));
            return runId;
        }

        private static string PathOf(string directory, string runId)
        {
            if (string.IsNullOrEmpty(directory)) throw new ArgumentException("The journal directory is empty.", nameof(directory));
            return IOPath.Combine(directory, CheckRunId(runId) + Extension);
        }

        private static string EnsureDirectory(string directory)
        {
            if (string.IsNullOrEmpty(directory)) throw new ArgumentException("The journal directory is empty.", nameof(directory));
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
                // Only a directory this creates: a directory the user chose keeps the mode the user gave it.
                UnixPermissions.TrySet(directory, UnixPermissions.OwnerOnlyDirectory);
            }
            return directory;
        }

        private static DateTime? StartTimeOf(Process process)
        {
            try
            {
                return process.StartTime.ToUniversalTime();
            }
            catch (InvalidOperationException) { return null; }
            catch (NotSupportedException) { return null; }
            catch (System.ComponentModel.Win32Exception) { return null; }
        }
    }
}
