using System.Collections.Generic;
using System.Linq;
using System.Text;
using SvmBackup.Simulator.State;

namespace SvmBackup.Simulator.Rendering;

/// <summary>metastat's default report (meta_mirror.c:mirror_report, meta_stripe.c:stripe_report) and relocation trailer.</summary>
internal sealed class MetastatRenderer
{
    private readonly Cluster _cluster;
    private readonly DeviceScope _scope;
    private readonly StringBuilder _out;

    public MetastatRenderer(Cluster cluster, DeviceScope scope, StringBuilder output, bool times = false)
    {
        _cluster = cluster;
        _scope = scope;
        _out = output;
        _times = times;
    }

    private readonly bool _times;

    /// <summary>Disks (ctd without slice) in print order; the trailer lists them reversed (meta_getdevs prepends).</summary>
    public List<Component> Disks { get; } = new List<Component>();

    /// <summary>Driver order: mirrors, then stripes; parented devices are printed nested under their parent.</summary>
    public void All()
    {
        foreach (var mirror in _scope.Mirrors)
        {
            Mirror(mirror);
        }
        foreach (var stripe in _scope.Devices.Where(d => d.Kind == MetadeviceKind.Stripe && d.Parent == null))
        {
            Stripe(stripe);
        }
    }

    public void Device(Metadevice device)
    {
        if (device.Kind == MetadeviceKind.Mirror)
        {
            Mirror(device);
        }
        else
        {
            Stripe(device);
        }
    }

    public void Mirror(Metadevice mirror)
    {
        var name = _scope.CName(mirror.Name);
        _out.Append(name).Append(": Mirror\n");
        for (var i = 0; i < mirror.Submirrors.Count; i++)
        {
            var slot = mirror.Submirrors[i];
            _out.Append("    Submirror ").Append(i).Append(": ").Append(_scope.CName(slot.Name)).Append('\n');
            _out.Append("      State: ").Append(SubmirrorStateName(mirror, slot).PadRight(12)).Append(' ').Append(SlotTime(slot)).Append('\n');
        }
        var target = mirror.Submirrors.FirstOrDefault(s => s.IsResyncTarget);
        if (target != null)
        {
            _out.Append("    Resync in progress: ").Append(_cluster.ResyncPercent(target)).Append(" % done\n");
        }
        _out.Append("    Pass: ").Append(mirror.Pass).Append('\n');
        _out.Append("    Read option: roundrobin (default)\n");
        _out.Append("    Write option: parallel (default)\n");
        _out.Append("    Size: ").Append(mirror.SizeBlocks).Append(" blocks (").Append(SizeFormatter.Format(mirror.SizeBlocks)).Append(")\n");
        foreach (var slot in mirror.Submirrors)
        {
            var stripe = _scope.Find(slot.Name)!;
            _out.Append('\n');
            _out.Append(_scope.CName(slot.Name)).Append(": Submirror of ").Append(name).Append('\n');
            _out.Append("    State: ").Append(SubmirrorStateName(mirror, slot).PadRight(12)).Append(' ').Append(SlotTime(slot)).Append('\n');
            var action = Action(mirror, slot, stripe);
            if (action != null)
            {
                _out.Append("    Invoke: ").Append(action).Append('\n');
            }
            StripeBody(stripe, parented: true);
        }
        _out.Append('\n');
    }

    /// <summary>A stripe printed by itself: "Concat/Stripe" header; the State column only when it has a parent.</summary>
    public void Stripe(Metadevice stripe)
    {
        _out.Append(_scope.CName(stripe.Name)).Append(": Concat/Stripe\n");
        StripeBody(stripe, parented: stripe.Parent != null);
    }

    private void StripeBody(Metadevice stripe, bool parented)
    {
        _out.Append("    Size: ").Append(stripe.SizeBlocks).Append(" blocks (").Append(SizeFormatter.Format(stripe.SizeBlocks)).Append(")\n");
        _out.Append("    Stripe 0:");
        if (stripe.Components.Count > 1)
        {
            _out.Append(" (interlace: ").Append(stripe.Interlace).Append(" blocks)");
        }
        _out.Append('\n');
        var len = System.Math.Max(6, stripe.Components.Max(c => c.Name.Length)) + 2;
        if (parented && _times)
        {
            _out.Append('\t').Append("Device".PadRight(len)).Append(' ').Append("Start".PadLeft(5)).Append(' ').Append("Dbase".PadLeft(5)).Append(' ')
                .Append("State".PadRight(11)).Append(' ').Append("Reloc".PadRight(5)).Append(' ').Append("Hot Spare".PadRight(9)).Append(" Time\n");
        }
        else if (parented)
        {
            _out.Append('\t').Append(Fit("Device", len)).Append(' ').Append(Fit("Start Block", 12)).Append(' ')
                .Append(Right("Dbase", 5)).Append(' ').Append(Right("State", 12)).Append(' ').Append(Right("Reloc", 5)).Append(" Hot Spare\n");
        }
        else
        {
            _out.Append('\t').Append(Fit("Device", len)).Append(' ').Append(Fit("Start Block", 12)).Append(' ').Append(Fit("Dbase", 5)).Append("\tReloc\n");
        }
        foreach (var c in stripe.Components)
        {
            Disks.Add(c);
            var start = c.StartBlock.ToString().PadLeft(8);
            var dbase = (c.Dbase ? "Yes" : "No").PadRight(5);
            if (parented && _times)
            {
                _out.Append('\t').Append(c.Name.PadRight(len)).Append(' ').Append(c.StartBlock.ToString().PadLeft(5)).Append(' ').Append(dbase).Append(' ')
                    .Append(_cluster.ComponentState(_scope, stripe, c).PadRight(11)).Append(' ').Append((c.DevId != null ? "Yes" : "No ").PadRight(5)).Append(' ')
                    .Append("".PadRight(9)).Append(' ').Append(SolarisDate.Format(_cluster.ComponentStateTime(_scope, stripe, c).ToLocalTime())).Append('\n');
            }
            else if (parented)
            {
                _out.Append('\t').Append(c.Name.PadRight(len)).Append(' ').Append(start).Append("     ").Append(dbase).Append(' ')
                    .Append(Right(_cluster.ComponentState(_scope, stripe, c), 12)).Append(' ').Append(Right(c.DevId != null ? "Yes" : "No ", 5)).Append(" \n");
            }
            else
            {
                _out.Append('\t').Append(c.Name.PadRight(len)).Append(' ').Append(start).Append("     ").Append(dbase).Append('\t')
                    .Append(c.DevId != null ? "Yes" : "No").Append('\n');
            }
        }
        _out.Append('\n');
    }

    /// <summary>meta_print_devid: "Device Relocation Information:" + "%-*s %-5s\t%s" rows, len = longest disk name + 2.</summary>
    public void Trailer()
    {
        var disks = new List<Component>();
        foreach (var c in Disks)
        {
            if (!disks.Any(d => DiskName(d.Name) == DiskName(c.Name)))
            {
                disks.Insert(0, c);
            }
        }
        if (disks.Count == 0)
        {
            return;
        }
        var len = disks.Max(d => DiskName(d.Name).Length) + 2;
        _out.Append("Device Relocation Information:\n");
        _out.Append("Device".PadRight(len)).Append(' ').Append("Reloc".PadRight(5)).Append("\tDevice ID\n");
        foreach (var d in disks)
        {
            _out.Append(DiskName(d.Name).PadRight(len)).Append(' ').Append((d.DevId != null ? "Yes" : "No ").PadRight(5)).Append('\t').Append(d.DevId ?? "-").Append('\n');
        }
    }

    /// <summary>c0t0d0s7 → c0t0d0; DID d4s0 → d4.</summary>
    public static string DiskName(string component)
    {
        var s = component.LastIndexOf('s');
        return s > 0 && s < component.Length - 1 && component.Substring(s + 1).All(char.IsDigit) ? component.Substring(0, s) : component;
    }

    /// <summary>sm_state_to_name: there is no "Offline" string; offline and erred submirrors read "Needs maintenance".</summary>
    public string SubmirrorStateName(Metadevice mirror, SubmirrorSlot slot)
    {
        if (slot.IsResyncTarget)
        {
            return "Resyncing";
        }
        if (slot.State != SubmirrorState.Okay)
        {
            return "Needs maintenance";
        }
        var stripe = _scope.Find(slot.Name);
        return stripe != null && _cluster.HasErredComponents(_scope, stripe) ? "Needs maintenance" : "Okay";
    }

    private string? Action(Metadevice mirror, SubmirrorSlot slot, Metadevice stripe)
    {
        if (Cluster.ResyncActive(mirror))
        {
            return null;
        }
        var mirrorName = _scope.CName(mirror.Name);
        if (slot.State == SubmirrorState.Offline)
        {
            return "metaonline " + mirrorName + " " + _scope.CName(slot.Name);
        }
        var erred = stripe.Components.FirstOrDefault(c => _cluster.ComponentState(_scope, stripe, c) == "Maintenance")
                    ?? stripe.Components.FirstOrDefault(c => _cluster.ComponentState(_scope, stripe, c) == "Last Erred");
        if (erred == null)
        {
            return null;
        }
        var replace = "metareplace " + mirrorName + " " + erred.Name + " <new device>";
        return _cluster.ComponentState(_scope, stripe, erred) == "Last Erred" ? "after replacing \"Maintenance\" components:\n\t\t" + replace : replace;
    }

    /// <summary>meta_print_time ("%a %b %e %T %Y") of the submirror's last state change, only with -t.</summary>
    private string SlotTime(SubmirrorSlot slot) =>
        _times ? SolarisDate.Format((slot.StateChangedUtc ?? _cluster.State.CreatedUtc).ToLocalTime()) : "";

    /// <summary>printf "%-N.Ns".</summary>
    private static string Fit(string s, int width) => (s.Length > width ? s.Substring(0, width) : s).PadRight(width);

    /// <summary>printf "%N.Ns".</summary>
    private static string Right(string s, int width) => (s.Length > width ? s.Substring(0, width) : s).PadLeft(width);
}
