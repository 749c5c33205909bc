using SvmBackup.Parsing;
using Xunit;

namespace SvmBackup.Tests.Parsing;

/// <summary>
/// Policy: text that is not metastat output yields an empty result; a mirror block that cannot be read
/// completely throws <see cref="SvmParseException"/> rather than returning a mirror with missing members.
/// </summary>
public class MetastatMalformedTests
{
    private static readonly string Healthy = ReferenceSamples.Healthy;

    [Theory]
    [InlineData("sh: metastat: not found\n")]
    [InlineData("Last login: Mon Mar  4 10:15:02 2024 from 10.0.0.1\nOracle Corporation      SunOS 5.10      Generic Patch   January 2005\n")]
    [InlineData("usage:\tmetastat [-s setname] [-a][-c][-B][-D][-r][-i][-p] [-t] [metadevice...]\n")]
    public void Foreign_text_gives_an_empty_result(string text)
    {
        var result = MetastatParser.Parse(text, "myhost", null);
        Assert.Empty(result.Mirrors);
        Assert.Empty(result.OtherDevices);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Output_cut_after_the_mirror_block_throws()
    {
        var cut = Healthy.Substring(0, Healthy.IndexOf("d10: Submirror", StringComparison.Ordinal));
        var ex = Assert.Throws<SvmParseException>(() => MetastatParser.Parse(cut, "myhost", null));
        Assert.Contains("d10: Submirror of d0", ex.Message);
    }

    [Fact]
    public void The_truncated_cluster_guide_example_throws()
    {
        // seeds/001: the Sun Cluster guide elides the rest of the report with "...".
        var text = "# metastat -s schost-1 d0\nschost-1/d0: Mirror\n    Submirror 0: schost-0/d10\n      State: Okay         \n" +
                   "    Submirror 1: schost-0/d20\n      State: Okay\n    Submirror 2: schost-0/d30\n      State: Resyncing\n" +
                   "    Resync in progress: 42% done\n    Pass: 1\n    Read option: roundrobin (default)\n...\n";
        Assert.Throws<SvmParseException>(() => MetastatParser.Parse(text, "phys-schost-1", "schost-1"));
    }

    [Fact]
    public void Garbled_component_row_throws_with_line_number()
    {
        var text = Healthy.Replace("\tc0t1d0s0          0     No            Okay   Yes \n", "\tc0t1d0s0     zero     No            Okay   Yes \n");
        var ex = Assert.Throws<SvmParseException>(() => MetastatParser.Parse(text, "myhost", null));
        Assert.Equal(24, ex.LineNumber);
        Assert.Contains("zero", ex.LineText);
    }

    [Fact]
    public void Submirror_block_for_an_unlisted_submirror_throws()
    {
        var text = Healthy.Replace("d20: Submirror of d0", "d30: Submirror of d0");
        Assert.Throws<SvmParseException>(() => MetastatParser.Parse(text, "myhost", null));
    }

    [Fact]
    public void Mirror_without_size_throws()
    {
        var text = Healthy.Replace("    Size: 4198392 blocks (2.0 GB)\n\nd10", "\nd10");
        Assert.Throws<SvmParseException>(() => MetastatParser.Parse(text, "myhost", null));
    }

    [Fact]
    public void Unreadable_resync_line_throws()
    {
        var text = ReferenceSamples.Resync.Replace("Resync in progress: 45 % done", "Resync in progress: lots done");
        Assert.Throws<SvmParseException>(() => MetastatParser.Parse(text, "myhost", null));
    }

    [Fact]
    public void A_lone_submirror_report_is_not_a_mirror()
    {
        // "metastat d10" prints the submirror block alone: nothing to attach it to, so it is skipped.
        var block = Healthy.Substring(Healthy.IndexOf("d10: Submirror", StringComparison.Ordinal));
        var result = MetastatParser.Parse(block, "myhost", null);
        Assert.Empty(result.Mirrors);
    }
}
