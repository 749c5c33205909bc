using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>Several threads (and processes, see CliTests) share one state directory without losing updates.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task ParallelWritersAndToolsKeepStateConsistent()
    {
        using var h = new SimulatorHarness(TestTopologies.Small());
        var writers = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 8; i++)
            {
                var block = (t * 8 + i) * 128L; // each write in its own 64 KiB
                h.Simulator.Write("host1", "/data", block, Enumerable.Repeat((byte)(t * 8 + i + 1), 512).ToArray());
                Assert.Equal(0, h.Run("host1", "metastat", "-p").Exit);
            }
        })).ToArray();
        var toggler = Task.Run(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(0, h.Run("host1", "lockfs", "-n", "/").Exit);
                Assert.Equal(0, h.Run("host1", "lockfs", "-u", "/").Exit);
            }
        });
        await Task.WhenAll(writers.Append(toggler));
        for (var n = 0; n < 64; n++)
        {
            var expected = Enumerable.Repeat((byte)(n + 1), 512).ToArray();
            Assert.Equal(expected, h.Simulator.ReadSubmirror("host1", "d2", n * 128L, 1));
            Assert.Equal(expected, h.Simulator.ReadSubmirror("host1", "d3", n * 128L, 1));
        }
        Assert.Equal("", h.Run("host1", "lockfs").Stdout);
    }

    /// <summary>Two sessions opened at once on one simulated host both install its root: neither may fail.</summary>
    [Fact]
    public void ParallelInstallsOfOneRootAllSucceed()
    {
        for (var round = 0; round < 5; round++)
        {
            using var h = new SimulatorHarness(TestTopologies.Small());
            using var start = new Barrier(8);
            var roots = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8)
                .Select(_ => { start.SignalAndWait(); return h.Simulator.InstallRoot("host1", "/bin/false"); }).ToList();
            Assert.Single(roots.Distinct());
            Assert.Contains("exec /bin/false", File.ReadAllText(Path.Combine(roots[0], "usr", "sbin", "metastat")));
        }
    }

    [Fact]
    public void ParallelOfflineAttemptsLeaveExactlyOneReadableSubmirror()
    {
        using var h = new SimulatorHarness(TestTopologies.Small());
        var results = new[] { "d31", "d32", "d33", "d34" }.AsParallel().Select(sm => h.Run("host1", "metaoffline", "d30", sm)).ToList();
        Assert.Equal(3, results.Count(r => r.Exit == 0));
        Assert.Single(results, r => r.Stderr == "metaoffline: host1: d30: operation would result in no readable submirrors\n\n");
    }
}
