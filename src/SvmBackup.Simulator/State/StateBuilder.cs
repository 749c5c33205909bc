using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SvmBackup.Simulator.Storage;
using SvmBackup.Simulator.Topology;

namespace SvmBackup.Simulator.State;

/// <summary>Turns a topology into a fresh state, creating one sparse backing file per stripe.</summary>
internal static class StateBuilder
{
    public static HostState Build(SimulatorTopology topology, string stateDirectory, DateTime utcNow)
    {
        var state = new HostState { CreatedUtc = utcNow };
        var mountTime = (long)(utcNow - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds - 86400;
        foreach (var tn in topology.Nodes)
        {
            var node = new NodeState { Name = tn.Name, Directories = tn.Directories.ToList() };
            node.Mounts.AddRange(tn.Mounts.Select(m => new MountEntry { Special = m.Special, MountPoint = m.MountPoint, FsType = m.FsType, Options = m.Options, Time = mountTime }));
            node.Devices = Devices(tn.Metadevices, tn.Name, stateDirectory);
            state.Nodes.Add(node);
        }
        foreach (var ts in topology.Sets)
        {
            var set = new DiskSetState
            {
                Name = ts.Name,
                Number = ts.Number,
                Owner = ts.Owner,
                Hosts = ts.Hosts.ToList(),
                Drives = ts.Drives.Select(d => new DriveEntry { Name = d.Name, Dbase = d.Dbase }).ToList(),
            };
            set.Devices = Devices(ts.Metadevices, "set-" + ts.Name, stateDirectory);
            state.Sets.Add(set);
        }
        // A mounted file system's on-disk superblock is "active": copies of it need fsck's superblock fix.
        foreach (var node in state.Nodes)
        {
            foreach (var mount in node.Mounts)
            {
                if (!Cluster.ParseMetaName(mount.Special, out var setName, out var name, out var isPath) || !isPath)
                {
                    continue;
                }
                var devices = setName == null ? node.Devices : state.Sets.FirstOrDefault(s => s.Name == setName)?.Devices;
                var device = devices?.FirstOrDefault(d => d.Name == name);
                if (device == null)
                {
                    continue;
                }
                device.Super = new Superblock { LastMounted = mount.MountPoint, StateWrong = true };
                foreach (var slot in device.Submirrors)
                {
                    devices!.First(d => d.Name == slot.Name).Super = Cluster.Copy(device.Super);
                }
            }
        }
        return state;
    }

    private static List<Metadevice> Devices(List<TopologyMetadevice> specs, string scopeKey, string stateDirectory)
    {
        var devices = new List<Metadevice>();
        foreach (var spec in specs)
        {
            if (string.Equals(spec.Type, "mirror", StringComparison.OrdinalIgnoreCase))
            {
                devices.Add(new Metadevice
                {
                    Name = spec.Name,
                    Kind = MetadeviceKind.Mirror,
                    Pass = spec.Pass,
                    Submirrors = spec.Submirrors.Select(s => new SubmirrorSlot { Name = s }).ToList(),
                });
                continue;
            }
            var stripe = new Metadevice
            {
                Name = spec.Name,
                Kind = MetadeviceKind.Stripe,
                SizeBlocks = spec.SizeBlocks,
                Interlace = spec.Interlace,
                Components = spec.Components.Select(c => new Component { Name = c.Name, StartBlock = c.StartBlock, Dbase = c.Dbase, DevId = c.DevId }).ToList(),
                BackingFile = Path.Combine("disks", scopeKey, spec.Name + ".img"),
                Super = new Superblock { LastMounted = "/mnt" },
            };
            BackingStore.Create(Path.Combine(stateDirectory, stripe.BackingFile), stripe.SizeBlocks);
            devices.Add(stripe);
        }
        foreach (var mirror in devices.Where(d => d.Kind == MetadeviceKind.Mirror))
        {
            var subs = mirror.Submirrors.Select(s => devices.FirstOrDefault(d => d.Name == s.Name)
                                                      ?? throw new InvalidDataException($"mirror {mirror.Name}: unknown submirror {s.Name}")).ToList();
            foreach (var sub in subs)
            {
                sub.Parent = mirror.Name;
            }
            mirror.SizeBlocks = subs.Count == 0 ? 0 : subs.Min(s => s.SizeBlocks);
        }
        return devices;
    }
}
