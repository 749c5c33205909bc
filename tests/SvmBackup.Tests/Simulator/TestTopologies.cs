using SvmBackup.Simulator;
using SvmBackup.Simulator.Topology;

namespace SvmBackup.Tests.Simulator;

/// <summary>Small devices (4 MiB) so data tests can compare whole devices; extra units for metattach refusals.</summary>
internal static class TestTopologies
{
    public const long Size = 8192;

    /// <summary>
    /// host1: d1 = d2 + d3 on /data; d4 spare (same size); d5 too small; d20 = d21 (one-way);
    /// d30 = d31..d34 (four-way); d35 spare.
    /// </summary>
    public static SimulatorTopology Small()
    {
        var node = new TopologyNode { Name = "host1" };
        node.Mounts.Add(new TopologyMount { Special = "/dev/dsk/c0t0d0s0", MountPoint = "/" });
        node.Mounts.Add(new TopologyMount { Special = "swap", MountPoint = "/tmp", FsType = "tmpfs", Options = "xattr" });
        node.Mounts.Add(new TopologyMount { Special = "/dev/md/dsk/d1", MountPoint = "/data" });
        node.Metadevices.Add(Mirror("d1", "d2", "d3"));
        node.Metadevices.Add(Stripe("d2", "c1t0d0s0"));
        node.Metadevices.Add(Stripe("d3", "c1t1d0s0"));
        node.Metadevices.Add(Stripe("d4", "c1t2d0s0"));
        node.Metadevices.Add(Stripe("d5", "c1t3d0s0", Size / 2));
        node.Metadevices.Add(Mirror("d20", "d21"));
        node.Metadevices.Add(Stripe("d21", "c1t4d0s0"));
        node.Metadevices.Add(Mirror("d30", "d31", "d32", "d33", "d34"));
        node.Metadevices.Add(Stripe("d31", "c2t0d0s0"));
        node.Metadevices.Add(Stripe("d32", "c2t1d0s0"));
        node.Metadevices.Add(Stripe("d33", "c2t2d0s0"));
        node.Metadevices.Add(Stripe("d34", "c2t3d0s0"));
        node.Metadevices.Add(Stripe("d35", "c2t4d0s0"));
        var topology = new SimulatorTopology();
        topology.Nodes.Add(node);
        return topology;
    }

    private static TopologyMetadevice Mirror(string name, params string[] submirrors)
    {
        var mirror = new TopologyMetadevice { Name = name, Type = "mirror" };
        mirror.Submirrors.AddRange(submirrors);
        return mirror;
    }

    private static TopologyMetadevice Stripe(string name, string component, long size = Size) => new()
    {
        Name = name,
        Type = "stripe",
        SizeBlocks = size,
        Components = { new TopologyComponent { Name = component, DevId = "id1,sd@SSEAGATE_ST336607LSUN36G_" + component.ToUpperInvariant() } },
    };
}
