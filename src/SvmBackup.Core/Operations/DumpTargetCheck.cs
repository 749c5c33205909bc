using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using SvmBackup.Model;
using SvmBackup.Parsing;
using SvmBackup.Scripts;

namespace SvmBackup.Operations
{
    /// <summary>
    /// Read-only checks of a dump target before anything is locked or split: the commands go into the same round trip
    /// as the other preflight reads, and <see cref="Interpret"/> turns their results into a refusal. Nothing here writes
    /// on the host (docs/svm-formats.md §6.4-6.7).
    /// </summary>
    public static class DumpTargetCheck
    {
        // st(7D) minor nodes: /dev/rmt/<drive>[l|m|h|c|u][b][n].
        private static readonly Regex RmtNode = new Regex(@"^(?<drive>/dev/rmt/[0-9]+)(?<density>[lmhcu]?)b?n?\z", RegexOptions.CultureInvariant);

        /// <summary>
        /// The node <c>mt status</c> opens: the BSD no-rewind node of the same drive and density (<c>/dev/rmt/0</c> →
        /// <c>/dev/rmt/0bn</c>). st_close() rewinds a rewinding node on every close, and a SVR4 no-rewind node closed
        /// after a read inside a file skips to the next file; the <c>bn</c> node leaves the tape where it is. Null for
        /// names outside <c>/dev/rmt</c>, whose rewind behaviour cannot be known (they are not checked).
        /// </summary>
        public static string? StatusDevice(string tapeDevice)
        {
            var m = RmtNode.Match(tapeDevice ?? "");
            return m.Success ? m.Groups["drive"].Value + m.Groups["density"].Value + "bn" : null;
        }

        /// <summary>
        /// The checks of a tape or host-file target (none for a local file: see <see cref="CheckLocalSpace"/>). All run
        /// as root, the user ufsdump writes as. Tape: <c>/usr/bin/mt -f NODE status</c>. Host file:
        /// <c>/usr/bin/test</c> <c>-d DIR</c>, <c>-w DIR</c>, <c>-d FILE</c>, <c>-h FILE</c>, <c>-f FILE</c>.
        /// </summary>
        public static IReadOnlyList<RemoteCommand> Commands(DumpTarget target)
        {
            if (target == null) throw new ArgumentNullException(nameof(target));
            switch (target.Kind)
            {
                case SvmDumpTargetKind.Tape:
                    var node = StatusDevice(target.Path);
                    return node == null ? new RemoteCommand[0] : new[] { new RemoteCommand(SolarisPaths.Mt, "-f", node, "status") { NeedsRoot = true } };
                case SvmDumpTargetKind.RemoteFile:
                    var dir = DirectoryOf(target.Path);
                    return new[]
                    {
                        Test("-d", dir), Test("-w", dir),
                        Test("-d", target.Path), Test("-h", target.Path), Test("-f", target.Path),
                    };
                default:
                    return new RemoteCommand[0];
            }
        }

        /// <summary>
        /// Reads the results of <see cref="Commands"/> (same order) and throws <see cref="SvmRefusedException"/> when the
        /// target cannot take the dump; <see cref="InvalidOperationException"/> when a check itself did not work.
        /// </summary>
        public static void Interpret(DumpTarget target, IReadOnlyList<CommandResult> results, string? computerName = null)
        {
            if (target == null) throw new ArgumentNullException(nameof(target));
            if (results == null) throw new ArgumentNullException(nameof(results));
            var expected = Commands(target);
            if (results.Count != expected.Count || expected.Where((c, i) => results[i].Command.ToShell() != c.ToShell()).Any())
                throw new ArgumentException("The results are not those of DumpTargetCheck.Commands for " + target + ".", nameof(results));
            var host = string.IsNullOrEmpty(computerName) ? "" : " on " + computerName;
            if (target.Kind == SvmDumpTargetKind.Tape && results.Count == 1)
                InterpretTape(target, results[0], host);
            else if (target.Kind == SvmDumpTargetKind.RemoteFile)
                InterpretHostFile(target, results, host);
        }

        private static void InterpretTape(DumpTarget target, CommandResult r, string host)
        {
            if (r.ExitCode == 0) return;
            var said = FirstLine(r.Stderr) ?? FirstLine(r.Stdout) ?? "nothing";
            // mt.c: 1 = the open failed (EIO: "no tape loaded or drive offline", EACCES, busy, no such node), 2 = an ioctl failed.
            if (r.ExitCode == 1 || r.ExitCode == 2)
                throw new SvmRefusedException(SvmRefusal.TargetNotReady,
                    $"The tape drive {target.Path}{host} is not ready: '{r.Command}' said \"{said}\". Load a tape or free the drive, then start the backup again; nothing was changed.",
                    target.Path);
            throw CheckFailed(r, host);
        }

        private static void InterpretHostFile(DumpTarget target, IReadOnlyList<CommandResult> r, string host)
        {
            var dir = DirectoryOf(target.Path);
            if (!IsTrue(r[0], host))
                throw new SvmRefusedException(SvmRefusal.TargetDirectoryMissing,
                    $"The folder {dir}{host} does not exist (or is not a folder): ufsdump could not create {target.Path}. Create it or choose another path; nothing was changed.", target.Path);
            if (!IsTrue(r[1], host))
                throw new SvmRefusedException(SvmRefusal.TargetNotWritable,
                    $"The folder {dir}{host} is not writable for root (a read-only mount?): ufsdump could not create {target.Path}; nothing was changed.", target.Path);
            if (IsTrue(r[2], host))
                throw new SvmRefusedException(SvmRefusal.TargetExists, $"{target.Path}{host} is a folder: give the path of the dump file; nothing was changed.", target.Path);
            if (IsTrue(r[3], host))
                throw new SvmRefusedException(SvmRefusal.TargetExists,
                    $"{target.Path}{host} is a symbolic link: ufsdump refuses to write through one (\"is not a supported device\"). Give the real path; nothing was changed.", target.Path);
            if (IsTrue(r[4], host) && !target.AllowOverwrite)
                throw new SvmRefusedException(SvmRefusal.TargetExists,
                    $"{target.Path}{host} already exists: give -Force to replace it. ufsdump writes over it in place without truncating it, so an older, longer file keeps its tail; nothing was changed.",
                    target.Path);
        }

        /// <summary>test(1): 0 true, 1 false, anything else an error.</summary>
        private static bool IsTrue(CommandResult r, string host)
        {
            if (r.ExitCode == 0) return true;
            if (r.ExitCode == 1) return false;
            throw CheckFailed(r, host);
        }

        private static InvalidOperationException CheckFailed(CommandResult r, string host) =>
            new InvalidOperationException(r.ExitCode == null
                ? $"The check '{r.Command}'{host} did not finish."
                : $"The check '{r.Command}'{host} failed (exit {r.ExitCode.Value.ToString(CultureInfo.InvariantCulture)}): {FirstLine(r.Stderr) ?? FirstLine(r.Stdout) ?? "no message"}");

        /// <summary><c>/usr/sbin/ufsdump &lt;level&gt;S RAWDEV</c>: prints only the estimated size in bytes on stdout (root).</summary>
        public static RemoteCommand EstimateCommand(int level, string rawDevice)
        {
            if (level < 0 || level > 9) throw new ArgumentOutOfRangeException(nameof(level), "The dump level is 0 to 9.");
            SolarisName.ValidateAbsolutePath(rawDevice, "RawDevice");
            return new RemoteCommand(SolarisPaths.Ufsdump, level.ToString(CultureInfo.InvariantCulture) + "S", rawDevice) { NeedsRoot = true };
        }

        /// <summary>
        /// The estimate in bytes: dumpmain.c prints <c>"%llu\n"</c> of esize × tp_bsize and exits 0 (warnings such as a
        /// malformed /etc/dumpdates line go to stderr). A failure throws <see cref="SubmirrorDumpException"/> with
        /// ufsdump's own words.
        /// </summary>
        public static long ParseEstimate(CommandResult result)
        {
            if (result == null) throw new ArgumentNullException(nameof(result));
            if (result.ExitCode != 0)
            {
                var messages = UfsdumpMessages.Parse(result.Stderr);
                throw new SubmirrorDumpException(
                    $"'{result.Command}' failed (exit {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}): {messages.FailureText()}", result.ExitCode, messages);
            }
            var lines = TextLines.Split(result.Stdout).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            if (lines.Count == 1 && long.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
                return bytes;
            throw new SvmParseException($"'{result.Command}' printed no size estimate: '{result.Stdout.Trim()}'.", 0, null);
        }

        /// <summary>
        /// Client side, for a dump streamed into a local file: the folder exists, the file does not (unless
        /// <paramref name="force"/>: it may be replaced) and the volume has at least <paramref name="estimatedBytes"/>
        /// free — the whole estimate even when replacing, since the old file is removed only after a successful dump.
        /// Returns the free bytes, or null where they cannot be measured (a UNC share on Windows).
        /// </summary>
        public static long? CheckLocalSpace(string path, long estimatedBytes, bool force)
        {
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("Give the local file to dump into.", nameof(path));
            var full = Path.GetFullPath(path);
            var dir = Path.GetDirectoryName(full);
            if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir))
                throw new SvmRefusedException(SvmRefusal.TargetDirectoryMissing, $"The folder of '{full}' does not exist; nothing was changed.", full);
            if (Directory.Exists(full))
                throw new SvmRefusedException(SvmRefusal.TargetExists, $"'{full}' is a folder: give the path of the dump file; nothing was changed.", full);
            if (File.Exists(full) && !force)
                throw new SvmRefusedException(SvmRefusal.TargetExists, $"'{full}' already exists: give -Force to replace it (it is replaced only after a successful dump); nothing was changed.", full);
            var free = FreeBytes(dir!);
            if (free.HasValue && free.Value < estimatedBytes)
                throw new SvmRefusedException(SvmRefusal.InsufficientSpace,
                    $"'{dir}' has {Size(free.Value)} free, less than ufsdump's estimate of {Size(estimatedBytes)} for this dump; nothing was changed.", full);
            return free;
        }

        private static long? FreeBytes(string directory)
        {
            // Unix: statvfs() of the folder itself, which may be a different mount than "/". Windows: DriveInfo takes only
            // a drive root, and no UNC path.
            var name = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? Path.GetPathRoot(directory) : directory;
            if (string.IsNullOrEmpty(name)) return null;
            try
            {
                return new DriveInfo(name).AvailableFreeSpace;
            }
            catch (ArgumentException) { return null; }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
        }

        private static string Size(long bytes)
        {
            var text = bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
            return bytes >= 1 << 20 ? text + " (" + (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB)" : text;
        }

        private static RemoteCommand Test(string op, string path) => new RemoteCommand(SolarisPaths.Test, op, path) { NeedsRoot = true };

        private static string DirectoryOf(string path)
        {
            var slash = path.LastIndexOf('/');
            return slash <= 0 ? "/" : path.Substring(0, slash);
        }

        private static string? FirstLine(string? text) => TextLines.Split(text).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
    }
}
