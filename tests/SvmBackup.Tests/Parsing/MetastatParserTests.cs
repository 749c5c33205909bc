using SvmBackup.Model;
using SvmBackup.Parsing;
using Xunit;

namespace SvmBackup.Tests.Parsing;

/// <summary>The byte-exact samples of svm-formats.md §2.6/2.7 parsed with every value asserted.</summary>
public class MetastatParserTests
{
    private static SvmMirror Single(string text, string? set = null)
    {
        var result = MetastatParser.Parse(text, "myhost", set);
        return Assert.Single(result.Mirrors);
    }

    [Fact]
    public void Healthy_two_way_mirror()
    {
        var result = MetastatParser.Parse(ReferenceSamples.Healthy, "myhost", null);
        var m = Assert.Single(result.Mirrors);
        Assert.Empty(result.Errors);
        Assert.Empty(result.OtherDevices);
        Assert.False(result.HasStaleReplicaWarning);

        Assert.Equal("myhost", m.ComputerName);
        Assert.Null(m.DiskSet);
        Assert.Equal("d0", m.Name);
        Assert.Equal("d0", m.FullName);
        Assert.Equal(1, m.Pass);
        Assert.Equal("roundrobin", m.ReadOption);
        Assert.Equal("parallel", m.WriteOption);
        Assert.Null(m.ResyncOption);
        Assert.Null(m.Owner);
        Assert.Equal(4198392L, m.SizeBlocks);
        Assert.Equal(4198392L * 512, m.SizeBytes);
        Assert.Null(m.ResyncPercent);
        Assert.Equal(SvmResyncState.None, m.ResyncState);
        Assert.Equal("/dev/md/dsk/d0", m.BlockDevice);
        Assert.Equal("/dev/md/rdsk/d0", m.RawDevice);
        Assert.True(m.IsHealthy);
        Assert.Equal(2, m.OkaySubmirrorCount);
        Assert.Null(m.MountPoint);

        Assert.Equal(2, m.Submirrors.Length);
        var d10 = m.Submirrors[0];
        Assert.Equal("d10", d10.Name);
        Assert.Equal("d10", d10.FullName);
        Assert.Equal("d0", d10.Mirror);
        Assert.Equal(0, d10.Index);
        Assert.Equal("myhost", d10.ComputerName);
        Assert.Equal(SvmSubmirrorState.Okay, d10.State);
        Assert.Equal("Okay", d10.StateText);
        Assert.Null(d10.StateTime);
        Assert.Null(d10.InvokeAction);
        Assert.False(d10.IsOffline);
        Assert.Equal(4198392L, d10.SizeBlocks);
        Assert.Equal("/dev/md/dsk/d10", d10.BlockDevice);
        Assert.Equal("/dev/md/rdsk/d10", d10.RawDevice);
        var c = Assert.Single(d10.Components);
        Assert.Equal("c0t0d0s0", c.Name);
        Assert.Equal(0, c.Stripe);
        Assert.Null(c.InterlaceBlocks);
        Assert.Equal(0L, c.StartBlock);
        Assert.False(c.HasStateDatabase);
        Assert.Equal("Okay", c.StateText);
        Assert.True(c.Relocation);
        Assert.Null(c.HotSpare);

        var d20 = m.Submirrors[1];
        Assert.Equal("d20", d20.Name);
        Assert.Equal(1, d20.Index);
        Assert.Equal(SvmSubmirrorState.Okay, d20.State);
        Assert.Equal("c0t1d0s0", Assert.Single(d20.Components).Name);
    }

    [Fact]
    public void Resync_in_progress()
    {
        var m = Single(ReferenceSamples.Resync);
        Assert.Equal(SvmResyncState.InProgress, m.ResyncState);
        Assert.Equal(45.0, m.ResyncPercent);
        Assert.False(m.IsHealthy);
        Assert.Equal(1, m.OkaySubmirrorCount);
        Assert.Equal(SvmSubmirrorState.Okay, m.Submirrors[0].State);
        Assert.Equal(SvmSubmirrorState.Resyncing, m.Submirrors[1].State);
        Assert.Equal("Resyncing", m.Submirrors[1].StateText);
        Assert.Null(m.Submirrors[1].InvokeAction);
        Assert.Equal(4198392L, m.SizeBlocks);
    }

    [Fact]
    public void Offlined_submirror_is_needs_maintenance_with_metaonline()
    {
        var m = Single(ReferenceSamples.Offline);
        var d20 = m.Submirrors[1];
        Assert.Equal(SvmSubmirrorState.NeedsMaintenance, d20.State);
        Assert.Equal("Needs maintenance", d20.StateText);
        Assert.Equal("metaonline d0 d20", d20.InvokeAction);
        Assert.True(d20.IsOffline);
        Assert.False(m.Submirrors[0].IsOffline);
        Assert.False(m.IsHealthy);
        Assert.Equal(SvmResyncState.None, m.ResyncState);
        Assert.Equal("Okay", Assert.Single(d20.Components).StateText);
    }

    [Fact]
    public void Failed_component_needs_metareplace_and_is_not_offline()
    {
        var m = Single(ReferenceSamples.Failed);
        var d20 = m.Submirrors[1];
        Assert.Equal(SvmSubmirrorState.NeedsMaintenance, d20.State);
        Assert.Equal("metareplace d0 c0t1d0s0 <new device>", d20.InvokeAction);
        Assert.False(d20.IsOffline);
        var c = Assert.Single(d20.Components);
        Assert.Equal("c0t1d0s0", c.Name);
        Assert.Equal("Maintenance", c.StateText);
        Assert.True(c.Relocation);
        Assert.False(c.IsOkay);
    }

    [Fact]
    public void Disk_set_names_are_split_and_devices_use_the_set_path()
    {
        var m = Single(ReferenceSamples.DiskSet, "blue");
        Assert.Equal("blue", m.DiskSet);
        Assert.Equal("d100", m.Name);
        Assert.Equal("blue/d100", m.FullName);
        Assert.Equal("/dev/md/blue/dsk/d100", m.BlockDevice);
        Assert.Equal("/dev/md/blue/rdsk/d100", m.RawDevice);
        Assert.Equal(1027216L, m.SizeBlocks);
        Assert.Equal(new[] { "d10", "d11" }, m.Submirrors.Select(s => s.Name));
        Assert.Equal(new[] { "blue/d10", "blue/d11" }, m.Submirrors.Select(s => s.FullName));
        Assert.All(m.Submirrors, s => Assert.Equal("blue", s.DiskSet));
        Assert.All(m.Submirrors, s => Assert.Equal("d100", s.Mirror));
        Assert.Equal("/dev/md/blue/rdsk/d11", m.Submirrors[1].RawDevice);
        Assert.Equal("c1t3d0s0", m.Submirrors[0].Components[0].Name);
        Assert.Equal("c1t4d0s0", m.Submirrors[1].Components[0].Name);
        Assert.True(m.IsHealthy);
    }

    [Fact]
    public void Disk_set_prefix_is_used_even_without_the_set_argument()
    {
        var m = Single(ReferenceSamples.DiskSet, null);
        Assert.Equal("blue", m.DiskSet);
        Assert.Equal("/dev/md/blue/dsk/d100", m.BlockDevice);
    }

    [Fact]
    public void Top_level_concat_is_not_a_mirror()
    {
        var result = MetastatParser.Parse(ReferenceSamples.TopLevelConcat, "myhost", null);
        Assert.Empty(result.Mirrors);
        var d = Assert.Single(result.OtherDevices);
        Assert.Equal("d50", d.Name);
        Assert.Equal("Concat/Stripe", d.Type);
    }

    [Fact]
    public void Raid_soft_partitions_and_hot_spare_pools_are_listed_not_parsed()
    {
        var text = ReferenceSamples.Raid + ReferenceSamples.SoftPartitions + ReferenceSamples.HotSparePools;
        var result = MetastatParser.Parse(text, "myhost", null);
        Assert.Empty(result.Mirrors);
        Assert.Equal(new[] { "d45: RAID", "d100: Soft Partition", "d200: Soft Partition", "hsp001: 1 hot spare", "hsp002: is empty" },
            result.OtherDevices.Select(d => d.ToString()));
    }

    [Fact]
    public void Mirror_between_other_devices_is_not_derailed()
    {
        // The soft partition's underlying mirror is printed after it, and a RAID and pools follow.
        var text = ReferenceSamples.SoftPartitions + ReferenceSamples.Healthy.Substring(0, ReferenceSamples.Healthy.IndexOf("Device Relocation", StringComparison.Ordinal))
            + ReferenceSamples.Raid + ReferenceSamples.TopLevelConcat + ReferenceSamples.HotSparePools;
        var result = MetastatParser.Parse(text, "myhost", null);
        var m = Assert.Single(result.Mirrors);
        Assert.Equal("d0", m.Name);
        Assert.Equal(new[] { "c0t0d0s0", "c0t1d0s0" }, m.Submirrors.Select(s => Assert.Single(s.Components).Name));
        Assert.Equal(4198392L, m.Submirrors[1].SizeBlocks);
        Assert.Equal(new[] { "d100", "d200", "d45", "d50", "hsp001", "hsp002" }, result.OtherDevices.Select(d => d.Name));
    }

    [Fact]
    public void Empty_output_gives_no_mirrors()
    {
        var result = MetastatParser.Parse("", "myhost", null);
        Assert.Empty(result.Mirrors);
        Assert.Empty(result.OtherDevices);
    }
}
