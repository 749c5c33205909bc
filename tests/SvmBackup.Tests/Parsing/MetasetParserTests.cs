using SvmBackup.Parsing;
using Xunit;

namespace SvmBackup.Tests.Parsing;

public class MetasetParserTests
{
    [Fact]
    public void Traditional_set()
    {
        var s = Assert.Single(MetasetParser.Parse(ReferenceSamples.MetasetTraditional, "idiom"));
        Assert.Equal("idiom", s.ComputerName);
        Assert.Equal("blue", s.Name);
        Assert.Equal(1, s.Number);
        Assert.False(s.IsMultiOwner);
        Assert.Null(s.Master);
        Assert.Equal(new[] { "idiom", "lexicon" }, s.Hosts.Select(h => h.Name));
        Assert.Equal(new[] { "Yes", "" }, s.Hosts.Select(h => h.OwnerText));
        Assert.True(s.Hosts[0].IsOwner);
        Assert.False(s.Hosts[1].IsOwner);
        Assert.Null(s.Hosts[0].IsMember);
        Assert.Equal(new[] { "idiom" }, s.Owners);
        Assert.True(s.IsOwned);
        Assert.Empty(s.MediatorHosts);
        Assert.Equal(new[] { "c1t6d0", "c2t6d0" }, s.Drives.Select(d => d.Name));
        Assert.All(s.Drives, d => Assert.True(d.HasStateDatabase));
    }

    [Fact]
    public void Multi_owner_set()
    {
        var s = Assert.Single(MetasetParser.Parse(ReferenceSamples.MetasetMultiOwner, "node1"));
        Assert.Equal("oban", s.Name);
        Assert.True(s.IsMultiOwner);
        Assert.Equal("node1", s.Master);
        Assert.Equal(new[] { "node1", "node2" }, s.Hosts.Select(h => h.Name));
        Assert.Equal(new[] { "multi-owner", "" }, s.Hosts.Select(h => h.OwnerText));
        Assert.Equal(new bool?[] { true, true }, s.Hosts.Select(h => h.IsMember));
        Assert.Equal("c1t3d0", Assert.Single(s.Drives).Name);
    }

    [Fact]
    public void Documented_layout_with_prompt_mediators_auto_take_and_no_owner_here()
    {
        var text = "# metaset -s schost-1\n" +
                   "Set name = schost-1, Set number = 1\n" +
                   "Host                Owner\n" +
                   "  phys-schost-1     Yes (auto)\n" +
                   "  phys-schost-2     \n" +
                   "\n" +
                   "Mediator Host(s)    Aliases\n" +
                   "  phys-schost-1      phys-schost-1-priv, ph1\n" +
                   "\n" +
                   "Drive Dbase\n" +
                   "  d4                 Yes\n" +
                   "  d6                 No\n";
        var s = Assert.Single(MetasetParser.Parse(text, "phys-schost-1"));
        Assert.Equal("schost-1", s.Name);
        Assert.Equal("Yes (auto)", s.Hosts[0].OwnerText);
        Assert.True(s.Hosts[0].IsOwner);
        Assert.Equal(new[] { "phys-schost-1" }, s.MediatorHosts);
        Assert.Equal(new[] { true, false }, s.Drives.Select(d => d.HasStateDatabase));

        var notOwner = Assert.Single(MetasetParser.Parse(text.Replace("Yes (auto)", ""), "phys-schost-2"));
        Assert.False(notOwner.IsOwned);
        Assert.Empty(notOwner.Owners);
    }

    [Fact]
    public void Several_sets_and_crlf()
    {
        var text = (ReferenceSamples.MetasetTraditional + ReferenceSamples.MetasetTraditional.Replace("blue", "red").Replace("Set number = 1", "Set number = 2")).Replace("\n", "\r\n");
        var sets = MetasetParser.Parse(text, "idiom");
        Assert.Equal(new[] { "blue", "red" }, sets.Select(s => s.Name));
        Assert.Equal(new[] { 1, 2 }, sets.Select(s => s.Number));
        Assert.Equal(2, sets[1].Drives.Length);
    }

    [Fact]
    public void No_set_text_gives_empty()
    {
        Assert.Empty(MetasetParser.Parse("metaset: myhost: setname \"foo\": no such set\n\n", "myhost"));
    }
}
