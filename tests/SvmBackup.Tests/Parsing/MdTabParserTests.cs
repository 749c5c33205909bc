using SvmBackup.Parsing;
using Xunit;

namespace SvmBackup.Tests.Parsing;

public class MdTabParserTests
{
    private static void AssertD0(MdTabResult r)
    {
        var m = Assert.Single(r.Mirrors);
        Assert.Null(m.DiskSet);
        Assert.Equal("d0", m.Name);
        Assert.Equal(new[] { "d10", "d20" }, m.Submirrors);
        Assert.Equal("roundrobin", m.ReadOption);
        Assert.Equal("parallel", m.WriteOption);
        Assert.Equal(1, m.Pass);
        Assert.Equal(new[] { "d10", "d20" }, r.Stripes.Select(s => s.Name));
        Assert.Equal(new[] { "c0t0d0s0" }, r.Stripes[0].Components);
        Assert.Equal(new[] { "c0t1d0s0" }, r.Stripes[1].Components);
        Assert.All(r.Stripes, s => Assert.Null(Assert.Single(s.Rows).InterlaceBlocks));
    }

    [Fact]
    public void Short_names_of_the_2005_code()
    {
        var r = MetastatParser.ParseMdTab(ReferenceSamples.MdTabShort);
        AssertD0(r);
        Assert.Equal(new[] { "hsp001 c1t5d0s0" }, r.OtherLines);
    }

    [Fact]
    public void Full_raw_paths_of_the_2006_code()
    {
        var r = MetastatParser.ParseMdTab(ReferenceSamples.MdTabFull);
        AssertD0(r);
        Assert.Empty(r.OtherLines);
    }

    [Fact]
    public void Disk_set_of_the_cluster_guide_with_did_components()
    {
        var text = "# metastat -s schost-1 -p\n" +
                   "schost-1/d0 -m schost-1/d10 schost-1/d20 schost-1/d30 1\n" +
                   "schost-1/d10 1 1 d4s0\n" +
                   "schost-1/d20 1 1 d6s0\n" +
                   "schost-1/d30 1 1 d8s0\n";
        var r = MetastatParser.ParseMdTab(text);
        var m = Assert.Single(r.Mirrors);
        Assert.Equal("schost-1", m.DiskSet);
        Assert.Equal("d0", m.Name);
        Assert.Equal("schost-1/d0", m.FullName);
        Assert.Equal(new[] { "d10", "d20", "d30" }, m.Submirrors);
        Assert.Equal(new[] { "d4s0", "d6s0", "d8s0" }, r.Stripes.Select(s => s.Components.Single()));
        Assert.All(r.Stripes, s => Assert.Equal("schost-1", s.DiskSet));
    }

    [Fact]
    public void Disk_set_with_full_paths()
    {
        var text = "blue/d100 -m /dev/md/blue/rdsk/d10 /dev/md/blue/rdsk/d11 1\n" +
                   "blue/d10 1 1 /dev/did/rdsk/d7s3\n" +
                   "blue/d11 1 1 /dev/rdsk/c1t4d0s0\n";
        var r = MetastatParser.ParseMdTab(text);
        Assert.Equal(new[] { "d10", "d11" }, r.Mirrors[0].Submirrors);
        Assert.Equal("blue", r.Mirrors[0].DiskSet);
        Assert.Equal("/dev/did/rdsk/d7s3", r.Stripes[0].Components[0]);
        Assert.Equal("c1t4d0s0", r.Stripes[1].Components[0]);
    }

    [Fact]
    public void Options_g_r_S_and_pass()
    {
        var r = MetastatParser.ParseMdTab("d1 -m d11 d12 -g -S 2\nd2 -m d21 -r 0\n");
        Assert.Equal("geometric", r.Mirrors[0].ReadOption);
        Assert.Equal("serial", r.Mirrors[0].WriteOption);
        Assert.Equal(2, r.Mirrors[0].Pass);
        Assert.Equal("first", r.Mirrors[1].ReadOption);
        Assert.Equal("parallel", r.Mirrors[1].WriteOption);
        Assert.Equal(0, r.Mirrors[1].Pass);
        Assert.Equal(new[] { "d21" }, r.Mirrors[1].Submirrors);
    }

    [Fact]
    public void Backslash_continued_multi_row_stripe_with_interlace_and_hot_spare_pool()
    {
        var text = "d10 2 2 c0t0d0s0 c0t2d0s0 -i 32b \\\n\t1 c0t3d0s0 -h hsp001\r\nd50 1 2 /dev/rdsk/c1t1d0s0 /dev/rdsk/c1t2d0s0 -i 64b\n";
        var r = MetastatParser.ParseMdTab(text);
        var d10 = r.Stripes[0];
        Assert.Equal(2, d10.Rows.Count);
        Assert.Equal(new[] { "c0t0d0s0", "c0t2d0s0" }, d10.Rows[0].Components);
        Assert.Equal(32L, d10.Rows[0].InterlaceBlocks);
        Assert.Equal(new[] { "c0t3d0s0" }, d10.Rows[1].Components);
        Assert.Null(d10.Rows[1].InterlaceBlocks);
        Assert.Equal("hsp001", d10.HotSparePool);
        Assert.Equal(new[] { "c0t0d0s0", "c0t2d0s0", "c0t3d0s0" }, d10.Components);
        Assert.Equal(64L, r.Stripes[1].Rows[0].InterlaceBlocks);
        Assert.Equal(new[] { "c1t1d0s0", "c1t2d0s0" }, r.Stripes[1].Components);
    }

    [Fact]
    public void Raid_soft_partition_and_trans_lines_are_other()
    {
        var text = "d45 -r c1t1d0s0 c1t2d0s0 c1t3d0s0 -k -i 32b\nd100 -p d60 -o 32 -b 377487360 \nd1 -t d2 d3\n# Trans logging has been replaced\n";
        var r = MetastatParser.ParseMdTab(text);
        Assert.Empty(r.Mirrors);
        Assert.Empty(r.Stripes);
        Assert.Equal(new[] { "d45", "d100", "d1" }, r.OtherLines.Select(l => l.Split(' ')[0]));
    }

    [Theory]
    [InlineData("d10 1 2 c0t0d0s0\n")]
    [InlineData("d10 2 1 c0t0d0s0\n")]
    [InlineData("d0 -m 1\n")]
    [InlineData("d0 -m d10 d20 1 extra\n")]
    [InlineData("d0 -m d10 -x 1\n")]
    public void Malformed_mirror_or_stripe_line_throws(string text)
    {
        Assert.Throws<SvmParseException>(() => MetastatParser.ParseMdTab(text));
    }
}
