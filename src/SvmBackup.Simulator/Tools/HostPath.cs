using System;
using System.IO;

namespace SvmBackup.Simulator.Tools;

/// <summary>
/// Where a simulated node's own files live: inside its root directory (what InstallRoot writes; where ufsdump
/// writes its file targets). A path already inside that root is taken as it is: the local transport rewrites the
/// simulator's provided paths (e.g. "/usr/sbin/metastat") to their place in the root before the tool sees them.
/// </summary>
internal static class HostPath
{
    public static string Resolve(ToolContext ctx, string path)
    {
        var root = ctx.Simulator.RootOf(ctx.Node);
        if (path == root || path.StartsWith(root + "/", StringComparison.Ordinal))
        {
            return path;
        }
        return Path.Combine(root, path.TrimStart('/')); // relative paths: from "/", root's home on Solaris 10
    }
}
