using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using SvmBackup.Model;
using SvmBackup.Parsing;
using SvmBackup.Scripts;
using SvmBackup.Sessions;

namespace SvmBackup.Operations
{
    /// <summary>What to dump and where (the checked input of Invoke-SubmirrorDump).</summary>
    public sealed class SubmirrorDumpRequest
    {
        public string? DiskSet { get; set; }
        public string? Mirror { get; set; }
        public string? Submirror { get; set; }
        /// <summary>The raw device to dump; derived from DiskSet+Submirror when not given.</summary>
        public string RawDevice { get; set; } = "";
        public int Level { get; set; }
        public bool UpdateDumpDates { get; set; }
        public SvmDumpTargetKind TargetKind { get; set; }
        /// <summary>Tape device or file on the host (ignored for LocalFile).</summary>
        public string HostTarget { get; set; } = "";
    }

    /// <summary>ufsdump of a split submirror to a tape or file on the host, or streamed (f -) into a local file.</summary>
    public static class SubmirrorDumpOperations
    {
        /// <summary>The one target a dump goes to; null unless exactly one of the three is given.</summary>
        public static SvmDumpTargetKind? ChooseTarget(string? tapeDevice, string? remotePath, string? destination)
        {
            var given = (tapeDevice != null ? 1 : 0) + (remotePath != null ? 1 : 0) + (destination != null ? 1 : 0);
            if (given != 1) return null;
            return tapeDevice != null ? SvmDumpTargetKind.Tape : remotePath != null ? SvmDumpTargetKind.RemoteFile : SvmDumpTargetKind.LocalFile;
        }

        /// <summary>Resolves and validates the device: an explicit raw device, or the one of DiskSet/Submirror.</summary>
        public static string ResolveDevice(string? diskSet, string? submirror, string? rawDevice)
        {
            if (diskSet != null) SolarisName.ValidateDiskSet(diskSet, "DiskSet");
            string? derived = null;
            if (!string.IsNullOrEmpty(submirror)) derived = SvmDevicePath.Raw(diskSet, SolarisName.ValidateMetadevice(submirror!, "Submirror"));
            if (!string.IsNullOrEmpty(rawDevice))
            {
                SolarisName.ValidateAbsolutePath(rawDevice!, "RawDevice");
                if (derived != null && derived != rawDevice)
                    throw new ArgumentException($"-RawDevice '{rawDevice}' is not the raw device of {SvmDevicePath.FullName(diskSet, submirror!)} ({derived}).", "RawDevice");
                return rawDevice!;
            }
            return derived ?? throw new ArgumentException("Give -Submirror (with -DiskSet for a disk set) or -RawDevice.", "Submirror");
        }

        /// <summary>/usr/sbin/ufsdump &lt;level&gt;[u]f FILE RAWDEV (root; stdin is /dev/null, never a tty).</summary>
        public static RemoteCommand DumpCommand(int level, bool updateDumpDates, string file, string rawDevice)
        {
            if (level < 0 || level > 9) throw new ArgumentOutOfRangeException(nameof(level), "The dump level is 0 to 9.");
            if (file != "-") SolarisName.ValidateAbsolutePath(file, "file");
            SolarisName.ValidateAbsolutePath(rawDevice, "RawDevice");
            var key = level.ToString(CultureInfo.InvariantCulture) + (updateDumpDates ? "u" : "") + "f";
            return new RemoteCommand(SolarisPaths.Ufsdump, key, file, rawDevice) { NeedsRoot = true };
        }

        /// <summary>
        /// The command that dumps <paramref name="request"/> to its tape device or host file. The target must be an absolute
        /// path: "-" (ufsdump's standard output) is the local stream's own target; given as a tape or host file it would
        /// pour the whole dump into the session's memory.
        /// </summary>
        public static RemoteCommand HostDumpCommand(SubmirrorDumpRequest request) =>
            DumpCommand(request.Level, request.UpdateDumpDates,
                SolarisName.ValidateAbsolutePath(request.HostTarget, request.TargetKind == SvmDumpTargetKind.Tape ? "TapeDevice" : "RemotePath"), request.RawDevice);

        /// <summary>Dumps to a tape device or a file on the host.</summary>
        public static async Task<SvmDumpResult> DumpOnHostAsync(SvmSession session, SubmirrorDumpRequest request, CancellationToken ct)
        {
            var command = HostDumpCommand(request);
            var batch = session.NewBatch();
            batch.Add(command);
            var start = DateTime.Now;
            var r = (await session.RunAsync(batch, ct).ConfigureAwait(false))[0];
            var end = DateTime.Now;
            var parsed = UfsdumpMessages.Parse(r.Stderr);
            if (r.ExitCode != 0) throw Failure(session, command, r.ExitCode, parsed);
            return Result(session, request, parsed, start, end, request.HostTarget);
        }

        /// <summary>
        /// Streams `ufsdump f -` into <paramref name="localPath"/>: written to a .partial-XXXX file next to it while the
        /// SHA-256 and size are computed, renamed only after ufsdump exited 0; removed on any failure or cancellation.
        /// </summary>
        public static async Task<SvmDumpResult> DumpToLocalFileAsync(SvmSession session, SubmirrorDumpRequest request, string localPath, bool overwrite,
            Action<long>? progress, CancellationToken ct, TimeSpan? timeout = null)
        {
            var command = DumpCommand(request.Level, request.UpdateDumpDates, "-", request.RawDevice);
            var full = Path.GetFullPath(localPath);
            var dir = Path.GetDirectoryName(full);
            if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir))
                throw new DirectoryNotFoundException($"The folder of '{full}' does not exist.");
            if (File.Exists(full) && !overwrite)
                throw new IOException($"'{full}' already exists; give -Force to replace it (it is replaced only after a successful dump).");
            var partial = full + ".partial-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var batch = session.NewBatch();
            batch.StreamsLastStdout = true;
            batch.Add(command);
            var start = DateTime.Now;
            HashingStream? sink = null;
            try
            {
                using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                using (sink = new HashingStream(file, progress))
                {
                    var r = (await session.RunAsync(batch, ct, sink, timeout).ConfigureAwait(false))[0];
                    sink.Flush();
                    var parsed = UfsdumpMessages.Parse(r.Stderr);
                    if (r.ExitCode != 0) throw Failure(session, command, r.ExitCode, parsed);
                    var end = DateTime.Now;
                    var result = Result(session, request, parsed, start, end, full);
                    result.Bytes = sink.Length;
                    result.Sha256 = sink.FinishHash();
                    file.Flush(true);
                    file.Dispose();
                    if (File.Exists(full)) File.Delete(full);
                    File.Move(partial, full);
                    return result;
                }
            }
            finally
            {
                try { if (File.Exists(partial)) File.Delete(partial); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        private static SubmirrorDumpException Failure(SvmSession session, RemoteCommand command, int? exit, UfsdumpMessages parsed)
        {
            var words = session.Secrets.Apply(parsed.FailureText());
            return new SubmirrorDumpException($"'{command}' failed on {session.ComputerName} (exit {exit?.ToString(CultureInfo.InvariantCulture) ?? "none"}): {words}", exit, parsed);
        }

        private static SvmDumpResult Result(SvmSession session, SubmirrorDumpRequest request, UfsdumpMessages parsed, DateTime start, DateTime end, string target) => new SvmDumpResult
        {
            Session = session,
            ComputerName = session.ComputerName,
            DiskSet = request.DiskSet,
            Mirror = request.Mirror,
            Submirror = request.Submirror ?? request.RawDevice.Substring(request.RawDevice.LastIndexOf('/') + 1),
            Device = request.RawDevice,
            Level = request.Level,
            TargetKind = request.TargetKind,
            Target = target,
            Blocks = parsed.Blocks,
            EstimatedBlocks = parsed.EstimatedBlocks,
            KBPerSecond = parsed.KBPerSecond,
            Start = start,
            End = end,
            DumpDatesLine = parsed.DumpDatesLine,
            Messages = System.Linq.Enumerable.ToArray(parsed.Messages),
        };

        /// <summary>Counts and hashes what passes through on its way to the file.</summary>
        private sealed class HashingStream : Stream
        {
            private readonly Stream _inner;
            private readonly SHA256 _sha = SHA256.Create();
            private readonly Action<long>? _progress;
            private long _length;
            private DateTime _lastReport = DateTime.MinValue;
            private string? _hash;

            public HashingStream(Stream inner, Action<long>? progress) { _inner = inner; _progress = progress; }

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => Interlocked.Read(ref _length);
            public override long Position { get => Length; set => throw new NotSupportedException(); }
            public override void Flush() => _inner.Flush();
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count)
            {
                _inner.Write(buffer, offset, count);
                _sha.TransformBlock(buffer, offset, count, null, 0);
                var now = Interlocked.Add(ref _length, count);
                if (_progress != null && (DateTime.UtcNow - _lastReport).TotalMilliseconds >= 500)
                {
                    _lastReport = DateTime.UtcNow;
                    _progress(now);
                }
            }

            public string FinishHash()
            {
                if (_hash != null) return _hash;
                _sha.TransformFinalBlock(new byte[0], 0, 0);
                return _hash = BitConverter.ToString(_sha.Hash!).Replace("-", "");
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) _sha.Dispose(); // the file stream is disposed by its owner
                base.Dispose(disposing);
            }
        }
    }
}
