using SvmBackup.Inventory;
using SvmBackup.Model;
using SvmBackup.Operations;
using SvmBackup.Parsing;
using SvmBackup.Scripts;
using SvmBackup.Sessions;
using SvmBackup.Simulator;
using SvmBackup.Tests.Support;
using SvmBackup.Transport;

namespace SvmBackup.Tests.Operations;

/// <summary>
/// The dump target preflight end to end: its commands in one batch through /bin/sh against the simulated node (the
/// built svmsim behind /usr/bin/mt, /usr/bin/test and /usr/sbin/ufsdump), read back by Interpret / ParseEstimate.
/// </summary>
public sealed class DumpTargetCheckSimulatedTests : IDisposable
{
    private const string ReadyStatus =
        "HP Ultrium LTO 3 tape drive:\n" +
        "   sense key(0x0)= No Additional Sense   residual= 0   retries= 0\n" +
        "   file no= 0   block no= 0\n";

    private readonly SimulatedHost _host = new();

    public void Dispose() => _host.Dispose();

    private async Task<SvmSession> OpenAsync(string node = "myhost")
    {
        var transport = new LocalShellTransport(_host.RootFor(node), node, SolarisSimulator.ProvidedPaths, new Dictionary<string, string> { ["SVMSIM_EUID"] = "0" });
        return await SvmSession.OpenAsync(transport, node, 22, "root", Elevation.None, null, CancellationToken.None);
    }

    private static async Task<IReadOnlyList<CommandResult>> RunAsync(SvmSession session, IEnumerable<RemoteCommand> commands)
    {
        var batch = session.NewBatch();
        foreach (var c in commands) batch.Add(c);
        return await session.RunAsync(batch, CancellationToken.None);
    }

    [Fact]
    public async Task Ready_and_not_ready_tape()
    {
        using var s = await OpenAsync();
        var target = DumpTarget.Tape("/dev/rmt/0");
        var ready = await RunAsync(s, DumpTargetCheck.Commands(target));
        Assert.Equal(ReadyStatus, ready[0].Stdout);
        DumpTargetCheck.Interpret(target, ready, s.ComputerName);

        _host.Simulator.InjectFault(SimulatorFault.TapeNotReady("myhost"));
        var notReady = await RunAsync(s, DumpTargetCheck.Commands(target));
        Assert.Equal(1, notReady[0].ExitCode);
        var ex = Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.Interpret(target, notReady, s.ComputerName));
        Assert.Equal(SvmRefusal.TargetNotReady, ex.Refusal);
        Assert.Contains("said \"/dev/rmt/0bn: no tape loaded or drive offline\"", ex.Message);
    }

    [Fact]
    public async Task Host_folder_checks_see_the_files_the_simulated_ufsdump_writes()
    {
        using var s = await OpenAsync();
        Directory.CreateDirectory(Path.Combine(_host.RootFor("myhost"), "backup"));
        var target = DumpTarget.HostFile("/backup/home1.0");
        var missing = DumpTarget.HostFile("/nonexistent/home1.0");
        var commands = DumpTargetCheck.Commands(target).Concat(DumpTargetCheck.Commands(missing)).ToList();
        var r = await RunAsync(s, commands);
        DumpTargetCheck.Interpret(target, r.Take(5).ToList(), s.ComputerName);
        Assert.Equal(SvmRefusal.TargetDirectoryMissing,
            Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.Interpret(missing, r.Skip(5).ToList(), s.ComputerName)).Refusal);

        var dump = await RunAsync(s, new[] { SubmirrorDumpOperations.DumpCommand(0, false, "/backup/home1.0", "/dev/md/rdsk/d3") });
        Assert.Equal(0, dump[0].ExitCode);
        var again = await RunAsync(s, DumpTargetCheck.Commands(target));
        Assert.Equal(SvmRefusal.TargetExists, Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.Interpret(target, again, s.ComputerName)).Refusal);
        DumpTargetCheck.Interpret(DumpTarget.HostFile("/backup/home1.0", allowOverwrite: true), again, s.ComputerName);
    }

    [Fact]
    public async Task Estimate_and_dumpdates_in_the_preflight_round_trip_choose_the_incremental_base()
    {
        using var s = await OpenAsync();
        _host.Simulator.Write("myhost", "/home1", 0, Enumerable.Repeat((byte)7, 300 * 1024).ToArray()); // 300 KiB of data
        // A level 0 of d2 recorded in /etc/dumpdates: a level 1 should now go to d2, not to the last slot (d3).
        Assert.Equal(0, (await RunAsync(s, new[] { SubmirrorDumpOperations.DumpCommand(0, true, "-", "/dev/md/rdsk/d2") }))[0].ExitCode);

        var before = s.RoundTrips;
        var r = await RunAsync(s, new[]
        {
            new RemoteCommand(SolarisPaths.Cat, SolarisPaths.DumpDates),
            DumpTargetCheck.EstimateCommand(1, "/dev/md/rdsk/d2"),
        }.Concat(DumpTargetCheck.Commands(DumpTarget.Tape("/dev/rmt/0n"))));
        Assert.Equal(1, s.RoundTrips - before);

        var dates = DumpDatesParser.Parse(r[0].Stdout);
        Assert.Null(DumpDatesParser.FirstMalformedLine(r[0].Stdout));
        var entry = Assert.Single(dates);
        Assert.Equal("/dev/md/rdsk/d2", entry.Device);
        var mirror = await SubmirrorOperations.ReadMirrorAsync(s, null, "d1", CancellationToken.None);
        var choice = SubmirrorChoice.Choose(mirror, null, 1, dates);
        Assert.Equal("d2", choice.Submirror);
        Assert.Same(entry, choice.Base);
        Assert.Equal("d3", SubmirrorChoice.Choose(mirror, null, 0, dates).Submirror);

        using var expected = new MemoryStream();
        Assert.Equal(0, _host.Simulator.Run("myhost", "ufsdump", new[] { "1S", "/dev/md/rdsk/d2" }, Stream.Null, false, expected, Stream.Null));
        var bytes = DumpTargetCheck.ParseEstimate(r[1]);
        Assert.Equal(long.Parse(System.Text.Encoding.ASCII.GetString(expected.ToArray()).Trim()), bytes);
        Assert.True(bytes >= 300 * 1024);
        DumpTargetCheck.Interpret(DumpTarget.Tape("/dev/rmt/0n"), r.Skip(2).ToList(), s.ComputerName);
    }

    [Fact]
    public async Task The_connection_probe_still_finds_the_tools_through_the_provided_test()
    {
        using var s = await OpenAsync();
        var report = await ConnectionProbe.RunAsync(s, CancellationToken.None);
        Assert.Empty(report.MissingTools);
        Assert.Equal(1, (await RunAsync(s, new[] { new RemoteCommand(SolarisPaths.Test, "-x", "/usr/sbin/nosuchtool") }))[0].ExitCode);
    }
}
