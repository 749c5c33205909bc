using System.Linq;
using System.Text;
using SvmBackup.Simulator.State;

namespace SvmBackup.Simulator.Rendering;

/// <summary>
/// metastat -p in the Solaris 10 GA (pre-2006, "short cname") vintage: members and components by cname
/// ("d1 -m d2 d3 1", "d2 1 1 c0t0d0s7") — the form the cluster seed shows ("schost-1/d10 1 1 d4s0").
/// </summary>
internal sealed class MdTabRenderer
{
    private readonly DeviceScope _scope;
    private readonly StringBuilder _out;

    public MdTabRenderer(DeviceScope scope, StringBuilder output)
    {
        _scope = scope;
        _out = output;
    }

    public void All()
    {
        foreach (var mirror in _scope.Mirrors)
        {
            Device(mirror);
        }
        foreach (var stripe in _scope.Devices.Where(d => d.Kind == MetadeviceKind.Stripe && d.Parent == null))
        {
            Device(stripe);
        }
    }

    /// <summary>A mirror line is followed by its submirrors' lines.</summary>
    public void Device(Metadevice device)
    {
        if (device.Kind == MetadeviceKind.Mirror)
        {
            _out.Append(_scope.CName(device.Name)).Append(" -m");
            foreach (var slot in device.Submirrors)
            {
                _out.Append(' ').Append(_scope.CName(slot.Name));
            }
            _out.Append(' ').Append(device.Pass).Append('\n');
            foreach (var slot in device.Submirrors)
            {
                Device(_scope.Find(slot.Name)!);
            }
            return;
        }
        _out.Append(_scope.CName(device.Name)).Append(" 1 ").Append(device.Components.Count);
        foreach (var c in device.Components)
        {
            _out.Append(' ').Append(c.Name);
        }
        if (device.Components.Count > 1)
        {
            _out.Append(" -i ").Append(device.Interlace).Append('b');
        }
        _out.Append('\n');
    }
}
