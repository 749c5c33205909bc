using System.Collections.Generic;
using System.Linq;

namespace SvmBackup.Simulator.State;

/// <summary>A metadevice namespace: a node's local set or a disk set. Knows how names print (cname) and what device paths look like.</summary>
internal sealed class DeviceScope
{
    public DeviceScope(NodeState? node, DiskSetState? set)
    {
        LocalNode = node;
        Set = set;
    }

    public NodeState? LocalNode { get; }
    public DiskSetState? Set { get; }
    public string? SetName => Set?.Name;
    public List<Metadevice> Devices => Set?.Devices ?? LocalNode!.Devices;
    /// <summary>Unique key for backing files, open handles and fault matching.</summary>
    public string Key => Set != null ? "set-" + Set.Name : LocalNode!.Name;

    public Metadevice? Find(string shortName) => Devices.FirstOrDefault(d => d.Name == shortName);

    public string CName(string shortName) => Set == null ? shortName : Set.Name + "/" + shortName;

    public string RawPath(string shortName) => Set == null ? "/dev/md/rdsk/" + shortName : "/dev/md/" + Set.Name + "/rdsk/" + shortName;

    public string BlockPath(string shortName) => Set == null ? "/dev/md/dsk/" + shortName : "/dev/md/" + Set.Name + "/dsk/" + shortName;

    public IEnumerable<Metadevice> Mirrors => Devices.Where(d => d.Kind == MetadeviceKind.Mirror);

    public Metadevice? ParentOf(Metadevice stripe) => stripe.Parent == null ? null : Find(stripe.Parent);
}
