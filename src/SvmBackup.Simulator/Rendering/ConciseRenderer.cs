using System.Linq;
using System.Text;
using SvmBackup.Simulator.State;

namespace SvmBackup.Simulator.Rendering;

/// <summary>metastat -c (meta_statconcise.c): "%s%*s %c %6s" + children with (state) suffixes.</summary>
internal sealed class ConciseRenderer
{
    private readonly Cluster _cluster;
    private readonly DeviceScope _scope;
    private readonly StringBuilder _out;

    public ConciseRenderer(Cluster cluster, DeviceScope scope, StringBuilder output)
    {
        _cluster = cluster;
        _scope = scope;
        _out = output;
    }

    public void All()
    {
        foreach (var mirror in _scope.Mirrors)
        {
            Device(mirror, 0);
        }
        foreach (var stripe in _scope.Devices.Where(d => d.Kind == MetadeviceKind.Stripe && d.Parent == null))
        {
            Device(stripe, 0);
        }
    }

    public void Device(Metadevice device, int indent)
    {
        var name = _scope.CName(device.Name);
        _out.Append(new string(' ', indent)).Append(name.PadRight(16 - indent)).Append(' ')
            .Append(device.Kind == MetadeviceKind.Mirror ? 'm' : 's').Append(' ')
            .Append(SizeFormatter.Format(device.SizeBlocks).Replace(" ", "").PadLeft(6));
        if (device.Kind == MetadeviceKind.Mirror)
        {
            foreach (var slot in device.Submirrors)
            {
                _out.Append(' ').Append(_scope.CName(slot.Name)).Append(SubmirrorSuffix(slot));
            }
            _out.Append('\n');
            foreach (var slot in device.Submirrors)
            {
                Device(_scope.Find(slot.Name)!, indent + 4);
            }
            return;
        }
        foreach (var c in device.Components)
        {
            var state = _cluster.ComponentState(_scope, device, c);
            _out.Append(' ').Append(c.Name).Append(state == "Maintenance" ? " (maint)" : state == "Last Erred" ? " (last-erred)" : "");
        }
        _out.Append('\n');
    }

    /// <summary>get_sm_state: nothing when Okay, (resync-N%), (offline), (maint).</summary>
    private string SubmirrorSuffix(SubmirrorSlot slot)
    {
        if (slot.IsResyncTarget)
        {
            return " (resync-" + _cluster.ResyncPercent(slot) + "%)";
        }
        if (slot.State == SubmirrorState.Offline)
        {
            return " (offline)";
        }
        var stripe = _scope.Find(slot.Name);
        return stripe != null && _cluster.HasErredComponents(_scope, stripe) ? " (maint)" : "";
    }
}
