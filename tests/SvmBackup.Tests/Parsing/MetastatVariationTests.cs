using System.Text.RegularExpressions;
using SvmBackup.Model;
using SvmBackup.Parsing;
using Xunit;

namespace SvmBackup.Tests.Parsing;

/// <summary>What real captures do to the metastat report: each variation has its own test.</summary>
public class MetastatVariationTests
{
    private static readonly string Healthy = ReferenceSamples.Healthy;

    private static SvmMirror Single(string text, string? set = null) =>
        Assert.Single(MetastatParser.Parse(text, "myhost", set).Mirrors);

    private static void AssertIsHealthyD0(SvmMirror m)
    {
        Assert.Equal("d0", m.Name);
        Assert.Equal(4198392L, m.SizeBlocks);
        Assert.Equal(1, m.Pass);
        Assert.Equal("roundrobin", m.ReadOption);
        Assert.Equal("parallel", m.WriteOption);
        Assert.Equal(new[] { "d10", "d20" }, m.Submirrors.Select(s => s.Name));
        Assert.All(m.Submirrors, s => Assert.Equal(SvmSubmirrorState.Okay, s.State));
        Assert.All(m.Submirrors, s => Assert.Equal("Okay", s.StateText));
        Assert.Equal(new[] { "c0t0d0s0", "c0t1d0s0" }, m.Submirrors.Select(s => Assert.Single(s.Components).Name));
        Assert.All(m.Submirrors, s => Assert.Equal("Okay", s.Components[0].StateText));
        Assert.True(m.IsHealthy);
    }

    // A mirror whose second submirror is resyncing, with the given resync line.
    private static string ResyncWith(string resyncLine) =>
        ReferenceSamples.Resync.Replace("    Resync in progress: 45 % done\n", resyncLine);

    [Fact]
    public void Resync_percent_of_a_large_mirror_has_tenths_and_a_leading_blank()
    {
        var m = Single(ResyncWith("    Resync in progress:  5.2 % done\n"));
        Assert.Equal(5.2, m.ResyncPercent);
        Assert.Equal(SvmResyncState.InProgress, m.ResyncState);
    }

    [Theory]
    [InlineData("    Resync in progress: 12.5% done\n", 12.5)]
    [InlineData("    Resync in progress: 42% done\n", 42.0)]
    [InlineData("    Resync in progress: 0 % done\n", 0.0)]
    [InlineData("    Resync in progress: 99 % done\n", 99.0)]
    public void Resync_percent_without_space_before_percent(string line, double expected)
    {
        var m = Single(ResyncWith(line));
        Assert.Equal(expected, m.ResyncPercent);
        Assert.Equal(SvmResyncState.InProgress, m.ResyncState);
    }

    [Fact]
    public void Resync_cancelled()
    {
        var text = ResyncWith("    Resync cancelled: 30 % done\n")
            .Replace("      State: Resyncing    \n", "      State: Resync cancelled\n")
            .Replace("d20: Submirror of d0\n    State: Resyncing    \n", "d20: Submirror of d0\n    State: Resync cancelled\n    Invoke: metasync d0\n");
        var m = Single(text);
        Assert.Equal(SvmResyncState.Cancelled, m.ResyncState);
        Assert.Equal(30.0, m.ResyncPercent);
        Assert.Equal(SvmSubmirrorState.ResyncCancelled, m.Submirrors[1].State);
        Assert.Equal("Resync cancelled", m.Submirrors[1].StateText);
        Assert.Equal("metasync d0", m.Submirrors[1].InvokeAction);
        Assert.False(m.IsHealthy);
    }

    [Fact]
    public void Multi_row_stripe_with_interlace()
    {
        var text = Healthy.Replace(
            "d10: Submirror of d0\n    State: Okay         \n    Size: 4198392 blocks (2.0 GB)\n    Stripe 0:\n" +
            "\tDevice     Start Block  Dbase        State Reloc Hot Spare\n" +
            "\tc0t0d0s0          0     No            Okay   Yes \n",
            "d10: Submirror of d0\n    State: Okay         \n    Size: 4198392 blocks (2.0 GB)\n" +
            "    Stripe 0: (interlace: 32 blocks)\n" +
            "\tDevice     Start Block  Dbase        State Reloc Hot Spare\n" +
            "\tc0t0d0s0       3591     Yes           Okay   Yes \n" +
            "\tc0t2d0s0          0     No            Okay   No  \n" +
            "    Stripe 1:\n" +
            "\tDevice     Start Block  Dbase        State Reloc Hot Spare\n" +
            "\tc0t3d0s0          0     No            Okay   Yes \n");
        var d10 = Single(text).Submirrors[0];
        Assert.Equal(new[] { "c0t0d0s0", "c0t2d0s0", "c0t3d0s0" }, d10.Components.Select(c => c.Name));
        Assert.Equal(new[] { 0, 0, 1 }, d10.Components.Select(c => c.Stripe));
        Assert.Equal(new long?[] { 32, 32, null }, d10.Components.Select(c => c.InterlaceBlocks));
        Assert.Equal(3591L, d10.Components[0].StartBlock);
        Assert.True(d10.Components[0].HasStateDatabase);
        Assert.False(d10.Components[1].HasStateDatabase);
        Assert.False(d10.Components[1].Relocation);
        Assert.True(d10.Components[2].Relocation);
    }

    [Fact]
    public void Descriptive_names()
    {
        var text = Regex.Replace(Healthy, @"\bd10\b", "home.sub-a");
        text = Regex.Replace(text, @"\bd20\b", "home.sub-b");
        text = Regex.Replace(text, @"\bd0\b", "home_mirror");
        var m = Single(text);
        Assert.Equal("home_mirror", m.Name);
        Assert.Equal("/dev/md/rdsk/home_mirror", m.RawDevice);
        Assert.Equal(new[] { "home.sub-a", "home.sub-b" }, m.Submirrors.Select(s => s.Name));
        Assert.Equal("/dev/md/rdsk/home.sub-b", m.Submirrors[1].RawDevice);
        Assert.Equal("c0t1d0s0", m.Submirrors[1].Components[0].Name);
    }

    [Fact]
    public void Relocation_trailer_and_smf_tail_merged_from_stderr()
    {
        var result = MetastatParser.Parse(Healthy + ReferenceSamples.SmfError, "myhost", null);
        AssertIsHealthyD0(Assert.Single(result.Mirrors));
        var e = Assert.Single(result.Errors);
        Assert.Equal(SvmToolErrorKind.SmfServicesNotOnline, e.Kind);
        Assert.Equal("system/mdmonitor:default", e.Name);
    }

    [Fact]
    public void Stale_replica_banner()
    {
        var text = "****\nWARNING: Stale state database replicas. Metastat output may be inaccurate.\n****\n\n" + Healthy;
        var result = MetastatParser.Parse(text, "myhost", null);
        Assert.True(result.HasStaleReplicaWarning);
        AssertIsHealthyD0(Assert.Single(result.Mirrors));
    }

    [Fact]
    public void Timestamps_from_dash_t()
    {
        var text = ReferenceSamples.Offline
            .Replace("      State: Okay         \n", "      State: Okay         Mon Mar  4 10:15:02 2024\n")
            .Replace("      State: Needs maintenance \n", "      State: Needs maintenance Tue Mar 12 09:01:59 2024\n")
            .Replace("\tDevice     Start Block  Dbase        State Reloc Hot Spare\n\tc0t1d0s0          0     No            Okay   Yes \n",
                     "\tDevice   Start Dbase State       Reloc Hot Spare Time\n\tc0t1d0s0     0 No    Okay        Yes             Mon Mar  4 10:15:02 2024\n");
        var m = Single(text);
        Assert.Equal("Okay", m.Submirrors[0].StateText);
        Assert.Equal("Mon Mar  4 10:15:02 2024", m.Submirrors[0].StateTime);
        Assert.Equal(SvmSubmirrorState.NeedsMaintenance, m.Submirrors[1].State);
        Assert.Equal("Needs maintenance", m.Submirrors[1].StateText);
        Assert.Equal("Tue Mar 12 09:01:59 2024", m.Submirrors[1].StateTime);
        Assert.True(m.Submirrors[1].IsOffline);
        var c = Assert.Single(m.Submirrors[1].Components);
        Assert.Equal("c0t1d0s0", c.Name);
        Assert.Equal("Okay", c.StateText);
        Assert.True(c.Relocation);
        Assert.Null(c.HotSpare);
    }

    [Fact]
    public void Tabs_instead_of_spaces_and_spaces_instead_of_tabs()
    {
        var text = Regex.Replace(Healthy, "^\t", "        ", RegexOptions.Multiline);
        text = Regex.Replace(text, "^    ", "\t", RegexOptions.Multiline);
        Assert.DoesNotContain("\n    S", text);
        AssertIsHealthyD0(Single(text));
    }

    [Fact]
    public void Trailing_blanks_stripped()
    {
        var text = Regex.Replace(Healthy, "[ \t]+\n", "\n");
        Assert.Contains("State: Okay\n", text);
        AssertIsHealthyD0(Single(text));
    }

    [Fact]
    public void Crlf_line_ends()
    {
        AssertIsHealthyD0(Single(Healthy.Replace("\n", "\r\n")));
    }

    [Theory]
    [InlineData("root@myhost:~# metastat d0\n")]
    [InlineData("# /usr/sbin/metastat d0\n")]
    [InlineData("bash-3.2# metastat\n")]
    [InlineData("myhost:/root> metastat\n")]
    public void Shell_prompt_or_echoed_command_first(string first)
    {
        AssertIsHealthyD0(Single(first + Healthy + "root@myhost:~# "));
    }

    [Fact]
    public void Multiple_blank_lines()
    {
        AssertIsHealthyD0(Single("\n\n" + Healthy.Replace("\n\n", "\n\n\n\n") + "\n\n\n"));
    }

    [Fact]
    public void No_blank_lines_between_blocks()
    {
        AssertIsHealthyD0(Single(Regex.Replace(Healthy, "\n\n+", "\n")));
    }

    [Fact]
    public void Old_release_without_reloc_column_and_size_without_units()
    {
        var text =
            "d0: Mirror\n" +
            "    Submirror 0: d10\n" +
            "      State: Okay         \n" +
            "    Submirror 1: d20\n" +
            "      State: Okay         \n" +
            "    Pass: 1\n" +
            "    Read option: roundrobin (default)\n" +
            "    Write option: parallel (default)\n" +
            "    Size: 4198392 blocks\n" +
            "\n" +
            "d10: Submirror of d0\n" +
            "    State: Okay         \n" +
            "    Size: 4198392 blocks\n" +
            "    Stripe 0:\n" +
            "\tDevice              Start Block  Dbase State        Hot Spare\n" +
            "\tc0t0d0s0                   0     No    Okay         \n" +
            "\n" +
            "d20: Submirror of d0\n" +
            "    State: Okay         \n" +
            "    Size: 4198392 blocks\n" +
            "    Stripe 0:\n" +
            "\tDevice              Start Block  Dbase State        Hot Spare\n" +
            "\tc0t1d0s0                   0     No    Okay         c1t5d0s0\n" +
            "\n";
        var m = Single(text);
        Assert.Equal(4198392L, m.SizeBlocks);
        Assert.Equal(4198392L, m.Submirrors[0].SizeBlocks);
        var c0 = m.Submirrors[0].Components[0];
        Assert.Equal("Okay", c0.StateText);
        Assert.False(c0.Relocation);
        Assert.Null(c0.HotSpare);
        Assert.Equal("c1t5d0s0", m.Submirrors[1].Components[0].HotSpare);
    }

    [Fact]
    public void State_column_left_aligned_as_in_the_admin_guide()
    {
        var text = Healthy.Replace("\tDevice     Start Block  Dbase        State Reloc Hot Spare\n", "\tDevice     Start Block  Dbase State        Reloc Hot Spare\n")
            .Replace("\tc0t0d0s0          0     No            Okay   Yes \n", "\tc0t0d0s0          0     No    Okay         Yes\n")
            .Replace("\tc0t1d0s0          0     No            Okay   Yes \n", "\tc0t1d0s0          0     No    Last Erred   No\n");
        var m = Single(text);
        Assert.Equal("Okay", m.Submirrors[0].Components[0].StateText);
        Assert.True(m.Submirrors[0].Components[0].Relocation);
        Assert.Equal("Last Erred", m.Submirrors[1].Components[0].StateText);
        Assert.False(m.Submirrors[1].Components[0].Relocation);
    }

    [Fact]
    public void Multi_owner_resync_option_and_owner()
    {
        var text = ReferenceSamples.DiskSet.Replace("    Write option: parallel (default)\n",
            "    Write option: parallel (default)\n    Resync option: optimized resync\n    Owner: node1\n");
        var m = Single(text, "blue");
        Assert.Equal("optimized resync", m.ResyncOption);
        Assert.Equal("node1", m.Owner);
        Assert.Equal(1027216L, m.SizeBlocks);
        Assert.Equal(2, m.Submirrors.Length);
    }

    [Fact]
    public void Hot_spare_in_use_and_hot_spare_pool()
    {
        var text = Healthy
            .Replace("d20: Submirror of d0\n    State: Okay         \n", "d20: Submirror of d0\n    State: Okay         \n    Hot spare pool: hsp001\n")
            .Replace("\tc0t1d0s0          0     No            Okay   Yes \n", "\tc0t1d0s0          0     No            Okay   Yes c1t5d0s0\n");
        var d20 = Single(text).Submirrors[1];
        Assert.Equal("hsp001", d20.HotSparePool);
        Assert.Equal("c1t5d0s0", d20.Components[0].HotSpare);
        Assert.Equal("Okay", d20.Components[0].StateText);
    }

    [Fact]
    public void Last_erred_component_with_two_line_invoke()
    {
        var text = ReferenceSamples.Failed
            .Replace("    Invoke: metareplace d0 c0t1d0s0 <new device>\n",
                     "    Invoke: after replacing \"Maintenance\" components:\n\t\tmetareplace d0 c0t1d0s0 <new device>\n")
            .Replace("\tc0t1d0s0          0     No     Maintenance   Yes \n", "\tc0t1d0s0          0     No      Last Erred   Yes \n");
        var d20 = Single(text).Submirrors[1];
        Assert.Equal("after replacing \"Maintenance\" components: metareplace d0 c0t1d0s0 <new device>", d20.InvokeAction);
        Assert.Equal("Last Erred", Assert.Single(d20.Components).StateText);
        Assert.False(d20.IsOffline);
    }

    [Fact]
    public void Unavailable_submirror_keeps_the_mirror_block_state()
    {
        var text = Healthy
            .Replace("    Submirror 1: d20\n      State: Okay         \n", "    Submirror 1: d20\n      State: Unavailable  \n")
            .Replace("d20: Submirror of d0\n    State: Okay         \n", "d20: Submirror of d0\n")
            .Replace("\tc0t1d0s0          0     No            Okay   Yes \n", "\tc0t1d0s0          0     No               -   Yes \n");
        var m = Single(text);
        Assert.Equal(SvmSubmirrorState.Unavailable, m.Submirrors[1].State);
        Assert.Equal("-", m.Submirrors[1].Components[0].StateText);
        Assert.False(m.IsHealthy);
    }

    [Fact]
    public void Slot_numbers_are_kept_not_renumbered()
    {
        var text = Healthy.Replace("    Submirror 1: d20\n", "    Submirror 2: d20\n");
        Assert.Equal(new[] { 0, 2 }, Single(text).Submirrors.Select(s => s.Index));
    }

    [Fact]
    public void Unknown_submirror_state_is_kept_as_text()
    {
        var text = Healthy.Replace("    Submirror 1: d20\n      State: Okay         \n", "    Submirror 1: d20\n      State: Offline      \n");
        var d20 = Single(text).Submirrors[1];
        Assert.Equal(SvmSubmirrorState.Unknown, d20.State);
        Assert.Equal("Offline", d20.StateText);
    }

    [Fact]
    public void Two_sets_in_one_output_like_metastat_a()
    {
        var result = MetastatParser.Parse(Healthy + "\n" + ReferenceSamples.DiskSet + "\n", "myhost", null);
        Assert.Equal(new[] { "d0", "blue/d100" }, result.Mirrors.Select(m => m.FullName));
        Assert.Equal(new[] { "blue/d10", "blue/d11" }, result.Mirrors[1].Submirrors.Select(s => s.FullName));
    }

    [Fact]
    public void Mirrors_keep_output_order()
    {
        var second = Healthy.Substring(0, Healthy.IndexOf("Device Relocation", StringComparison.Ordinal));
        second = Regex.Replace(second, @"\bd10\b", "d91");
        second = Regex.Replace(second, @"\bd20\b", "d92");
        second = Regex.Replace(second, @"\bd0\b", "d9");
        var result = MetastatParser.Parse(second + Healthy, "myhost", null);
        Assert.Equal(new[] { "d9", "d0" }, result.Mirrors.Select(m => m.Name));
        Assert.Equal(new[] { "d91", "d92" }, result.Mirrors[0].Submirrors.Select(s => s.Name));
    }
}
