using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SvmBackup.Simulator.State;

namespace SvmBackup.Simulator.Tools;

/// <summary>
/// lockfs.c: silent lock operations, "%-20s %-10s %s" status table, perror(fn) + exit 2 per failing name.
/// A path that is not a mount point acts on the file system containing it (the ioctl goes to whatever fs holds the path).
/// </summary>
internal static class LockfsTool
{
    private const string Usage = "usage: lockfs [-dfhnuw] [-c string] [-a] [file system ...]\n";

    public static int Run(ToolContext ctx)
    {
        var opts = Getopt.Parse(ctx.Args, "vfwnduheac:");
        if (opts.Bad != null)
        {
            ctx.Err(opts.Diagnostic(ctx.Prog));
            ctx.Out(Usage);
            return 1;
        }
        // The last of -w -n -d -h -e -u -f wins.
        string? op = null;
        foreach (var o in opts.Options)
        {
            switch (o.Key)
            {
                case 'w': op = "write"; break;
                case 'n': op = "name"; break;
                case 'd': op = "delete"; break;
                case 'h': op = "hard"; break;
                case 'e': op = "error"; break;
                case 'u': op = "unlock"; break;
                case 'f': op = "flush"; break;
            }
        }
        var comment = opts.Value('c') ?? "";
        var all = opts.Has('a');
        var lockedOnly = ctx.Args.Count == 0;
        if (!all && !lockedOnly && opts.Operands.Count == 0)
        {
            ctx.Out(Usage);
            return 1;
        }
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var exit = ctx.Transact(cluster =>
        {
            var node = cluster.Node(ctx.Node)!;
            var names = all || lockedOnly
                ? node.Mounts.Where(m => m.FsType == "ufs").Select(m => m.MountPoint).ToList()
                : opts.Operands;
            var header = false;
            var failed = false;
            foreach (var fn in names)
            {
                if (!Exists(ctx, node, fn))
                {
                    stderr.Append(fn).Append(": No such file or directory\n");
                    failed = true;
                    continue;
                }
                var mount = Cluster.ContainingMount(node, fn)!;
                if (op == "flush")
                {
                    continue; // _FIOFFS works on any fs that implements it; silent
                }
                if (mount.FsType != "ufs")
                {
                    stderr.Append(fn).Append(": Inappropriate ioctl for device\n");
                    failed = true;
                    continue;
                }
                var key = Cluster.LockKey(node, mount);
                var current = cluster.State.Locks.FirstOrDefault(l => l.Key == key);
                if (op == null)
                {
                    if (lockedOnly && current == null)
                    {
                        continue; // plain "lockfs" lists only locked file systems
                    }
                    if (!header)
                    {
                        stdout.Append(Line("Filesystem", "Locktype", "Comment"));
                        header = true;
                    }
                    stdout.Append(Line(fn, current?.Type ?? "unlock", current?.Comment ?? ""));
                    continue;
                }
                if (!ctx.IsRoot)
                {
                    stderr.Append(fn).Append(": Not owner\n"); // _FIOLFS needs privilege: EPERM
                    failed = true;
                    continue;
                }
                if (current != null && current.Type == "error" && op != "unlock" && op != "error")
                {
                    stderr.Append(fn).Append(": Device busy\n");
                    failed = true;
                    continue;
                }
                cluster.State.Locks.RemoveAll(l => l.Key == key);
                if (op != "unlock")
                {
                    cluster.State.Locks.Add(new FsLock { Key = key, Type = op, Comment = comment });
                }
            }
            return failed ? 2 : 0;
        });
        ctx.Out(stdout.ToString());
        ctx.Err(stderr.ToString());
        return exit;
    }

    private static string Line(string fs, string type, string comment) => fs.PadRight(20) + " " + type.PadRight(10) + " " + comment + "\n";

    /// <summary>
    /// Mount points and their ancestors exist, as do the node's listed directories and anything inside a non-root
    /// mount (application data is opaque to the simulator) or present in the installed root.
    /// </summary>
    private static bool Exists(ToolContext ctx, NodeState node, string path)
    {
        if (!path.StartsWith("/", StringComparison.Ordinal))
        {
            return false;
        }
        var p = path.Length > 1 ? path.TrimEnd('/') : path;
        if (node.Mounts.Any(m => m.MountPoint == p || m.MountPoint.StartsWith(p == "/" ? "/" : p + "/", StringComparison.Ordinal)))
        {
            return true;
        }
        if (node.Directories.Any(d => d == p || d.StartsWith(p + "/", StringComparison.Ordinal)))
        {
            return true;
        }
        var mount = Cluster.ContainingMount(node, p);
        if (mount != null && mount.MountPoint != "/")
        {
            return true;
        }
        return File.Exists(Path.Combine(ctx.Simulator.RootOf(ctx.Node), p.TrimStart('/'))) ||
               Directory.Exists(Path.Combine(ctx.Simulator.RootOf(ctx.Node), p.TrimStart('/')));
    }
}
