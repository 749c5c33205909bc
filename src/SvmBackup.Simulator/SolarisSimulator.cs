using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using SvmBackup.Simulator.Rendering;
using SvmBackup.Simulator.State;
using SvmBackup.Simulator.Storage;
using SvmBackup.Simulator.Tools;

namespace SvmBackup.Simulator;

/// <summary>A simulated Solaris cluster whose state lives in a directory; every call loads, changes and saves it under a lock.</summary>
public sealed class SolarisSimulator
{
    private static readonly string[] SbinTools = { "metastat", "metaset", "metaoffline", "metaonline", "metadetach", "metattach", "lockfs", "ufsdump", "fsck" };

    private readonly StateStore _store;

    private SolarisSimulator(string stateDirectory)
    {
        StateDirectory = Path.GetFullPath(stateDirectory);
        _store = new StateStore(StateDirectory);
        Nodes = _store.Transact(s => s.Nodes.Select(n => n.Name).ToList());
    }

    public string StateDirectory { get; }
    public IReadOnlyList<string> Nodes { get; }

    /// <summary>The simulated wall clock (UTC); tests replace it to make resync progress deterministic. Not persisted.</summary>
    public Func<DateTime> UtcClock { get; set; } = () => DateTime.UtcNow;

    /// <summary>A snapshot of the persisted options; change them with UpdateOptions.</summary>
    public SimulatorOptions Options => _store.Transact(s => s.Options);

    // /usr/bin/test is provided (not the machine's own) so a check of a dump file's folder sees the files ufsdump writes.
    private static readonly string[] BinTools = { "uname", "id", "mt", "test" };

    public static IReadOnlyList<string> ProvidedPaths { get; } =
        SbinTools.Select(t => "/usr/sbin/" + t).Concat(BinTools.Select(t => "/usr/bin/" + t)).Concat(new[] { "/etc/mnttab", "/etc/release", "/etc/dumpdates", "/var/opt/svmbackup" }).ToList();

    public static SolarisSimulator Create(string stateDirectory, SimulatorTopology? topology = null)
    {
        var store = new StateStore(Path.GetFullPath(stateDirectory));
        if (!store.Exists)
        {
            var full = Path.GetFullPath(stateDirectory);
            store.Initialize(StateBuilder.Build(topology ?? SimulatorTopology.Default, full, DateTime.UtcNow));
        }
        return new SolarisSimulator(stateDirectory);
    }

    public static SolarisSimulator Open(string stateDirectory)
    {
        if (!new StateStore(Path.GetFullPath(stateDirectory)).Exists)
        {
            throw new DirectoryNotFoundException("no simulator state in " + stateDirectory);
        }
        return new SolarisSimulator(stateDirectory);
    }

    public void UpdateOptions(Action<SimulatorOptions> change) => Transact(c =>
    {
        change(c.State.Options);
        return 0;
    });

    public int Run(string node, string tool, IReadOnlyList<string> args, Stream stdin, bool stdinIsTty, Stream stdout, Stream stderr, CancellationToken cancellationToken = default) =>
        Run(node, tool, args, stdin, stdinIsTty, stdout, stderr, DefaultEffectiveUid(), cancellationToken);

    /// <summary>As Run, for a caller that knows the effective uid (the CLI passes geteuid()); non-root gets the privilege errors.</summary>
    public int Run(string node, string tool, IReadOnlyList<string> args, Stream stdin, bool stdinIsTty, Stream stdout, Stream stderr, int effectiveUid, CancellationToken cancellationToken = default)
    {
        if (!Nodes.Contains(node))
        {
            WriteText(stderr, "svmsim: unknown node " + node + "\n");
            return 127;
        }
        tool = tool.Substring(tool.LastIndexOf('/') + 1); // "/usr/sbin/metastat" runs as "metastat" (argv[0] basename)
        var joined = string.Join(" ", args);
        var faults = Transact(c => c.State.Faults.Where(f => (f.Node == null || f.Node == node) && (f.Tool == null || f.Tool == tool)
            && (f.ArgsContain == null || joined.Contains(f.ArgsContain))).ToList(), cancellationToken);
        foreach (var latency in faults.Where(f => f.Kind == SimulatorFaultKind.Latency))
        {
            if (cancellationToken.WaitHandle.WaitOne(latency.LatencyMilliseconds))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        if (faults.Any(f => f.Kind == SimulatorFaultKind.Hang))
        {
            cancellationToken.WaitHandle.WaitOne();
            cancellationToken.ThrowIfCancellationRequested();
        }
        var fails = faults.FirstOrDefault(f => f.Kind == SimulatorFaultKind.Fails);
        if (fails != null)
        {
            WriteText(stderr, fails.Message ?? "");
            return fails.ExitCode;
        }
        var ctx = new ToolContext(this, node, tool, args, stdin, stdinIsTty, stdout, stderr, effectiveUid, cancellationToken);
        var rc = Dispatch(ctx, tool, stderr);
        // A tool that did its work but is slow to exit (a signal can land between the effect and the exit).
        foreach (var slow in faults.Where(f => f.Kind == SimulatorFaultKind.SlowExit))
        {
            if (cancellationToken.WaitHandle.WaitOne(slow.LatencyMilliseconds)) return 130;
        }
        return rc;
    }

    private static int Dispatch(ToolContext ctx, string tool, Stream stderr)
    {
        switch (tool)
        {
            case "metastat":
                return MetastatTool.Run(ctx);
            case "metaset":
                return MetasetTool.Run(ctx);
            case "metaoffline":
            case "metaonline":
            case "metadetach":
            case "metattach":
                return MirrorCommandTool.Run(ctx);
            case "lockfs":
                return LockfsTool.Run(ctx);
            case "ufsdump":
                return UfsdumpTool.Run(ctx);
            case "fsck":
                return FsckTool.Run(ctx);
            case "uname":
                return UnameTool.Run(ctx);
            case "id":
                return IdTool.Run(ctx);
            case "mt":
                return MtTool.Run(ctx);
            case "test":
                return TestTool.Run(ctx);
            default:
                WriteText(stderr, "sh: " + tool + ": not found\n");
                return 127;
        }
    }

    /// <summary>SVMSIM_EUID overrides; otherwise in-process callers act as root.</summary>
    private static int DefaultEffectiveUid() =>
        int.TryParse(Environment.GetEnvironmentVariable("SVMSIM_EUID"), out var uid) ? uid : 0;

    public string InstallRoot(string node, string launcher) =>
        InstallRoot(node, (path, tool) => WriteShim(path, launcher, node, tool));

    /// <summary>
    /// As InstallRoot, with shims that run each tool in a resident `svmsim serve` listening on
    /// <paramref name="socketPath"/> (a Perl client, ~10 ms a call instead of a .NET start). The server must be started separately.
    /// </summary>
    public string InstallResidentRoot(string node, string socketPath)
    {
        var client = Path.Combine(StateDirectory, "bin", ResidentClientName);
        Directory.CreateDirectory(Path.GetDirectoryName(client)!);
        WriteIfChanged(client, ResidentClientScript(), 0x1ED); // 0755
        return InstallRoot(node, (path, tool) => WriteIfChanged(path,
            "#!/bin/sh\nexec /usr/bin/perl " + Quote(client) + " svmsim --socket " + Quote(Path.GetFullPath(socketPath)) + " --node " + Quote(node) + " " + tool + " \"$@\"\n", 0x1ED));
    }

    private const string ResidentClientName = "svmsim-client.pl";

    private static string ResidentClientScript()
    {
        using var stream = typeof(SolarisSimulator).Assembly.GetManifestResourceStream(ResidentClientName)
            ?? throw new InvalidOperationException(ResidentClientName + " is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private string InstallRoot(string node, Action<string, string> writeShim)
    {
        if (!Nodes.Contains(node))
        {
            throw new ArgumentException("unknown node " + node, nameof(node));
        }
        var root = RootOf(node);
        var sbin = Path.Combine(root, "usr", "sbin");
        var bin = Path.Combine(root, "usr", "bin");
        var etc = Path.Combine(root, "etc");
        Directory.CreateDirectory(sbin);
        Directory.CreateDirectory(bin);
        Directory.CreateDirectory(etc);
        // Where SvmBackup keeps its per-mirror run markers on a host (created by its first backup on a real one).
        Directory.CreateDirectory(Path.Combine(root, "var", "opt", "svmbackup"));
        foreach (var tool in SbinTools)
        {
            writeShim(Path.Combine(sbin, tool), tool);
        }
        foreach (var tool in BinTools)
        {
            writeShim(Path.Combine(bin, tool), tool);
        }
        var mnttab = Transact(c => Mnttab(c.Node(node)!));
        WriteIfChanged(Path.Combine(etc, "mnttab"), mnttab);
        WriteIfChanged(Path.Combine(etc, "release"),
            "                   Oracle Solaris 10 1/13 s10s_u11wos_24a SPARC\n" +
            "  Copyright (c) 1983, 2013, Oracle and/or its affiliates. All rights reserved.\n" +
            "                            Assembled 17 January 2013\n");
        var dumpdates = DumpdatesPath(node);
        if (!File.Exists(dumpdates))
        {
            File.WriteAllText(dumpdates, "");
        }
        return root;
    }

    internal string RootOf(string node) => Path.Combine(StateDirectory, "roots", node);

    /// <summary>The node's /etc/dumpdates lives inside its root, so the installed file is the one ufsdump u updates.</summary>
    internal string DumpdatesPath(string node)
    {
        var etc = Path.Combine(RootOf(node), "etc");
        Directory.CreateDirectory(etc);
        return Path.Combine(etc, "dumpdates");
    }

    internal string TapePath(string node)
    {
        var dir = Path.Combine(StateDirectory, "tapes", node);
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, "rmt0");
    }

    /// <summary>mnttab(4): special, mount point, fstype, options, time — TAB separated.</summary>
    internal static string Mnttab(NodeState node)
    {
        var sb = new StringBuilder();
        foreach (var m in node.Mounts)
        {
            sb.Append(m.Special).Append('\t').Append(m.MountPoint).Append('\t').Append(m.FsType).Append('\t').Append(m.Options).Append('\t').Append(m.Time).Append('\n');
        }
        return sb.ToString();
    }

    private void WriteShim(string path, string launcher, string node, string tool)
    {
        WriteIfChanged(path, "#!/bin/sh\nexec " + launcher + " --state " + Quote(StateDirectory) + " --node " + Quote(node) + " " + tool + " \"$@\"\n", 0x1ED); // 0755
    }

    /// <summary>Rewrites a file only when its content changes, so a shim is never replaced while another process runs it.</summary>
    private static void WriteIfChanged(string path, string content, int mode = 0x1A4) // 0644
    {
        if (File.Exists(path) && File.ReadAllText(path) == content)
        {
            return;
        }
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, content);
        chmod(temp, mode);
        if (File.Exists(path))
        {
            File.Replace(temp, path, null); // rename(2): atomic for readers
        }
        else
        {
            try
            {
                File.Move(temp, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another session installed the same root in between (two sessions opened at once): replace atomically.
                File.Replace(temp, path, null);
            }
        }
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    [DllImport("libc", SetLastError = true)]
    private static extern int chmod(string path, int mode);

    public void Write(string node, string mirrorOrMountPoint, long blockOffset, byte[] data, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var written = Transact(c =>
            {
                var (scope, device) = ResolveTarget(c, node, mirrorOrMountPoint);
                var n = c.Node(node)!;
                var mount = c.MountOf(n, scope, device.Name);
                // Writers to a write-locked file system block (ufs_check_lockfs: cv_wait) until it is unlocked.
                if (mount != null && c.State.Locks.Any(l => l.Key == Cluster.LockKey(n, mount) && l.Type == "write"))
                {
                    return false;
                }
                if (device.Kind == MetadeviceKind.Mirror)
                {
                    c.WriteMirror(scope, device, blockOffset * BackingStore.BlockSize, data);
                }
                else
                {
                    c.WriteStripe(scope, device, blockOffset * BackingStore.BlockSize, data, allowParented: false);
                }
                return true;
            }, cancellationToken);
            if (written)
            {
                return;
            }
            cancellationToken.WaitHandle.WaitOne(20);
        }
    }

    public byte[] ReadSubmirror(string node, string metadevice, long blockOffset, int blockCount) => Transact(c =>
    {
        var (scope, device) = ResolveTarget(c, node, metadevice);
        if (device.Kind == MetadeviceKind.Mirror)
        {
            var slot = device.Submirrors.FirstOrDefault(s => c.IsReadable(scope, s)) ?? throw new IOException("no readable submirror");
            device = scope.Find(slot.Name)!;
        }
        return BackingStore.Read(c.BackingPath(device), blockOffset * BackingStore.BlockSize, blockCount * BackingStore.BlockSize);
    });

    private static (DeviceScope Scope, Metadevice Device) ResolveTarget(Cluster c, string node, string target)
    {
        var n = c.Node(node) ?? throw new ArgumentException("unknown node " + node);
        var name = target;
        if (target.StartsWith("/", StringComparison.Ordinal) && !target.StartsWith("/dev/", StringComparison.Ordinal))
        {
            name = n.Mounts.FirstOrDefault(m => m.MountPoint == target)?.Special ?? throw new ArgumentException("not a mount point on " + node + ": " + target);
        }
        if (!Cluster.ParseMetaName(name, out var set, out var shortName, out _))
        {
            throw new ArgumentException("not a metadevice: " + target);
        }
        var scope = c.ResolveScope(node, set, out _) ?? throw new ArgumentException("no such set: " + set);
        var device = scope.Find(shortName) ?? throw new ArgumentException("no such metadevice: " + target);
        return (scope, device);
    }

    public void InjectFault(SimulatorFault fault)
    {
        if (fault == null)
        {
            throw new ArgumentNullException(nameof(fault));
        }
        Transact(c =>
        {
            fault.InjectedUtc = c.UtcNow;
            if (fault.Kind != SimulatorFaultKind.ResyncInProgress)
            {
                c.State.Faults.Add(fault);
                return 0;
            }
            // A resync is a state change, not a standing fault: start it now.
            // Without a node: the set's owner for a disk-set mirror, else the first node that has the mirror.
            Cluster.ParseMetaName(fault.Metadevice ?? "", out var set, out var mirrorName, out _);
            var node = fault.Node
                       ?? (set != null
                           ? c.State.Sets.First(s => s.Name == set).Owner ?? c.State.Sets.First(s => s.Name == set).Hosts[0]
                           : c.State.Nodes.FirstOrDefault(n => n.Devices.Any(d => d.Name == mirrorName))?.Name)
                       ?? throw new ArgumentException("no such mirror: " + fault.Metadevice);
            var (scope, mirror) = ResolveTarget(c, node, fault.Metadevice ?? throw new ArgumentException("ResyncInProgress needs Metadevice"));
            var slot = fault.Submirror == null
                ? mirror.Submirrors.Last()
                : mirror.Submirrors.First(s => scope.CName(s.Name) == fault.Submirror || s.Name == fault.Submirror);
            c.StartResync(mirror, slot, null, SubmirrorState.AttachedResync, fault.Percent);
            return 0;
        });
    }

    /// <summary>Moves ownership of a disk set (a take/failover); null = nobody owns it.</summary>
    public void SetDiskSetOwner(string set, string? node) => Transact(c =>
    {
        var target = c.State.Sets.FirstOrDefault(s => s.Name == set) ?? throw new ArgumentException("no such set: " + set);
        if (node != null && !target.Hosts.Contains(node))
        {
            throw new ArgumentException(node + " is not a host of " + set);
        }
        target.Owner = node;
        return 0;
    });

    public void ClearFaults() => Transact(c =>
    {
        c.State.Faults.Clear();
        return 0;
    });

    internal T Transact<T>(Func<Cluster, T> action, CancellationToken cancellationToken = default) =>
        _store.Transact((state, readOnly) =>
        {
            var cluster = new Cluster(state, StateDirectory, UtcClock()) { ReadOnly = readOnly };
            cluster.Settle();
            return action(cluster);
        }, cancellationToken);

    private static void WriteText(Stream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        stream.Write(bytes, 0, bytes.Length);
        stream.Flush();
    }
}
