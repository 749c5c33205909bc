using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using SvmBackup.Simulator.Storage;

namespace SvmBackup.Simulator.State;

/// <summary>
/// The loaded state plus the kernel behaviour shared by all tools: scopes and names, component states (faults),
/// readability, resync settling, writes and open handles.
/// </summary>
internal sealed class Cluster
{
    public Cluster(HostState state, string stateDirectory, DateTime utcNow)
    {
        State = state;
        StateDirectory = stateDirectory;
        UtcNow = utcNow;
    }

    public HostState State { get; }
    public string StateDirectory { get; }
    public DateTime UtcNow { get; }

    public NodeState? Node(string name) => State.Nodes.FirstOrDefault(n => n.Name == name);

    public DeviceScope LocalScope(NodeState node) => new DeviceScope(node, null);

    /// <summary>A disk set as seen from a node: only its hosts know it (others get "no such set").</summary>
    public DiskSetState? VisibleSet(string node, string setName) =>
        State.Sets.FirstOrDefault(s => s.Name == setName && s.Hosts.Contains(node));

    public IEnumerable<DeviceScope> AllScopes() =>
        State.Nodes.Select(n => new DeviceScope(n, null)).Concat(State.Sets.Select(s => new DeviceScope(null, s)));

    public string BackingPath(Metadevice stripe) => Path.Combine(StateDirectory, stripe.BackingFile);

    // ---- names ------------------------------------------------------------------------------------------

    /// <summary>
    /// Resolves "d1", "set/d1", "/dev/md/[set/]{dsk,rdsk}/d1" as seen from a node. Returns null scope with an
    /// error set-name when the set is unknown there.
    /// </summary>
    public DeviceScope? ResolveScope(string node, string? setName, out string? unknownSet)
    {
        unknownSet = null;
        if (string.IsNullOrEmpty(setName) || setName == "local")
        {
            var n = Node(node);
            return n == null ? null : LocalScope(n);
        }
        var set = VisibleSet(node, setName!);
        if (set == null)
        {
            unknownSet = setName;
            return null;
        }
        return new DeviceScope(null, set);
    }

    /// <summary>Splits a metadevice operand into (set or null, short name, is raw path). Null when it is not metadevice syntax.</summary>
    public static bool ParseMetaName(string operand, out string? set, out string shortName, out bool isPath)
    {
        set = null;
        shortName = operand;
        isPath = false;
        if (operand.StartsWith("/dev/md/", StringComparison.Ordinal))
        {
            isPath = true;
            var parts = operand.Substring("/dev/md/".Length).Split('/');
            if (parts.Length == 2 && (parts[0] == "dsk" || parts[0] == "rdsk"))
            {
                shortName = parts[1];
                return true;
            }
            if (parts.Length == 3 && (parts[1] == "dsk" || parts[1] == "rdsk"))
            {
                set = parts[0];
                shortName = parts[2];
                return true;
            }
            shortName = parts[parts.Length - 1];
            return false;
        }
        var slash = operand.IndexOf('/');
        if (slash > 0 && operand.IndexOf('/', slash + 1) < 0)
        {
            set = operand.Substring(0, slash);
            shortName = operand.Substring(slash + 1);
        }
        return IsMetaName(shortName);
    }

    /// <summary>dNNN is how the simulated namespaces name metadevices; c0t0d0s0 and d4s0 (DID) are disk slices.</summary>
    public static bool IsMetaName(string name) =>
        name.Length > 1 && name[0] == 'd' && name.Skip(1).All(char.IsDigit);

    // ---- component state / readability -----------------------------------------------------------------

    public string ComponentState(DeviceScope scope, Metadevice stripe, Component component)
    {
        foreach (var fault in State.Faults)
        {
            if (fault.Kind != SimulatorFaultKind.ComponentMaintenance && fault.Kind != SimulatorFaultKind.ComponentLastErred)
            {
                continue;
            }
            if (!FaultMatchesDevice(fault, scope, stripe.Name) && !FaultMatchesViaMirror(fault, scope, stripe))
            {
                continue;
            }
            var target = fault.Component ?? stripe.Components[0].Name;
            if (target == component.Name)
            {
                return fault.Kind == SimulatorFaultKind.ComponentMaintenance ? "Maintenance" : "Last Erred";
            }
        }
        return "Okay";
    }

    public bool FaultMatchesDevice(SimulatorFault fault, DeviceScope scope, string shortName)
    {
        if (fault.Metadevice == null)
        {
            return false;
        }
        ParseMetaName(fault.Metadevice, out var set, out var name, out _);
        if (name != shortName || set != scope.SetName)
        {
            return false;
        }
        return scope.Set != null || fault.Node == null || fault.Node == scope.LocalNode!.Name;
    }

    /// <summary>A component fault addressed to a mirror hits its Submirror (default: the last submirror).</summary>
    private bool FaultMatchesViaMirror(SimulatorFault fault, DeviceScope scope, Metadevice stripe)
    {
        var mirror = scope.ParentOf(stripe);
        if (mirror == null || !FaultMatchesDevice(fault, scope, mirror.Name))
        {
            return false;
        }
        if (fault.Submirror == null)
        {
            return mirror.Submirrors[mirror.Submirrors.Count - 1].Name == stripe.Name;
        }
        ParseMetaName(fault.Submirror, out _, out var sub, out _);
        return sub == stripe.Name;
    }

    /// <summary>When the component entered its current state (creation, or the fault's injection).</summary>
    public DateTime ComponentStateTime(DeviceScope scope, Metadevice stripe, Component component)
    {
        if (ComponentState(scope, stripe, component) == "Okay")
        {
            return State.CreatedUtc;
        }
        return State.Faults.Where(f => f.InjectedUtc.HasValue && (f.Kind == SimulatorFaultKind.ComponentMaintenance || f.Kind == SimulatorFaultKind.ComponentLastErred))
            .Select(f => f.InjectedUtc!.Value).DefaultIfEmpty(State.CreatedUtc).Max();
    }

    public bool HasErredComponents(DeviceScope scope, Metadevice stripe) =>
        stripe.Components.Any(c => ComponentState(scope, stripe, c) != "Okay");

    /// <summary>SUBMIRROR_IS_READABLE: running (not offline, not a resync target) and, for a one-row stripe, no erred component.</summary>
    public bool IsReadable(DeviceScope scope, SubmirrorSlot slot)
    {
        var stripe = scope.Find(slot.Name);
        return stripe != null && slot.State == SubmirrorState.Okay && !slot.IsResyncTarget && !HasErredComponents(scope, stripe);
    }

    public static bool ResyncActive(Metadevice mirror) => mirror.Submirrors.Any(s => s.IsResyncTarget);

    public int ResyncPercent(SubmirrorSlot slot)
    {
        if (slot.ResyncTotalBlocks <= 0)
        {
            return 0;
        }
        var done = ResyncDoneBlocks(slot);
        return (int)Math.Min(99, done * 100 / slot.ResyncTotalBlocks);
    }

    private long ResyncDoneBlocks(SubmirrorSlot slot)
    {
        var seconds = Math.Max(0, (UtcNow - slot.ResyncStartedUtc!.Value).TotalSeconds);
        return (long)Math.Min(long.MaxValue / 4, Math.Floor(seconds * State.Options.ResyncBlocksPerSecond + 1e-6));
    }

    public void StartResync(Metadevice mirror, SubmirrorSlot slot, List<long>? regions, SubmirrorState state, int percentDone = 0)
    {
        slot.State = state;
        slot.StateChangedUtc = UtcNow;
        slot.ResyncRegions = regions;
        slot.ResyncTotalBlocks = regions == null ? mirror.SizeBlocks : regions.Count * BackingStore.ChunkBlocks;
        // Rounded up in ticks so the reported percentage is exactly percentDone, not one less.
        var headBlocks = Math.Ceiling(slot.ResyncTotalBlocks * percentDone / 100.0);
        var head = State.Options.ResyncBlocksPerSecond <= 0 ? 0 : headBlocks / State.Options.ResyncBlocksPerSecond;
        slot.ResyncStartedUtc = UtcNow - TimeSpan.FromTicks((long)Math.Ceiling(head * TimeSpan.TicksPerSecond));
    }

    /// <summary>A read-only view (non-root caller): settling shows the result but copies no data; a later writer redoes it.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Resync is derived from wall-clock time: any finished resync is completed here, copying the data.</summary>
    public void Settle()
    {
        foreach (var scope in AllScopes())
        {
            foreach (var mirror in scope.Mirrors)
            {
                foreach (var slot in mirror.Submirrors.Where(s => s.IsResyncTarget).ToList())
                {
                    if (ResyncDoneBlocks(slot) < slot.ResyncTotalBlocks)
                    {
                        continue;
                    }
                    var sourceSlot = mirror.Submirrors.FirstOrDefault(s => s != slot && IsReadable(scope, s));
                    if (sourceSlot == null)
                    {
                        continue; // nothing to copy from: the resync cannot finish
                    }
                    var source = scope.Find(sourceSlot.Name)!;
                    var target = scope.Find(slot.Name)!;
                    var chunks = slot.ResyncRegions ?? source.Chunks.Union(target.Chunks).ToList();
                    if (!ReadOnly) BackingStore.CopyChunks(BackingPath(source), BackingPath(target), chunks, mirror.SizeBlocks * BackingStore.BlockSize);
                    target.Chunks = target.Chunks.Union(chunks).Distinct().OrderBy(c => c).ToList();
                    target.Super = Copy(mirror.Super);
                    slot.State = SubmirrorState.Okay;
                    slot.StateChangedUtc = slot.ResyncStartedUtc!.Value.AddSeconds(slot.ResyncTotalBlocks / State.Options.ResyncBlocksPerSecond);
                    slot.ResyncStartedUtc = null;
                    slot.ResyncRegions = null;
                    slot.ResyncTotalBlocks = 0;
                    slot.Dirty.Clear();
                }
            }
        }
    }

    public static Superblock Copy(Superblock s) => new Superblock { LastMounted = s.LastMounted, StateWrong = s.StateWrong };

    // ---- data --------------------------------------------------------------------------------------------

    /// <summary>Writes to a mirror: every submirror in the mirror gets the data, an offlined one only gets its regions marked dirty.</summary>
    public void WriteMirror(DeviceScope scope, Metadevice mirror, long byteOffset, byte[] data)
    {
        var chunks = BackingStore.ChunksOf(byteOffset, data.Length).ToList();
        foreach (var slot in mirror.Submirrors)
        {
            if (slot.State == SubmirrorState.Offline)
            {
                slot.Dirty = slot.Dirty.Union(chunks).OrderBy(c => c).ToList();
                continue;
            }
            WriteStripe(scope, scope.Find(slot.Name)!, byteOffset, data, allowParented: true);
        }
    }

    /// <summary>The only path that changes backing bytes. Invariant: an offlined submirror is never written.</summary>
    public void WriteStripe(DeviceScope scope, Metadevice stripe, long byteOffset, byte[] data, bool allowParented)
    {
        var parent = scope.ParentOf(stripe);
        if (parent != null)
        {
            var slot = parent.Submirrors.First(s => s.Name == stripe.Name);
            if (slot.State == SubmirrorState.Offline || !allowParented)
            {
                throw new InvalidOperationException($"EROFS: {scope.CName(stripe.Name)} is a submirror and cannot be written directly");
            }
        }
        BackingStore.Write(BackingPath(stripe), byteOffset, data, 0, data.Length);
        stripe.Chunks = stripe.Chunks.Union(BackingStore.ChunksOf(byteOffset, data.Length)).OrderBy(c => c).ToList();
    }

    // ---- open handles ------------------------------------------------------------------------------------

    public static string OpenKey(DeviceScope scope, string shortName) => scope.Key + ":" + shortName;

    public bool IsOpen(DeviceScope scope, string shortName)
    {
        State.Opens.RemoveAll(o => !ProcessAlive(o.Pid));
        return State.Opens.Any(o => o.Device == OpenKey(scope, shortName));
    }

    private static bool ProcessAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // ---- mounts ------------------------------------------------------------------------------------------

    /// <summary>The mnttab entry of a metadevice (by its block device) on a node.</summary>
    public MountEntry? MountOf(NodeState node, DeviceScope scope, string shortName) =>
        node.Mounts.FirstOrDefault(m => m.Special == scope.BlockPath(shortName));

    /// <summary>The mount containing a path (longest mount-point prefix).</summary>
    public static MountEntry? ContainingMount(NodeState node, string path) =>
        node.Mounts.Where(m => m.MountPoint == "/" || path == m.MountPoint || path.StartsWith(m.MountPoint + "/", StringComparison.Ordinal))
            .OrderByDescending(m => m.MountPoint.Length).FirstOrDefault();

    public static string LockKey(NodeState node, MountEntry mount) => (mount.IsGlobal ? "global" : node.Name) + ":" + mount.MountPoint;
}
