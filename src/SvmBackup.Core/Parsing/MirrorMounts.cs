using System;
using System.Collections.Generic;
using SvmBackup.Model;

namespace SvmBackup.Parsing;

/// <summary>Fills the mount properties of mirrors from /etc/mnttab.</summary>
public static class MirrorMounts
{
    /// <summary>
    /// Sets <see cref="SvmMirror.MountPoint"/>, <see cref="SvmMirror.FileSystemType"/> and
    /// <see cref="SvmMirror.MountOptions"/> of each mirror whose <see cref="SvmMirror.BlockDevice"/> is the special
    /// of a mnttab entry (first match wins); mirrors that are not mounted get null.
    /// </summary>
    public static void Join(IEnumerable<SvmMirror> mirrors, IEnumerable<MnttabEntry> mnttab)
    {
        if (mirrors == null) throw new ArgumentNullException(nameof(mirrors));
        if (mnttab == null) throw new ArgumentNullException(nameof(mnttab));
        var bySpecial = new Dictionary<string, MnttabEntry>(StringComparer.Ordinal);
        foreach (var e in mnttab)
            if (!bySpecial.ContainsKey(e.Special))
                bySpecial.Add(e.Special, e);
        foreach (var m in mirrors)
        {
            bySpecial.TryGetValue(m.BlockDevice, out var e);
            m.MountPoint = e?.MountPoint;
            m.FileSystemType = e?.FileSystemType;
            m.MountOptions = e?.Options;
        }
    }
}
