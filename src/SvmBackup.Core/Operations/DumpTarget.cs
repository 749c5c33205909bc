using System;
using SvmBackup.Model;
using SvmBackup.Scripts;

namespace SvmBackup.Operations
{
    /// <summary>Where a dump will go, as the preflight checks it (<see cref="DumpTargetCheck"/>).</summary>
    public sealed class DumpTarget
    {
        public DumpTarget(SvmDumpTargetKind kind, string path, bool allowOverwrite = false)
        {
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("A dump target needs a path.", nameof(path));
            // Tape devices and host files reach the remote shell: the same rule as the dump command itself.
            if (kind != SvmDumpTargetKind.LocalFile) SolarisName.ValidateAbsolutePath(path, kind == SvmDumpTargetKind.Tape ? "TapeDevice" : "RemotePath");
            Kind = kind;
            Path = path;
            AllowOverwrite = allowOverwrite;
        }

        public SvmDumpTargetKind Kind { get; }

        /// <summary>Tape device (<c>/dev/rmt/0</c>), file on the host, or local file path.</summary>
        public string Path { get; }

        /// <summary>Files only: an existing file may be replaced (-Force).</summary>
        public bool AllowOverwrite { get; }

        public static DumpTarget Tape(string device) => new DumpTarget(SvmDumpTargetKind.Tape, device);

        public static DumpTarget HostFile(string path, bool allowOverwrite = false) => new DumpTarget(SvmDumpTargetKind.RemoteFile, path, allowOverwrite);

        public static DumpTarget LocalFile(string path, bool allowOverwrite = false) => new DumpTarget(SvmDumpTargetKind.LocalFile, path, allowOverwrite);

        /// <inheritdoc/>
        public override string ToString() => Kind + " " + Path;
    }
}
