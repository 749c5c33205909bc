using System.Linq;
using System.Text;
using SvmBackup.Simulator.Rendering;
using SvmBackup.Simulator.State;

namespace SvmBackup.Simulator.Tools;

/// <summary>metastat.c: default report, -p, -c, -q, -s, -a, named devices, relocation trailer.</summary>
internal static class MetastatTool
{
    private const string Usage = "usage:\t{0} [-s setname] [-a][-c][-B][-D][-r][-i][-p] [-t] [metadevice...]\n";

    public static int Run(ToolContext ctx)
    {
        var opts = Getopt.Parse(ctx.Args, "acSs:hpBDrtiq?");
        if (opts.Bad != null || opts.Has('h'))
        {
            var help = opts.Has('h') || opts.Bad == '?';
            if (!help)
            {
                ctx.Err(opts.Diagnostic(ctx.Prog));
            }
            ctx.Err(string.Format(Usage, ctx.Prog));
            return help ? 0 : 1;
        }
        if (opts.Has('a') && opts.Has('s'))
        {
            ctx.Err(ctx.Prog + ": incompatible options: -a and -s\n");
            ctx.Err(string.Format(Usage, ctx.Prog));
            return 1;
        }
        if (opts.Has('i') && !ctx.IsRoot)
        {
            ctx.Err(ctx.Prog + ": -i option requires super-user privilages\n");
            return 1;
        }
        var concise = opts.Has('c');
        var mdtab = opts.Has('p');
        var trailer = !opts.Has('q') && !concise && !mdtab;
        var output = new StringBuilder();
        var errors = new StringBuilder();
        var exit = ctx.Transact(cluster =>
        {
            var node = cluster.Node(ctx.Node)!;
            if (opts.Has('a'))
            {
                var scopes = new[] { cluster.LocalScope(node) }
                    .Concat(cluster.State.Sets.Where(s => s.Owner == ctx.Node && s.Hosts.Contains(ctx.Node)).Select(s => new DeviceScope(null, s)));
                foreach (var scope in scopes)
                {
                    Report(ctx, cluster, scope, opts, concise, mdtab, trailer, output, errors);
                    output.Append('\n');
                }
                return 0;
            }
            var setName = opts.Value('s');
            var first = opts.Operands.FirstOrDefault();
            if (setName == null && first != null && Cluster.ParseMetaName(first, out var prefixSet, out _, out _) && prefixSet != null)
            {
                setName = prefixSet; // "metastat schost-1/d0" selects the set like -s does
            }
            var resolved = cluster.ResolveScope(ctx.Node, setName, out var unknown);
            if (resolved == null)
            {
                errors.Append(Error(ctx, "setname \"" + unknown + "\"", "no such set"));
                return 1;
            }
            if (resolved.Set != null && resolved.Set.Owner != ctx.Node)
            {
                errors.Append(Error(ctx, resolved.Set.Name, "must be owner of the set for this command"));
                return 1;
            }
            return Report(ctx, cluster, resolved, opts, concise, mdtab, trailer, output, errors);
        });
        ctx.Out(output.ToString());
        ctx.Err(errors.ToString());
        return exit;
    }

    private static int Report(ToolContext ctx, Cluster cluster, DeviceScope scope, Getopt opts, bool concise, bool mdtab, bool trailer, StringBuilder output, StringBuilder errors)
    {
        var report = new MetastatRenderer(cluster, scope, output, opts.Has('t'));
        if (opts.Operands.Count == 0 || opts.Has('a'))
        {
            if (concise)
            {
                new ConciseRenderer(cluster, scope, output).All();
            }
            else if (mdtab)
            {
                new MdTabRenderer(scope, output).All();
            }
            else
            {
                report.All();
            }
            if (trailer)
            {
                report.Trailer();
            }
            return 0;
        }
        var eval = 0;
        foreach (var operand in opts.Operands)
        {
            var ok = Cluster.ParseMetaName(operand, out _, out var shortName, out _);
            var device = ok ? scope.Find(shortName) : null;
            if (device == null && !LegalName(shortName))
            {
                // Source quirk: MDE_NAME_ILLEGAL is cleared "as already printed" without being printed.
                eval = 1;
                continue;
            }
            if (device == null)
            {
                // why: metaname() of a missing /dev/md node fails with ENOENT, reported with the basename typed.
                errors.Append(Error(ctx, shortName, "No such file or directory"));
                eval = 1;
                continue;
            }
            if (concise)
            {
                new ConciseRenderer(cluster, scope, output).Device(device, 0);
            }
            else if (mdtab)
            {
                new MdTabRenderer(scope, output).Device(device);
            }
            else
            {
                report.Device(device);
            }
        }
        // The trailer only follows when every name succeeded.
        if (trailer && eval == 0)
        {
            report.Trailer();
        }
        return eval;
    }

    /// <summary>meta_canonicalize_check_set: a letter, then [A-Za-z0-9._-]; "all"/"none" reserved.</summary>
    private static bool LegalName(string name) =>
        name.Length > 0 && char.IsLetter(name[0]) && name.All(c => char.IsLetterOrDigit(c) || c == '.' || c == '_' || c == '-') &&
        name != "all" && name != "none";

    private static string Error(ToolContext ctx, string name, string text) => ctx.Prog + ": " + ctx.Node + ": " + name + ": " + text + "\n\n";
}
