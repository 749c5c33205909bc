using System.Linq;
using SvmBackup.Simulator.State;

namespace SvmBackup.Simulator.Tools;

/// <summary>
/// metaoffline / metaonline / metadetach / metattach (mirror forms): userland checks in the order of the commands'
/// main() (root, set, names, ownership, type) then the kernel's checks (mirror_ioctl.c) in its order.
/// </summary>
internal static class MirrorCommandTool
{
    private const string NoPerm = "Permission denied.  You must have root privilege to execute this command.";

    public static int Run(ToolContext ctx)
    {
        var prog = ctx.Prog;
        var spec = prog == "metattach" ? "hs:i:A:?" : prog == "metaonline" ? "hs:?" : "hs:f?";
        var opts = Getopt.Parse(ctx.Args, spec);
        var wantsHelp = opts.Has('h') || opts.Bad == '?';
        var arity = prog == "metattach" ? opts.Operands.Count is 1 or 2 : opts.Operands.Count == 2;
        if (wantsHelp || opts.Bad != null || !arity)
        {
            if (opts.Bad != null && !wantsHelp)
            {
                ctx.Err(opts.Diagnostic(prog));
            }
            ctx.Err(UsageText(prog));
            return wantsHelp ? 0 : 1;
        }
        if (!ctx.IsRoot)
        {
            return ctx.MetaError(null, NoPerm);
        }
        var force = opts.Has('f');
        string? stdout = null;
        string? stderr = null;
        var exit = ctx.Transact(cluster =>
        {
            var setName = opts.Value('s');
            var mirrorOperand = opts.Operands[0];
            Cluster.ParseMetaName(mirrorOperand, out var prefixSet, out var mirrorName, out _);
            setName ??= prefixSet;
            var scope = cluster.ResolveScope(ctx.Node, setName, out var unknown);
            if (scope == null)
            {
                stderr = Error(ctx, "setname \"" + unknown + "\"", "no such set");
                return 1;
            }
            var mirror = Cluster.IsMetaName(mirrorName) ? scope.Find(mirrorName) : null;
            if (mirror == null)
            {
                stderr = Error(ctx, mirrorName, "No such file or directory");
                return 1;
            }
            string? smName = null;
            Metadevice? sm = null;
            if (opts.Operands.Count > 1)
            {
                var isMeta = Cluster.ParseMetaName(opts.Operands[1], out _, out smName, out _);
                sm = isMeta ? scope.Find(smName) : null;
                if (sm == null && (isMeta || prog != "metattach"))
                {
                    stderr = Error(ctx, smName, "No such file or directory");
                    return 1;
                }
            }
            if (scope.Set != null && scope.Set.Owner != ctx.Node)
            {
                stderr = Error(ctx, scope.Set.Name, "must be owner of the set for this command");
                return 1;
            }
            var m = scope.CName(mirror.Name);
            if (mirror.Kind != MetadeviceKind.Mirror)
            {
                if (prog == "metaoffline" || prog == "metaonline")
                {
                    stderr = Error(ctx, m, "unit is not a mirror");
                }
                else
                {
                    // md_eprintf: no host, no blank line.
                    stderr = prog + ": " + m + ": invalid metadevice type md_stripe\n";
                }
                return 1;
            }
            if (prog == "metattach" && opts.Operands.Count == 1)
            {
                return 0; // growing a mirror whose submirrors did not grow: nothing to do
            }
            string? failure;
            switch (prog)
            {
                case "metaoffline":
                    failure = Offline(cluster, scope, mirror, sm!, force);
                    break;
                case "metaonline":
                    failure = Online(cluster, scope, mirror, sm!);
                    break;
                case "metadetach":
                    failure = Detach(cluster, scope, mirror, sm!, force);
                    break;
                default:
                    failure = Attach(cluster, ctx, scope, mirror, sm, smName!);
                    break;
            }
            if (failure != null)
            {
                stderr = failure.StartsWith(prog + ":") ? failure : Error(ctx, null, failure);
                return 1;
            }
            var verb = prog == "metaoffline" ? "offlined" : prog == "metaonline" ? "onlined" : prog == "metadetach" ? "detached" : "attached";
            stdout = m + ": submirror " + scope.CName(sm!.Name) + " is " + verb + "\n";
            return 0;
        });
        if (stdout != null)
        {
            ctx.Out(stdout);
        }
        if (stderr != null)
        {
            ctx.Err(stderr);
        }
        return exit;
    }

    /// <summary>mirror_offline: resync, find, state (unless -f), other readable source (even with -f).</summary>
    private static string? Offline(Cluster cluster, DeviceScope scope, Metadevice mirror, Metadevice sm, bool force)
    {
        var m = scope.CName(mirror.Name);
        if (Cluster.ResyncActive(mirror))
        {
            return m + ": resync in progress";
        }
        var slot = mirror.Submirrors.FirstOrDefault(s => s.Name == sm.Name);
        if (slot == null)
        {
            return m + ": can't find submirror in mirror";
        }
        var running = slot.State == SubmirrorState.Okay && !cluster.HasErredComponents(scope, sm);
        if (!running && !force)
        {
            return m + ": attempt operation on a submirror in illegal state";
        }
        if (!mirror.Submirrors.Any(s => s != slot && cluster.IsReadable(scope, s)))
        {
            return m + ": operation would result in no readable submirrors";
        }
        slot.State = SubmirrorState.Offline;
        slot.StateChangedUtc = cluster.UtcNow;
        slot.Dirty.Clear();
        sm.Super = Cluster.Copy(mirror.Super); // the frozen copy carries the superblock of the live fs
        return null;
    }

    /// <summary>mirror_online: find, must be OFFLINE, no resync; starts the optimized (dirty-region) resync.</summary>
    private static string? Online(Cluster cluster, DeviceScope scope, Metadevice mirror, Metadevice sm)
    {
        var m = scope.CName(mirror.Name);
        var slot = mirror.Submirrors.FirstOrDefault(s => s.Name == sm.Name);
        if (slot == null)
        {
            return m + ": can't find submirror in mirror";
        }
        if (slot.State != SubmirrorState.Offline)
        {
            return m + ": attempt operation on a submirror in illegal state";
        }
        if (Cluster.ResyncActive(mirror))
        {
            return m + ": resync in progress";
        }
        var regions = slot.Dirty.ToList();
        slot.Dirty.Clear();
        cluster.StartResync(mirror, slot, regions, SubmirrorState.OfflineResync);
        return null;
    }

    /// <summary>mirror_detach: resync, find, last submirror, other readable source, erred components (unless -f).</summary>
    private static string? Detach(Cluster cluster, DeviceScope scope, Metadevice mirror, Metadevice sm, bool force)
    {
        var m = scope.CName(mirror.Name);
        if (Cluster.ResyncActive(mirror))
        {
            return m + ": resync in progress";
        }
        var slot = mirror.Submirrors.FirstOrDefault(s => s.Name == sm.Name);
        if (slot == null)
        {
            return m + ": can't find submirror in mirror";
        }
        if (mirror.Submirrors.Count == 1)
        {
            return m + ": attempt to detach last running submirror";
        }
        if (!mirror.Submirrors.Any(s => s != slot && cluster.IsReadable(scope, s)))
        {
            return m + ": operation would result in no readable submirrors";
        }
        if (cluster.HasErredComponents(scope, sm) && !force)
        {
            return m + ": attempt an operation on a submirror that has erred components";
        }
        if (slot.State == SubmirrorState.Okay)
        {
            sm.Super = Cluster.Copy(mirror.Super);
        }
        mirror.Submirrors.Remove(slot); // later slots shift down: Submirror N indices are renumbered
        sm.Parent = null;
        return null;
    }

    /// <summary>meta_check_submirror (userland) then mirror_attach (kernel); starts a full resync.</summary>
    private static string? Attach(Cluster cluster, ToolContext ctx, DeviceScope scope, Metadevice mirror, Metadevice? sm, string smName)
    {
        if (sm == null)
        {
            return smName + ": not a metadevice";
        }
        var s = scope.CName(sm.Name);
        foreach (var node in cluster.State.Nodes)
        {
            var mount = cluster.MountOf(node, scope, sm.Name);
            if (mount != null)
            {
                return s + ": is mounted on " + mount.MountPoint;
            }
        }
        if (sm.Kind != MetadeviceKind.Stripe || sm.Parent != null || sm == mirror)
        {
            return s + ": invalid unit";
        }
        if (mirror.Submirrors.Count >= 4)
        {
            return scope.CName(mirror.Name) + ": mirror has maximum number of submirrors";
        }
        if (cluster.IsOpen(scope, sm.Name))
        {
            return s + ": metadevice is open";
        }
        if (sm.SizeBlocks < mirror.SizeBlocks)
        {
            return s + ": submirror too small to attach";
        }
        var slot = new SubmirrorSlot { Name = sm.Name };
        mirror.Submirrors.Add(slot);
        sm.Parent = mirror.Name;
        cluster.StartResync(mirror, slot, null, SubmirrorState.AttachedResync);
        return null;
    }

    private static string Error(ToolContext ctx, string? name, string text) =>
        ctx.Prog + ": " + ctx.Node + ": " + (name == null ? "" : name + ": ") + text + "\n\n";

    private static string UsageText(string prog)
    {
        switch (prog)
        {
            case "metaoffline":
                return "usage:\t" + prog + " [-s setname] [-f] mirror submirror\n";
            case "metaonline":
                return "usage:\t" + prog + " [-s setname] mirror submirror\n";
            case "metadetach":
                return "usage:\t" + prog + " [-s setname] [-f] mirror submirror\n\t" + prog + " [-s setname] [-f] trans\n";
            default:
                return "usage:\t" + prog + " [-s setname] mirror [metadevice]\n\t" + prog + " [-s setname] [-i interlace] concat/stripe component...\n\t"
                       + prog + " [-s setname] RAID component...\n\t" + prog + " [-s setname] [-A alignment] softpart size|all\n";
        }
    }
}
