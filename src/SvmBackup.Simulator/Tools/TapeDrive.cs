using System.Text.RegularExpressions;

namespace SvmBackup.Simulator.Tools;

/// <summary>
/// The one tape drive of a simulated node: st instance 0, reachable through every minor node st(7D) creates,
/// /dev/rmt/0[l|m|h|c|u][b][n]. Other /dev/rmt names do not exist (open: ENOENT).
/// </summary>
internal static class TapeDrive
{
    private static readonly Regex Node = new Regex(@"^/dev/rmt/0[lmhcu]?b?n?\z", RegexOptions.CultureInvariant);

    /// <summary>st_conf.c display name of the drive (an entry present since Solaris 10 GA).</summary>
    public const string Name = "HP Ultrium LTO 3";

    public static bool IsNode(string path) => Node.IsMatch(path);

    /// <summary>The TapeNotReady fault: no tape loaded (st_open fails with EIO).</summary>
    public static bool NotReady(ToolContext ctx) =>
        ctx.Transact(c => c.State.Faults.Exists(f => f.Kind == SimulatorFaultKind.TapeNotReady && (f.Node == null || f.Node == ctx.Node)));
}
