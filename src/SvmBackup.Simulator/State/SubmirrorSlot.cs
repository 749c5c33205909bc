using System;
using System.Collections.Generic;

namespace SvmBackup.Simulator.State;

/// <summary>One submirror position of a mirror, with its resync bookkeeping.</summary>
internal sealed class SubmirrorSlot
{
    public string Name { get; set; } = "";
    public SubmirrorState State { get; set; }
    /// <summary>Last state change (metastat -t); null = since creation.</summary>
    public DateTime? StateChangedUtc { get; set; }
    /// <summary>While offline: regions (1 MiB) written to the mirror — the optimized-resync bitmap.</summary>
    public List<long> Dirty { get; set; } = new List<long>();
    /// <summary>Set while this submirror is a resync target.</summary>
    public DateTime? ResyncStartedUtc { get; set; }
    public long ResyncTotalBlocks { get; set; }
    /// <summary>Optimized resync: the regions to copy; null = full resync.</summary>
    public List<long>? ResyncRegions { get; set; }

    public bool IsResyncTarget => ResyncStartedUtc.HasValue;
}
