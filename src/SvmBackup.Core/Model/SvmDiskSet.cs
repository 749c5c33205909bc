using System;

namespace SvmBackup.Model;

/// <summary>A disk set as printed by <c>metaset</c> / <c>metaset -s name</c>.</summary>
public class SvmDiskSet
{
    /// <summary>Host the status was read from.</summary>
    public string ComputerName { get; set; } = "";

    /// <summary>When this snapshot was read from the host (local time). Objects go stale: read again before acting.</summary>
    public DateTime ReadAt { get; set; }

    /// <summary>Set name, e.g. <c>schost-1</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The set's name again, so `Get-SvmDiskSet | Get-SvmMirror` binds -DiskSet by property name.</summary>
    public string DiskSet => Name;

    /// <summary>The session this object was read through (binds -Session of the next cmdlet in a pipeline).</summary>
    public SvmBackup.Sessions.SvmSession? Session { get; set; }

    /// <summary>Set number.</summary>
    public int Number { get; set; }

    /// <summary>True for a multi-owner (Oracle RAC) set.</summary>
    public bool IsMultiOwner { get; set; }

    /// <summary>Master node of a multi-owner set, or null.</summary>
    public string? Master { get; set; }

    /// <summary>Hosts of the set in printed order.</summary>
    public SvmDiskSetHost[] Hosts { get; set; } = Array.Empty<SvmDiskSetHost>();

    /// <summary>Mediator host names, empty when none.</summary>
    public string[] MediatorHosts { get; set; } = Array.Empty<string>();

    /// <summary>Drives of the set.</summary>
    public SvmDiskSetDrive[] Drives { get; set; } = Array.Empty<SvmDiskSetDrive>();

    /// <summary>Hosts whose Owner column says they own the set. Only the owning host prints ownership, so on a
    /// non-owner this is empty even though the set is owned.</summary>
    public string[] Owners => Array.ConvertAll(Array.FindAll(Hosts, h => h.IsOwner), h => h.Name);

    /// <summary>True when some host row shows ownership (see <see cref="Owners"/> for the caveat).</summary>
    public bool IsOwned => Array.Exists(Hosts, h => h.IsOwner);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
