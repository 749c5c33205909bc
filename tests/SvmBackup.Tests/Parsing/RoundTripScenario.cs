using System.Globalization;
using SvmBackup.Simulator;
using SvmBackup.Simulator.Topology;
using SvmBackup.Tests.Simulator;

namespace SvmBackup.Tests.Parsing;

/// <summary>
/// A random cluster (topology + a plan of tool invocations and faults) built from a seed, with the state the
/// simulator must end in tracked here independently of the simulator's internals and of the parsers.
/// </summary>
internal sealed class RoundTripScenario
{
    public const double ResyncRate = 1000; // blocks per simulated second
    private const long ChunkBlocks = 2048;  // 1 MiB resync regions

    private readonly Random _rnd;
    private int _nextDisk;

    public RoundTripScenario(int seed)
    {
        Seed = seed;
        _rnd = new Random(seed);
        Generate();
    }

    public int Seed { get; }
    public SimulatorTopology Topology { get; } = new SimulatorTopology();
    public List<ExpScope> Scopes { get; } = new List<ExpScope>();
    public List<ExpSet> Sets { get; } = new List<ExpSet>();
    /// <summary>Simulated seconds between phase 1 (commands) and phase 2 (percent faults, component faults, rendering).</summary>
    public int AdvanceSeconds { get; private set; }
    public List<string> Log { get; } = new List<string>();

    // ---------------------------------------------------------------- expected model

    internal sealed class ExpComponent
    {
        public string Name = "";
        public long Start;
        public bool Dbase;
        public string? DevId;
        public string State = "Okay";
    }

    internal sealed class ExpStripe
    {
        public string Name = "";
        public long Size;
        public long Interlace;
        public List<ExpComponent> Components = new List<ExpComponent>();
        public string? Parent;
    }

    internal enum SlotKind { Okay, Offline, Resync }

    internal sealed class ExpSlot
    {
        public ExpStripe Stripe = null!;
        public SlotKind Kind;
        /// <summary>Resync: total blocks to copy (0 = completes at once).</summary>
        public long ResyncTotal;
        /// <summary>Resync started in phase 1 (progress = AdvanceSeconds × rate) or phase 2 with an exact percent.</summary>
        public int? ExactPercent;
    }

    internal sealed class ExpMirror
    {
        public string Name = "";
        public int Pass;
        public long Size;
        public List<ExpSlot> Slots = new List<ExpSlot>();
    }

    internal sealed class ExpScope
    {
        public string? Set;
        /// <summary>Node whose metastat shows this scope (the local node, or the set owner).</summary>
        public string Node = "";
        public List<ExpMirror> Mirrors = new List<ExpMirror>();
        /// <summary>All stripes in driver (creation) order.</summary>
        public List<ExpStripe> Stripes = new List<ExpStripe>();
        public string CName(string name) => Set == null ? name : Set + "/" + name;
        public List<Action<SimulatorHarness>> Phase1 = new List<Action<SimulatorHarness>>();
        public List<Action<SimulatorHarness>> Phase2 = new List<Action<SimulatorHarness>>();
    }

    internal sealed class ExpSet
    {
        public string Name = "";
        public int Number;
        public List<string> Hosts = new List<string>();
        public string? Owner;
        public List<(string Name, bool Dbase)> Drives = new List<(string, bool)>();
    }

    // ---------------------------------------------------------------- derived expectations

    /// <summary>Applies the elapsed time: phase-1 resyncs either finish (Okay) or report their percentage.</summary>
    public void Settle()
    {
        foreach (var slot in Scopes.SelectMany(s => s.Mirrors).SelectMany(m => m.Slots).Where(s => s.Kind == SlotKind.Resync && s.ExactPercent == null))
        {
            var done = (long)AdvanceSeconds * (long)ResyncRate;
            if (done >= slot.ResyncTotal)
            {
                slot.Kind = SlotKind.Okay;
            }
        }
    }

    public int? ResyncPercent(ExpMirror mirror)
    {
        var slot = mirror.Slots.FirstOrDefault(s => s.Kind == SlotKind.Resync);
        if (slot == null)
        {
            return null;
        }
        if (slot.ExactPercent != null)
        {
            return slot.ExactPercent;
        }
        var done = (long)AdvanceSeconds * (long)ResyncRate;
        return (int)Math.Min(99, done * 100 / slot.ResyncTotal);
    }

    public static bool Erred(ExpStripe s) => s.Components.Any(c => c.State != "Okay");

    public static string StateText(ExpSlot slot) =>
        slot.Kind == SlotKind.Resync ? "Resyncing" : slot.Kind == SlotKind.Offline || Erred(slot.Stripe) ? "Needs maintenance" : "Okay";

    public string? Invoke(ExpScope scope, ExpMirror mirror, ExpSlot slot)
    {
        if (mirror.Slots.Any(s => s.Kind == SlotKind.Resync))
        {
            return null;
        }
        var m = scope.CName(mirror.Name);
        if (slot.Kind == SlotKind.Offline)
        {
            return "metaonline " + m + " " + scope.CName(slot.Stripe.Name);
        }
        var bad = slot.Stripe.Components.FirstOrDefault(c => c.State == "Maintenance") ?? slot.Stripe.Components.FirstOrDefault(c => c.State == "Last Erred");
        if (bad == null)
        {
            return null;
        }
        var replace = "metareplace " + m + " " + bad.Name + " <new device>";
        return bad.State == "Last Erred" ? "after replacing \"Maintenance\" components: " + replace : replace;
    }

    /// <summary>meta_number_to_string(blocks, 512), written from the format reference (C "%1.1f": round half to even on the exact value).</summary>
    public static string SizeString(long blocks)
    {
        const string units = " KMGTPE";
        // exact rational arithmetic: value = bytes / 1024^unit
        var bytes = (decimal)blocks * 512m;
        var unit = 0;
        var value = bytes;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024m;
            unit++;
        }
        return value < 10
            ? Math.Round(value, 1, MidpointRounding.ToEven).ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit] + "B"
            : Math.Floor(value).ToString("0", CultureInfo.InvariantCulture) + " " + units[unit] + "B";
    }

    // ---------------------------------------------------------------- generation

    private static readonly string[] Descriptive = { "home_mirror", "var-data", "oracle.data", "export_home", "u01", "backup-vol", "logs_m" };
    private static readonly string[] SetNames = { "schost-1", "blue", "ora_dg", "nfs-set" };

    private T Pick<T>(IReadOnlyList<T> list) => list[_rnd.Next(list.Count)];

    private bool Chance(double p) => _rnd.NextDouble() < p;

    private long RandomSize()
    {
        // log-uniform between 2 blocks (1 KB) and 2^33 blocks (4 TB): KB, MB, GB and TB strings, some below 10 (one decimal).
        var exp = 1 + _rnd.NextDouble() * 32;
        return Math.Max(2, (long)Math.Pow(2, exp));
    }

    private void Generate()
    {
        var nodeCount = 1 + _rnd.Next(3);
        var nodeNames = Enumerable.Range(1, nodeCount).Select(i => Chance(0.5) ? "node" + i : "phys-host-" + i).ToList();
        foreach (var nodeName in nodeNames)
        {
            var node = new TopologyNode { Name = nodeName };
            node.Mounts.Add(new TopologyMount { Special = "/dev/dsk/c0t0d0s0", MountPoint = "/" });
            Topology.Nodes.Add(node);
            var scope = new ExpScope { Set = null, Node = nodeName };
            node.Metadevices.AddRange(Devices(scope, did: false));
            Scopes.Add(scope);
        }
        var setCount = _rnd.Next(3);
        var setNames = SetNames.OrderBy(_ => _rnd.Next()).Take(setCount).ToList();
        for (var i = 0; i < setCount; i++)
        {
            var hosts = nodeNames.Where(_ => Chance(0.7)).ToList();
            if (hosts.Count == 0)
            {
                hosts.Add(Pick(nodeNames));
            }
            var owner = Pick(hosts);
            var set = new TopologyDiskSet { Name = setNames[i], Number = i + 1 + _rnd.Next(2) * 3, Hosts = hosts, Owner = owner };
            var scope = new ExpScope { Set = set.Name, Node = owner };
            set.Metadevices.AddRange(Devices(scope, did: Chance(0.6)));
            var drives = scope.Stripes.SelectMany(s => s.Components).Select(c => DiskOf(c.Name)).Distinct().ToList();
            var exp = new ExpSet { Name = set.Name, Number = set.Number, Hosts = hosts.ToList(), Owner = owner };
            foreach (var d in drives)
            {
                var dbase = Chance(0.8);
                set.Drives.Add(new TopologyDrive { Name = d, Dbase = dbase });
                exp.Drives.Add((d, dbase));
            }
            Topology.Sets.Add(set);
            Scopes.Add(scope);
            Sets.Add(exp);
        }
        AdvanceSeconds = _rnd.Next(0, 4) == 0 ? 0 : _rnd.Next(1, 200000);
    }

    private static string DiskOf(string component)
    {
        var s = component.LastIndexOf('s');
        return component.Substring(0, s);
    }

    private string NewComponent(bool did)
    {
        var n = _nextDisk++;
        return did ? "d" + (4 + n) + "s" + _rnd.Next(8) : "c" + (n / 16) + "t" + (n % 16) + "d0s" + _rnd.Next(8);
    }

    private List<TopologyMetadevice> Devices(ExpScope scope, bool did)
    {
        var devices = new List<TopologyMetadevice>();
        var used = new HashSet<string>();
        var nextNumber = _rnd.Next(0, 50) * 10;
        string NewName(bool descriptive, string suffix)
        {
            while (true)
            {
                var name = descriptive ? Pick(Descriptive) + suffix : "d" + nextNumber++;
                if (used.Add(name))
                {
                    return name;
                }
                suffix += "x";
            }
        }
        ExpStripe NewStripe(string name, long size)
        {
            var stripe = new ExpStripe { Name = name, Size = size };
            var count = 1 + _rnd.Next(3);
            stripe.Interlace = count > 1 ? Pick(new long[] { 16, 32, 64, 128, 1024 }) : 0;
            for (var i = 0; i < count; i++)
            {
                stripe.Components.Add(new ExpComponent
                {
                    Name = NewComponent(did),
                    Start = Chance(0.6) ? 0 : _rnd.Next(1, 100) * 16065,
                    Dbase = Chance(0.2),
                    DevId = Chance(0.7) ? "id1,sd@SSEAGATE_" + _rnd.Next(1000000, 9999999).ToString(CultureInfo.InvariantCulture) : null,
                });
            }
            scope.Stripes.Add(stripe);
            devices.Add(new TopologyMetadevice
            {
                Name = name,
                Type = "stripe",
                SizeBlocks = size,
                Interlace = stripe.Interlace,
                Components = stripe.Components.Select(c => new TopologyComponent { Name = c.Name, StartBlock = c.Start, Dbase = c.Dbase, DevId = c.DevId }).ToList(),
            });
            return stripe;
        }

        var mirrorCount = 1 + _rnd.Next(12);
        var mirrorSpecs = new List<(TopologyMetadevice Spec, ExpMirror Mirror)>();
        for (var i = 0; i < mirrorCount; i++)
        {
            var descriptive = Chance(0.2);
            var mirror = new ExpMirror { Name = NewName(descriptive, ""), Pass = _rnd.Next(0, 10) };
            var spec = new TopologyMetadevice { Name = mirror.Name, Type = "mirror", Pass = mirror.Pass };
            devices.Add(spec);
            mirrorSpecs.Add((spec, mirror));
            scope.Mirrors.Add(mirror);
        }
        foreach (var (spec, mirror) in mirrorSpecs)
        {
            var subCount = 1 + _rnd.Next(4);
            var baseSize = RandomSize();
            var descriptive = !mirror.Name.StartsWith('d') || !mirror.Name.Skip(1).All(char.IsDigit);
            for (var s = 0; s < subCount; s++)
            {
                var size = Chance(0.7) ? baseSize : baseSize + _rnd.Next(0, 50000);
                var stripe = NewStripe(NewName(descriptive && Chance(0.7), "_s" + s), size);
                stripe.Parent = mirror.Name;
                spec.Submirrors.Add(stripe.Name);
                mirror.Slots.Add(new ExpSlot { Stripe = stripe });
            }
            mirror.Size = mirror.Slots.Min(s => s.Stripe.Size);
        }
        var concats = _rnd.Next(3);
        for (var i = 0; i < concats; i++)
        {
            NewStripe(NewName(Chance(0.3), "_c"), RandomSize());
        }
        foreach (var mirror in scope.Mirrors)
        {
            PlanActions(scope, mirror);
        }
        return devices;
    }

    private static bool IsDName(string name) => name.Length > 1 && name[0] == 'd' && name.Skip(1).All(char.IsDigit);

    private void PlanActions(ExpScope scope, ExpMirror mirror)
    {
        var commandable = IsDName(mirror.Name) && mirror.Slots.All(s => IsDName(s.Stripe.Name));
        var multi = mirror.Slots.Count >= 2;
        var m = scope.CName(mirror.Name);
        var node = scope.Node;
        var roll = _rnd.Next(8);
        if (!commandable && roll is >= 1 and <= 5)
        {
            roll = 6;
        }
        if (!multi && roll is >= 1 and <= 4)
        {
            roll = 0;
        }
        if (roll == 5 && mirror.Size < 20000)
        {
            roll = 0;
        }
        var noResync = true;
        switch (roll)
        {
            case 1: // offline
            {
                var slot = Pick(mirror.Slots);
                slot.Kind = SlotKind.Offline;
                var sm = scope.CName(slot.Stripe.Name);
                scope.Phase1.Add(h => Expect(h.Run(node, "metaoffline", m, sm), "metaoffline " + m + " " + sm));
                Log.Add($"{node}: metaoffline {m} {sm}");
                break;
            }
            case 2: // offline, writes, online: optimized resync of the dirty regions
            {
                var slot = Pick(mirror.Slots);
                var sm = scope.CName(slot.Stripe.Name);
                var writes = Enumerable.Range(0, _rnd.Next(0, 4)).Select(_ => (long)(_rnd.NextDouble() * (mirror.Size - 1))).ToList();
                slot.Kind = SlotKind.Resync;
                slot.ResyncTotal = writes.Select(b => b / ChunkBlocks).Distinct().Count() * ChunkBlocks;
                noResync = false;
                scope.Phase1.Add(h =>
                {
                    Expect(h.Run(node, "metaoffline", m, sm), "metaoffline");
                    foreach (var b in writes)
                    {
                        h.Simulator.Write(node, m, b, Enumerable.Repeat((byte)0x5A, 512).ToArray());
                    }
                    Expect(h.Run(node, "metaonline", m, sm), "metaonline");
                });
                Log.Add($"{node}: metaoffline {m} {sm}; write blocks [{string.Join(",", writes)}]; metaonline");
                break;
            }
            case 3: // detach: later slots renumber, the stripe becomes a stand-alone concat
            case 4: // detach + attach back: full resync of the mirror size, slot appended
            {
                var slot = Pick(mirror.Slots);
                var sm = scope.CName(slot.Stripe.Name);
                mirror.Slots.Remove(slot);
                slot.Stripe.Parent = null;
                scope.Phase1.Add(h => Expect(h.Run(node, "metadetach", m, sm), "metadetach"));
                Log.Add($"{node}: metadetach {m} {sm}");
                if (roll == 4)
                {
                    slot.Stripe.Parent = mirror.Name;
                    slot.Kind = SlotKind.Resync;
                    slot.ResyncTotal = mirror.Size;
                    mirror.Slots.Add(slot);
                    noResync = false;
                    scope.Phase1.Add(h => Expect(h.Run(node, "metattach", m, sm), "metattach"));
                    Log.Add($"{node}: metattach {m} {sm}");
                }
                break;
            }
            case 5: // resync fault with an exact percentage (phase 2)
            {
                var slot = Chance(0.5) ? mirror.Slots.Last() : Pick(mirror.Slots);
                var pct = _rnd.Next(0, 100);
                slot.Kind = SlotKind.Resync;
                slot.ExactPercent = pct;
                noResync = false;
                var sm = scope.CName(slot.Stripe.Name);
                scope.Phase2.Add(h => h.Simulator.InjectFault(SimulatorFault.ResyncInProgress(m, sm, pct, scope.Set == null ? node : null)));
                Log.Add($"fault ResyncInProgress {m} {sm} {pct}%");
                break;
            }
        }
        // component faults: only where no resync runs (a resync needs a readable source)
        if (noResync && (roll >= 6 || Chance(0.3)))
        {
            var candidates = mirror.Slots.Where(s => s.Kind == SlotKind.Okay).ToList();
            // keep one fully readable submirror, as the kernel would
            if (candidates.Count >= 2 || (candidates.Count == 1 && mirror.Slots.Count == 1))
            {
                var slot = Pick(candidates);
                var comp = Pick(slot.Stripe.Components);
                var lastErred = roll == 7 || Chance(0.2);
                comp.State = lastErred ? "Last Erred" : "Maintenance";
                var sm = scope.CName(slot.Stripe.Name);
                var name = comp.Name;
                var explicitComponent = comp != slot.Stripe.Components[0] || Chance(0.5);
                // local-set faults name the node: every node has its own d10
                var faultNode = scope.Set == null ? node : null;
                scope.Phase2.Add(h => h.Simulator.InjectFault(lastErred
                    ? SimulatorFault.ComponentLastErred(sm, explicitComponent ? name : null, faultNode)
                    : SimulatorFault.ComponentMaintenance(sm, explicitComponent ? name : null, faultNode)));
                Log.Add($"fault {(lastErred ? "LastErred" : "Maintenance")} {sm} {name}");
                if (lastErred && slot.Stripe.Components.Count > 1 && Chance(0.5))
                {
                    var other = slot.Stripe.Components.First(c => c != comp);
                    other.State = "Maintenance";
                    var otherName = other.Name;
                    scope.Phase2.Add(h => h.Simulator.InjectFault(SimulatorFault.ComponentMaintenance(sm, otherName, faultNode)));
                    Log.Add($"fault Maintenance {sm} {otherName}");
                }
            }
        }
    }

    private static void Expect(ToolResult result, string what)
    {
        if (result.Exit != 0)
        {
            throw new InvalidOperationException(what + " failed (" + result.Exit + "): " + result.Stderr);
        }
    }

    public override string ToString() => "seed " + Seed;
}
