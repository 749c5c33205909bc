using System.Globalization;
using System.IO;

namespace SvmBackup.Simulator.Tools;

/// <summary>
/// Solaris 10 /usr/bin/id without options: "uid=0(root) gid=0(root)" (no groups list, no -u: that is
/// /usr/xpg4/bin/id). The simulated host's idea of the caller (SVMSIM_EUID or the real euid) decides the uid,
/// so the local transport, which acts as root, and a sudo'ed command both report root.
/// </summary>
internal static class IdTool
{
    public static int Run(ToolContext ctx)
    {
        if (ctx.Args.Count > 0)
        {
            ctx.Err("Usage: id [-ap] [user]\n");
            return 2;
        }
        var uid = ctx.EffectiveUid;
        var name = uid == 0 ? "root" : LookUp(uid) ?? uid.ToString(CultureInfo.InvariantCulture);
        var gid = uid == 0 ? "0(root)" : "1(other)";
        ctx.Out("uid=" + uid.ToString(CultureInfo.InvariantCulture) + "(" + name + ") gid=" + gid + "\n");
        return 0;
    }

    private static string? LookUp(int uid)
    {
        try
        {
            foreach (var line in File.ReadAllLines("/etc/passwd"))
            {
                var f = line.Split(':');
                if (f.Length > 2 && f[2] == uid.ToString(CultureInfo.InvariantCulture)) return f[0];
            }
        }
        catch (IOException) { }
        catch (System.UnauthorizedAccessException) { }
        return null;
    }
}
