using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using SvmBackup.Simulator.Topology;

namespace SvmBackup.Simulator;

/// <summary>The hosts, disk sets, metadevices and mounts a simulated cluster starts with (JSON file).</summary>
public sealed class SimulatorTopology
{
    public List<TopologyNode> Nodes { get; set; } = new List<TopologyNode>();
    public List<TopologyDiskSet> Sets { get; set; } = new List<TopologyDiskSet>();

    public IReadOnlyList<string> NodeNames => Nodes.Select(n => n.Name).ToList();

    /// <summary>Reproduces both seed procedures: myhost (d1 = d2 + d3 on /home1) and the Sun Cluster pair sharing schost-1.</summary>
    public static SimulatorTopology Default => BuildDefault();

    public static SimulatorTopology Load(string path) =>
        JsonSerializer.Deserialize<SimulatorTopology>(File.ReadAllText(path), Json.Options)
        ?? throw new InvalidDataException("empty topology file: " + path);

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json.Options));

    private const long GigabyteBlocks = 2097152;

    private static SimulatorTopology BuildDefault()
    {
        var topology = new SimulatorTopology();
        var myhost = new TopologyNode { Name = "myhost" };
        AddBaseMounts(myhost, "c0t0d0s0");
        myhost.Mounts.Add(new TopologyMount { Special = "/dev/md/dsk/d1", MountPoint = "/home1", Options = "rw,intr,largefiles,logging,xattr,onerror=panic,dev=1540001" });
        myhost.Metadevices.Add(new TopologyMetadevice { Name = "d1", Type = "mirror", Submirrors = { "d2", "d3" } });
        myhost.Metadevices.Add(Stripe("d2", "c0t0d0s7", "id1,sd@SSEAGATE_ST336607LSUN36G_3JA69DGJ00007414CGBC"));
        myhost.Metadevices.Add(Stripe("d3", "c0t1d0s7", "id1,sd@SSEAGATE_ST336607LSUN36G_3JA6LR7N00007422W6QK"));
        topology.Nodes.Add(myhost);

        foreach (var name in new[] { "phys-schost-1", "phys-schost-2" })
        {
            var node = new TopologyNode { Name = name };
            AddBaseMounts(node, "c0t0d0s0");
            node.Mounts.Add(new TopologyMount { Special = "/dev/md/schost-1/dsk/d0", MountPoint = "/global/schost-1", Options = "rw,intr,largefiles,logging,xattr,onerror=panic,global,dev=1544000" });
            topology.Nodes.Add(node);
        }

        var set = new TopologyDiskSet { Name = "schost-1", Number = 1, Owner = "phys-schost-1", Hosts = { "phys-schost-1", "phys-schost-2" } };
        set.Drives.Add(new TopologyDrive { Name = "d4" });
        set.Drives.Add(new TopologyDrive { Name = "d6" });
        set.Drives.Add(new TopologyDrive { Name = "d8" });
        set.Metadevices.Add(new TopologyMetadevice { Name = "d0", Type = "mirror", Submirrors = { "d10", "d20", "d30" } });
        set.Metadevices.Add(Stripe("d10", "d4s0", "id1,ssd@n600a0b80001137e40000a2b84c3f1e2d"));
        set.Metadevices.Add(Stripe("d20", "d6s0", "id1,ssd@n600a0b80001137e40000a2bb4c3f1e6a"));
        set.Metadevices.Add(Stripe("d30", "d8s0", "id1,ssd@n600a0b80001137e40000a2be4c3f1ea5"));
        topology.Sets.Add(set);
        return topology;
    }

    private static void AddBaseMounts(TopologyNode node, string rootSlice)
    {
        node.Mounts.Add(new TopologyMount { Special = "/dev/dsk/" + rootSlice, MountPoint = "/", Options = "rw,intr,largefiles,logging,xattr,onerror=panic,dev=2200000" });
        node.Mounts.Add(new TopologyMount { Special = "/devices", MountPoint = "/devices", FsType = "devfs", Options = "dev=4a00000" });
        node.Mounts.Add(new TopologyMount { Special = "proc", MountPoint = "/proc", FsType = "proc", Options = "dev=4b40000" });
        node.Mounts.Add(new TopologyMount { Special = "swap", MountPoint = "/tmp", FsType = "tmpfs", Options = "xattr,dev=4c80002" });
        node.Directories.AddRange(new[] { "/etc", "/usr", "/usr/sbin", "/var", "/var/tmp", "/opt", "/export", "/export/home" });
    }

    private static TopologyMetadevice Stripe(string name, string component, string devId) => new TopologyMetadevice
    {
        Name = name,
        Type = "stripe",
        SizeBlocks = GigabyteBlocks,
        Components = { new TopologyComponent { Name = component, StartBlock = 0, DevId = devId } },
    };
}
