using System.Collections.Generic;

namespace SvmBackup.Simulator.State;

/// <summary>A mirror or a concat/stripe. Stripes carry the data (a sparse backing file); mirrors only route to submirrors.</summary>
internal sealed class Metadevice
{
    public string Name { get; set; } = "";
    public MetadeviceKind Kind { get; set; }
    public long SizeBlocks { get; set; }
    public int Pass { get; set; } = 1;
    /// <summary>Stripes: the mirror this is a submirror of (short name), null when stand-alone.</summary>
    public string? Parent { get; set; }
    public long Interlace { get; set; }
    public List<Component> Components { get; set; } = new List<Component>();
    public List<SubmirrorSlot> Submirrors { get; set; } = new List<SubmirrorSlot>();
    /// <summary>Stripes: backing file, relative to the state directory.</summary>
    public string BackingFile { get; set; } = "";
    /// <summary>Stripes: 1 MiB chunks that may hold non-zero data (keeps copies of sparse files cheap).</summary>
    public List<long> Chunks { get; set; } = new List<long>();
    /// <summary>The UFS superblock facts fsck reports.</summary>
    public Superblock Super { get; set; } = new Superblock();
}
