using SvmBackup.Model;
using SvmBackup.Parsing;

namespace SvmBackup.Tests.Parsing;

/// <summary>/etc/dumpdates as putitime() writes it: "%-32s %c %s" (name, level, ctime with its newline).</summary>
public class DumpDatesParserTests
{
    // Byte-exact records: names up to 32 characters are padded to 32, longer ones are not; ctime pads the day with a space.
    internal const string Local = "/dev/md/rdsk/d3                  0 Wed Nov 25 02:00:01 2026";
    internal const string InSet = "/dev/md/schost-1/rdsk/d20        1 Thu Nov 26 02:00:03 2026";
    internal const string LongSetName = "/dev/md/oracle-data-set/rdsk/d120 0 Sun Nov  1 03:15:00 2026";

    [Fact]
    public void Samples_are_in_the_putitime_format()
    {
        Assert.Equal(Local, "/dev/md/rdsk/d3".PadRight(32) + " 0 Wed Nov 25 02:00:01 2026");
        Assert.Equal(InSet, "/dev/md/schost-1/rdsk/d20".PadRight(32) + " 1 Thu Nov 26 02:00:03 2026");
        Assert.Equal(33, "/dev/md/oracle-data-set/rdsk/d120".Length);
    }

    [Fact]
    public void Reads_device_level_and_local_date()
    {
        var e = DumpDatesParser.Parse(Local + "\n" + InSet + "\n" + LongSetName + "\n");
        Assert.Equal(3, e.Count);
        Assert.Equal("/dev/md/rdsk/d3", e[0].Device);
        Assert.Equal(0, e[0].Level);
        Assert.Equal(new DateTime(2026, 11, 25, 2, 0, 1), e[0].Date);
        Assert.Equal(DateTimeKind.Unspecified, e[0].Date.Kind);
        Assert.Equal(Local, e[0].Line);
        Assert.Equal(1, e[0].LineNumber);
        Assert.Equal("/dev/md/schost-1/rdsk/d20", e[1].Device);
        Assert.Equal(1, e[1].Level);
        Assert.Equal(new DateTime(2026, 11, 26, 2, 0, 3), e[1].Date);
        Assert.Equal("/dev/md/oracle-data-set/rdsk/d120", e[2].Device);
        Assert.Equal(new DateTime(2026, 11, 1, 3, 15, 0), e[2].Date);
        Assert.Equal(3, e[2].LineNumber);
        Assert.Null(DumpDatesParser.FirstMalformedLine(Local + "\n" + InSet + "\n" + LongSetName + "\n"));
    }

    [Fact]
    public void Skips_blank_and_garbage_lines_that_ufsdump_would_stop_at()
    {
        var text = "root@myhost:~# cat /etc/dumpdates\r\n" + Local + "\r\n\r\n" + "garbage\n" + "/dev/md/rdsk/d2 x\n" + InSet + "\n";
        var e = DumpDatesParser.Parse(text);
        Assert.Equal(new[] { "/dev/md/rdsk/d3", "/dev/md/schost-1/rdsk/d20" }, e.Select(x => x.Device));
        Assert.Equal(new[] { 2, 6 }, e.Select(x => x.LineNumber));
        Assert.Equal(1, DumpDatesParser.FirstMalformedLine(text));
        // A blank line stops getrecord() too.
        Assert.Equal(2, DumpDatesParser.FirstMalformedLine(Local + "\n\n" + InSet + "\n"));
    }

    [Fact]
    public void Unctime_ignores_the_weekday_and_carries_fields_over_like_mktime()
    {
        // unctime() reads fixed columns; the weekday is never checked, and mktime() normalises Nov 31 to Dec 1.
        var e = DumpDatesParser.Parse("/dev/md/rdsk/d3 2 Mon Nov 31 23:59:60 2026\n");
        Assert.Equal(new DateTime(2026, 12, 2, 0, 0, 0), Assert.Single(e).Date);
        Assert.Equal(2, e[0].Level);
        Assert.Null(DumpDatesParser.FirstMalformedLine("/dev/md/rdsk/d3 2 Mon Nov 31 23:59:60 2026\n"));
    }

    [Fact]
    public void A_bad_month_or_missing_date_is_malformed_for_ufsdump()
    {
        Assert.Empty(DumpDatesParser.Parse("/dev/md/rdsk/d3 0 Wed Foo 25 02:00:01 2026\n"));
        Assert.Equal(1, DumpDatesParser.FirstMalformedLine("/dev/md/rdsk/d3 0 Wed Foo 25 02:00:01 2026\n"));
        Assert.Equal(1, DumpDatesParser.FirstMalformedLine("/dev/md/rdsk/d3 0\n"));
        // A non-digit level is read by "%c" and accepted by ufsdump, but it is no level this model can hold.
        Assert.Empty(DumpDatesParser.Parse("/dev/md/rdsk/d3 x Wed Nov 25 02:00:01 2026\n"));
        Assert.Null(DumpDatesParser.FirstMalformedLine("/dev/md/rdsk/d3 x Wed Nov 25 02:00:01 2026\n"));
    }

    [Fact]
    public void Empty_and_null_text()
    {
        Assert.Empty(DumpDatesParser.Parse(null));
        Assert.Empty(DumpDatesParser.Parse(""));
        Assert.Null(DumpDatesParser.FirstMalformedLine(""));
    }

    [Fact]
    public void Reads_what_the_simulated_ufsdump_writes()
    {
        using var h = new SvmBackup.Tests.Simulator.SimulatorHarness();
        h.Run("myhost", "ufsdump", "0uf", "-", "/dev/md/rdsk/d3");
        var full = h.SolarisNow();
        h.Advance(TimeSpan.FromHours(25));
        h.Run("myhost", "ufsdump", "1uf", "-", "/dev/md/rdsk/d3");
        var text = File.ReadAllText(Path.Combine(h.Directory, "roots", "myhost", "etc", "dumpdates"));
        var e = DumpDatesParser.Parse(text);
        Assert.Equal(2, e.Count);
        Assert.Equal("/dev/md/rdsk/d3                  0 " + full, e[0].Line);
        Assert.Equal(h.Now.AddHours(-25).ToLocalTime(), DateTime.SpecifyKind(e[0].Date, DateTimeKind.Local));
        Assert.Equal(1, e[1].Level);
        Assert.Equal(h.Now.ToLocalTime(), DateTime.SpecifyKind(e[1].Date, DateTimeKind.Local));
    }
}
