using System.Collections.Generic;

namespace SvmBackup.Simulator.Tools;

/// <summary>uname of a Solaris 10 sun4v host.</summary>
internal static class UnameTool
{
    public static int Run(ToolContext ctx)
    {
        var opts = Getopt.Parse(ctx.Args, "amnprsviX");
        if (opts.Bad != null || opts.Operands.Count > 0)
        {
            if (opts.Bad != null)
            {
                ctx.Err(opts.Diagnostic(ctx.Prog));
            }
            ctx.Err("usage:  uname [-amnprsvX]\n        uname [-S system_name]\n");
            return 1;
        }
        var all = opts.Has('a');
        var parts = new List<string>();
        if (all || opts.Has('s') || opts.Options.Count == 0)
        {
            parts.Add("SunOS");
        }
        if (all || opts.Has('n'))
        {
            parts.Add(ctx.Node);
        }
        if (all || opts.Has('r'))
        {
            parts.Add("5.10");
        }
        if (all || opts.Has('v'))
        {
            parts.Add("Generic_150400-59");
        }
        if (all || opts.Has('m'))
        {
            parts.Add("sun4v");
        }
        if (all || opts.Has('p'))
        {
            parts.Add("sparc");
        }
        if (all || opts.Has('i'))
        {
            parts.Add("sun4v");
        }
        ctx.Out(string.Join(" ", parts) + "\n");
        return 0;
    }
}
