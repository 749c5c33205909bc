using System.Linq;
using System.Text;
using SvmBackup.Simulator.Rendering;

namespace SvmBackup.Simulator.Tools;

/// <summary>metaset with no arguments (every set this host belongs to) and metaset -s setname (status only).</summary>
internal static class MetasetTool
{
    // [UNCONFIRMED] usage text abbreviated to the status/ownership forms; metaset.c:usage lists more admin forms.
    private const string Usage =
        "usage:\t{0} -s setname -a [-A enable | disable] -h hostname ...\n" +
        "\t{0} -s setname -a [-M] [-l length] [-L] drivename ...\n" +
        "\t{0} -s setname -d [-M] -h hostname ...\n" +
        "\t{0} -s setname -d [-M] [-f] drivename ...\n" +
        "\t{0} -s setname -A enable | disable\n" +
        "\t{0} -s setname -t [-f]\n" +
        "\t{0} -s setname -r\n" +
        "\t{0} [-s setname] -j [-M]\n" +
        "\t{0} [-s setname] -w [-M]\n" +
        "\t{0} -s setname -o [-M] [-h hostname]\n" +
        "\t{0} [-s setname]\n";

    public static int Run(ToolContext ctx)
    {
        var opts = Getopt.Parse(ctx.Args, "s:oh:M?");
        if (opts.Bad == '?')
        {
            ctx.Err(string.Format(Usage, ctx.Prog));
            return 0;
        }
        if (opts.Bad != null)
        {
            ctx.Err(ctx.Prog + ": unknown options\n" + string.Format(Usage, ctx.Prog));
            return 1;
        }
        if (opts.Operands.Count > 0)
        {
            ctx.Err(ctx.Prog + ": too many args\n" + string.Format(Usage, ctx.Prog));
            return 1;
        }
        var output = new StringBuilder();
        var setName = opts.Value('s');
        if (opts.Has('o'))
        {
            return Ownership(ctx, setName, opts.Value('h') ?? ctx.Node);
        }
        var exit = ctx.Transact(cluster =>
        {
            if (setName == null)
            {
                foreach (var set in cluster.State.Sets.Where(s => s.Hosts.Contains(ctx.Node)).OrderBy(s => s.Number))
                {
                    MetasetRenderer.Set(output, set, ctx.Node);
                }
                return 0;
            }
            var visible = cluster.VisibleSet(ctx.Node, setName);
            if (visible == null)
            {
                return -1;
            }
            MetasetRenderer.Set(output, visible, ctx.Node);
            return 0;
        });
        if (exit < 0)
        {
            return ctx.MetaError("setname \"" + setName + "\"", "no such set");
        }
        ctx.Out(output.ToString());
        return exit;
    }

    /// <summary>metaset -s set -o [-h host]: silent; exit 0 when the host owns the set (man page), else 1.</summary>
    private static int Ownership(ToolContext ctx, string? setName, string host)
    {
        if (setName == null)
        {
            ctx.Err(string.Format(Usage, ctx.Prog));
            return 1;
        }
        var owner = ctx.Transact(cluster => cluster.VisibleSet(ctx.Node, setName) is { } set ? set.Owner ?? "" : null);
        if (owner == null)
        {
            return ctx.MetaError("setname \"" + setName + "\"", "no such set");
        }
        return owner == host ? 0 : 1;
    }
}
