using System.Linq;
using System.Text;
using SvmBackup.Simulator.State;

namespace SvmBackup.Simulator.Rendering;

/// <summary>metaset.c:printset for traditional sets. Ownership is only known on the owning host [doc].</summary>
internal static class MetasetRenderer
{
    public static void Set(StringBuilder sb, DiskSetState set, string node)
    {
        sb.Append("\nSet name = ").Append(set.Name).Append(", Set number = ").Append(set.Number).Append('\n');
        sb.Append("\n").Append("Host".PadRight(19)).Append(' ').Append("Owner".PadRight(5)).Append('\n');
        var ownerKnown = set.Owner == node;
        foreach (var host in set.Hosts)
        {
            var h = host.Length > 17 ? host.Substring(0, 17) : host;
            sb.Append("  ").Append(h.PadRight(17)).Append("  ").Append(ownerKnown && host == set.Owner ? "Yes" : "").Append('\n');
        }
        if (set.Drives.Count == 0)
        {
            return;
        }
        // why: the code uses len = longest drive + 2 with "%-*.*s"; with short DID names ("d4") that would cut
        // "Drive" to "Driv" — Sun Cluster documentation shows "Drive Dbase", so never narrower than the header.
        var len = System.Math.Max(5, set.Drives.Max(d => d.Name.Length) + 2);
        sb.Append("\n").Append("Drive".PadRight(len)).Append(' ').Append("Dbase".PadRight(5)).Append('\n');
        foreach (var d in set.Drives)
        {
            sb.Append("\n").Append(d.Name.PadRight(len)).Append(' ').Append((d.Dbase ? "Yes" : "No").PadRight(5)).Append('\n');
        }
    }
}
