namespace SvmBackup.Model;

/// <summary>Metadevice naming rules shared by the model: <c>set/dN</c> names and <c>/dev/md[/set]/{dsk,rdsk}/dN</c> nodes.</summary>
internal static class SvmDevicePath
{
    /// <summary><c>d0</c> in the local set, <c>blue/d0</c> in disk set blue (metastat's cname).</summary>
    public static string FullName(string? diskSet, string name) =>
        string.IsNullOrEmpty(diskSet) ? name : diskSet + "/" + name;

    /// <summary>Block device node, e.g. <c>/dev/md/dsk/d1</c> or <c>/dev/md/blue/dsk/d0</c>.</summary>
    public static string Block(string? diskSet, string name) => Node(diskSet, "dsk", name);

    /// <summary>Raw device node, e.g. <c>/dev/md/rdsk/d1</c> or <c>/dev/md/blue/rdsk/d0</c>.</summary>
    public static string Raw(string? diskSet, string name) => Node(diskSet, "rdsk", name);

    private static string Node(string? diskSet, string kind, string name) =>
        string.IsNullOrEmpty(diskSet) ? "/dev/md/" + kind + "/" + name : "/dev/md/" + diskSet + "/" + kind + "/" + name;
}
