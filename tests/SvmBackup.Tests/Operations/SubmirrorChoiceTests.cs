using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.Parsing;

namespace SvmBackup.Tests.Operations;

/// <summary>Which submirror a backup splits: the last Okay one by slot, or for an incremental the one with ufsdump's base.</summary>
public class SubmirrorChoiceTests
{
    private static readonly IReadOnlyList<DumpDatesEntry> None = Array.Empty<DumpDatesEntry>();

    private static SvmMirror Mirror(string name, string? set, params (string Name, int Slot, SvmSubmirrorState State)[] subs) => new()
    {
        ComputerName = "myhost",
        DiskSet = set,
        Name = name,
        Submirrors = subs.Select(s => new SvmSubmirror
        {
            Name = s.Name, Index = s.Slot, State = s.State, DiskSet = set, Mirror = name,
            StateText = s.State == SvmSubmirrorState.Okay ? "Okay" : "Needs maintenance",
        }).ToArray(),
    };

    private static SvmMirror TwoWay() => Mirror("d1", null, ("d2", 0, SvmSubmirrorState.Okay), ("d3", 1, SvmSubmirrorState.Okay));

    private static IReadOnlyList<DumpDatesEntry> Dates(params string[] lines) => DumpDatesParser.Parse(string.Join("\n", lines) + "\n");

    private static string Line(string device, int level, string ctime) => device.PadRight(32) + " " + level + " " + ctime;

    [Fact]
    public void Level_0_takes_the_last_okay_submirror_by_slot()
    {
        var r = SubmirrorChoice.Choose(TwoWay(), null, 0, Dates(Line("/dev/md/rdsk/d2", 0, "Wed Nov 25 02:00:01 2026")));
        Assert.Equal("d3", r.Submirror);
        Assert.Equal("level 0: d3 is the last Okay submirror of d1 by slot (Submirror 1); d2 stays in the mirror.", r.Reason);
        Assert.Null(r.Base);
        Assert.Null(r.Warning);
    }

    [Fact]
    public void Slots_not_print_order_and_only_okay_submirrors_count()
    {
        var m = Mirror("d0", "schost-1", ("d10", 0, SvmSubmirrorState.Okay), ("d30", 3, SvmSubmirrorState.NeedsMaintenance), ("d20", 2, SvmSubmirrorState.Okay));
        var r = SubmirrorChoice.Choose(m, "schost-1", 0, None);
        Assert.Equal("d20", r.Submirror);
        Assert.Contains("(Submirror 2)", r.Reason);
    }

    [Fact]
    public void Never_the_only_okay_submirror()
    {
        var m = Mirror("d1", null, ("d2", 0, SvmSubmirrorState.Okay), ("d3", 1, SvmSubmirrorState.NeedsMaintenance));
        var ex = Assert.Throws<SvmRefusedException>(() => SubmirrorChoice.Choose(m, null, 0, None));
        Assert.Equal(SvmRefusal.LastReadableSubmirror, ex.Refusal);
        Assert.Equal("d1", ex.Target);
        Assert.StartsWith("d1 on myhost has 1 Okay submirror (d2 Okay, d3 Needs maintenance): ", ex.Message);
        // Also for an incremental whose base is on the only Okay submirror.
        Assert.Throws<SvmRefusedException>(() => SubmirrorChoice.Choose(m, null, 1, Dates(Line("/dev/md/rdsk/d2", 0, "Wed Nov 25 02:00:01 2026"))));
    }

    [Fact]
    public void An_incremental_goes_to_the_submirror_with_the_most_recent_lower_level_dump()
    {
        var dates = Dates(
            Line("/dev/md/rdsk/d3", 0, "Wed Nov 18 02:00:01 2026"),
            Line("/dev/md/rdsk/d2", 0, "Wed Nov 25 02:00:01 2026"),
            Line("/dev/md/rdsk/d2", 1, "Thu Nov 26 02:00:00 2026"));
        var r = SubmirrorChoice.Choose(TwoWay(), null, 1, dates);
        Assert.Equal("d2", r.Submirror);
        Assert.Same(dates[1], r.Base);
        Assert.Null(r.Warning);
        Assert.Equal("level 1: d2 has the most recent lower-level dump in /etc/dumpdates (level 0 of /dev/md/rdsk/d2 on Wed Nov 25 02:00:01 2026), the base ufsdump takes for this incremental.", r.Reason);
        // Level 2: d2's level 1 is now below the level and the most recent.
        var r2 = SubmirrorChoice.Choose(TwoWay(), null, 2, dates);
        Assert.Equal("d2", r2.Submirror);
        Assert.Equal(1, r2.Base!.Level);
    }

    [Fact]
    public void Records_at_or_above_the_level_are_no_base()
    {
        var dates = Dates(
            Line("/dev/md/rdsk/d2", 0, "Wed Nov 18 02:00:01 2026"),
            Line("/dev/md/rdsk/d3", 1, "Wed Nov 25 02:00:01 2026"),
            Line("/dev/md/rdsk/d3", 5, "Thu Nov 26 02:00:01 2026"));
        Assert.Equal("d2", SubmirrorChoice.Choose(TwoWay(), null, 1, dates).Submirror);
        Assert.Equal("d3", SubmirrorChoice.Choose(TwoWay(), null, 2, dates).Submirror);
        Assert.Equal(1, SubmirrorChoice.Choose(TwoWay(), null, 5, dates).Base!.Level);
        Assert.Equal(5, SubmirrorChoice.Choose(TwoWay(), null, 6, dates).Base!.Level);
    }

    [Fact]
    public void Disk_set_submirrors_match_their_set_device_names()
    {
        var m = Mirror("d0", "schost-1", ("d10", 0, SvmSubmirrorState.Okay), ("d20", 1, SvmSubmirrorState.Okay), ("d30", 2, SvmSubmirrorState.Okay));
        var dates = Dates(
            Line("/dev/md/rdsk/d30", 0, "Thu Nov 26 02:00:01 2026"),          // the local set's d30: another device
            Line("/dev/md/schost-1/rdsk/d10", 0, "Wed Nov 25 02:00:01 2026"));
        var r = SubmirrorChoice.Choose(m, "schost-1", 3, dates);
        Assert.Equal("d10", r.Submirror);
        Assert.Equal("/dev/md/schost-1/rdsk/d10", r.Base!.Device);
        // The set comes from the mirror when the caller does not repeat it.
        Assert.Equal("d10", SubmirrorChoice.Choose(m, null, 3, dates).Submirror);
        Assert.Throws<ArgumentException>(() => SubmirrorChoice.Choose(m, "other", 3, dates));
    }

    [Fact]
    public void A_base_on_a_submirror_that_is_not_okay_does_not_count()
    {
        var m = Mirror("d1", null, ("d2", 0, SvmSubmirrorState.Okay), ("d3", 1, SvmSubmirrorState.Okay), ("d4", 2, SvmSubmirrorState.NeedsMaintenance));
        var dates = Dates(Line("/dev/md/rdsk/d4", 0, "Thu Nov 26 02:00:01 2026"), Line("/dev/md/rdsk/d2", 0, "Wed Nov 18 02:00:01 2026"));
        Assert.Equal("d2", SubmirrorChoice.Choose(m, null, 1, dates).Submirror);
    }

    [Fact]
    public void Equal_dates_go_to_the_later_slot()
    {
        var dates = Dates(Line("/dev/md/rdsk/d3", 0, "Wed Nov 25 02:00:01 2026"), Line("/dev/md/rdsk/d2", 0, "Wed Nov 25 02:00:01 2026"));
        Assert.Equal("d3", SubmirrorChoice.Choose(TwoWay(), null, 1, dates).Submirror);
    }

    [Fact]
    public void Without_a_base_the_level_0_rule_and_a_warning()
    {
        var dates = Dates(Line("/dev/md/rdsk/d2", 3, "Wed Nov 25 02:00:01 2026"));
        var r = SubmirrorChoice.Choose(TwoWay(), null, 2, dates);
        Assert.Equal("d3", r.Submirror);
        Assert.Null(r.Base);
        Assert.Equal("no lower-level dump of any submirror in /etc/dumpdates: this level 2 dump will be as large as a level 0", r.Warning);
        Assert.Equal(r.Warning + "; d3 is the last Okay submirror of d1 by slot (Submirror 1); d2 stays in the mirror.", r.Reason);
    }

    [Fact]
    public void Without_a_base_the_reason_points_at_a_dump_of_the_mirror_itself()
    {
        var dates = Dates(Line("/dev/md/rdsk/d1", 0, "Wed Nov 25 02:00:01 2026"));
        var r = SubmirrorChoice.Choose(TwoWay(), null, 1, dates);
        Assert.Equal("d3", r.Submirror);
        Assert.NotNull(r.Warning);
        Assert.Contains("has a level 0 dump of the mirror's own device /dev/md/rdsk/d1", r.Reason);
    }

    [Fact]
    public void Rejects_a_level_outside_0_to_9()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SubmirrorChoice.Choose(TwoWay(), null, 10, None));
        Assert.Throws<ArgumentOutOfRangeException>(() => SubmirrorChoice.Choose(TwoWay(), null, -1, None));
    }
}
