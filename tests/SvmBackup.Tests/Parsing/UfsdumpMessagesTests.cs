using SvmBackup.Parsing;

namespace SvmBackup.Tests.Parsing;

/// <summary>UfsdumpMessages on the reference stderr of docs/svm-formats.md §6.</summary>
public class UfsdumpMessagesTests
{
    private const string Normal =
        "  DUMP: Date of this level 0 dump: Mon Mar  4 10:15:02 2024\n" +
        "  DUMP: Date of last level 0 dump: the epoch\n" +
        "  DUMP: Dumping /dev/md/rdsk/d20 to /dev/rmt/0.\n" +
        "  DUMP: Mapping (Pass I) [regular files]\n" +
        "  DUMP: Mapping (Pass II) [directories]\n" +
        "  DUMP: Writing 63 Kilobyte records\n" +
        "  DUMP: Estimated 1235262 blocks (603.16MB).\n" +
        "  DUMP: Dumping (Pass III) [directories]\n" +
        "  DUMP: Dumping (Pass IV) [regular files]\n" +
        "  DUMP: 45.32% done, finished in 0:12\n" +
        "  DUMP: 1235198 blocks (603.12MB) on 1 volume at 10453 KB/sec\n" +
        "  DUMP: DUMP IS DONE\n" +
        "  DUMP: Level 0 dump on Mon Mar  4 10:15:02 2024\n";

    [Fact]
    public void Normal_run()
    {
        var m = UfsdumpMessages.Parse(Normal);
        Assert.Equal(13, m.Messages.Count);
        Assert.Equal("Date of this level 0 dump: Mon Mar  4 10:15:02 2024", m.Messages[0]);
        Assert.Equal(1235262L, m.EstimatedBlocks);
        Assert.Equal(63, m.RecordKilobytes);
        Assert.Equal(45.32, m.PercentDone);
        Assert.Equal(TimeSpan.FromMinutes(12), m.FinishedIn);
        Assert.Equal(1235198L, m.Blocks);
        Assert.Equal(1, m.Volumes);
        Assert.Equal(10453L, m.KBPerSecond);
        Assert.True(m.IsDone);
        Assert.False(m.Aborted);
        Assert.Equal("Level 0 dump on Mon Mar  4 10:15:02 2024", m.DumpDatesLine);
        Assert.Equal(0, m.DumpDatesLevel);
        Assert.Null(m.NeedsAttention);
        Assert.Empty(m.Errors);
    }

    [Fact]
    public void Short_dump_without_speed_and_without_u()
    {
        var m = UfsdumpMessages.Parse("  DUMP: Estimated 40 blocks (20KB).\n  DUMP: 1 blocks (0KB) on 1 volume\n  DUMP: DUMP IS DONE\n");
        Assert.Equal((40L, 1L, (long?)null, true, (string?)null), (m.EstimatedBlocks!.Value, m.Blocks!.Value, m.KBPerSecond, m.IsDone, m.DumpDatesLine));
    }

    [Fact]
    public void Needs_attention_without_a_tty_on_one_line()
    {
        var text = "  DUMP: Estimated 40 blocks (20KB).\n" +
                   "  DUMP: NEEDS ATTENTION: Cannot open `myhost:/dev/rmt/0'.  Do you want to retry the open?: (\"yes\" or \"no\")   DUMP: The ENTIRE dump is aborted.\n";
        var m = UfsdumpMessages.Parse(text);
        Assert.Equal(3, m.Messages.Count);
        Assert.Equal("Cannot open `myhost:/dev/rmt/0'.  Do you want to retry the open?: (\"yes\" or \"no\")", m.NeedsAttention);
        Assert.True(m.Aborted);
        Assert.False(m.IsDone);
        Assert.Equal("NEEDS ATTENTION: Cannot open `myhost:/dev/rmt/0'.  Do you want to retry the open?: (\"yes\" or \"no\") The ENTIRE dump is aborted.", m.FailureText());
    }

    [Theory]
    [InlineData("  DUMP: Cannot open dump device `/dev/md/rdsk/d99': No such file or directory\n", "Cannot open dump device `/dev/md/rdsk/d99': No such file or directory")]
    [InlineData("  DUMP: Bad option `X'\n  DUMP: The ENTIRE dump is aborted.\n", "Bad option `X' The ENTIRE dump is aborted.")]
    [InlineData("  DUMP: Warning - super-block on device `/dev/md/rdsk/d3' is corrupt - run fsck\n  DUMP: The ENTIRE dump is aborted.\n", "Warning - super-block on device `/dev/md/rdsk/d3' is corrupt - run fsck The ENTIRE dump is aborted.")]
    [InlineData("Usage: ufsdump [0123456789fustdWwnNDCcbavloS [argument]] filesystem\n", "Usage: ufsdump [0123456789fustdWwnNDCcbavloS [argument]] filesystem")]
    public void Failure_text_is_ufsdumps_own_words(string stderr, string expected) =>
        Assert.Equal(expected, UfsdumpMessages.Parse(stderr).FailureText());

    [Fact]
    public void Write_error_then_restart_query()
    {
        var m = UfsdumpMessages.Parse("  DUMP: Write error 200 blocks into volume 1\n  DUMP: NEEDS ATTENTION: Do you want to restart?: (\"yes\" or \"no\")   DUMP: The ENTIRE dump is aborted.\n");
        Assert.Equal(3, m.Errors.Count);
        Assert.StartsWith("Do you want to restart?", m.NeedsAttention);
        Assert.Null(m.Blocks);
    }

    [Fact]
    public void Several_volumes_and_empty_input()
    {
        Assert.Equal(3, UfsdumpMessages.Parse("  DUMP: 5000000 blocks (2441.41MB) on 3 volumes at 9000 KB/sec\n").Volumes);
        var empty = UfsdumpMessages.Parse("");
        Assert.Empty(empty.Messages);
        Assert.Equal("no message", empty.FailureText());
    }
}
