using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SvmBackup.Benchmarks;

// dotnet run -c Release --project tests/SvmBackup.Benchmarks               full BenchmarkDotNet run (separate process per size)
// dotnet run -c Release --project tests/SvmBackup.Benchmarks -- --quick    BenchmarkDotNet ShortRun, in process (~20 s)
// dotnet run -c Release --project tests/SvmBackup.Benchmarks -- --stopwatch  plain Stopwatch loop, no BenchmarkDotNet (~5 s)
// dotnet run -c Release --project tests/SvmBackup.Benchmarks -- --latency    write-lock window against network RTT over the sshd rig
//                                                                            (root + unshare; [--repetitions N], default 5; ~2 min)
// dotnet run -c Release --project tests/SvmBackup.Benchmarks -- --scenarios  the module against a one-ssh-per-step runbook, OpenSSH
//                                                                            streaming and a fleet, as ratios (root + unshare + ssh;
//                                                                            [--repetitions N], default 3; [--dump-mib M], default 256;
//                                                                            [--part 1|2|3] runs one part only; simulated tools run
//                                                                            resident, [--process-per-tool] as one .NET process each)
if (args.Contains("--scenarios"))
{
    if (!OperatingSystem.IsLinux())
    {
        Console.Error.WriteLine("--scenarios runs on Linux only: it starts sshd in Linux namespaces.");
        return 3;
    }
    return await SvmBackup.Benchmarks.Scenarios.ScenarioBenchmark.RunAsync(args);
}
if (args.Contains("--latency"))
{
    if (!OperatingSystem.IsLinux())
    {
        Console.Error.WriteLine("--latency runs on Linux only: it starts sshd in Linux namespaces.");
        return 3;
    }
    return await LatencyBenchmark.RunAsync(args);
}

var quick = args.Contains("--quick");
var stopwatch = args.Contains("--stopwatch");

Console.WriteLine("MetastatParser.Parse on a generated metastat report: mirrors with 2 submirrors, each a 1-component stripe, plus the relocation trailer.");
Console.WriteLine("Metadevices counted = mirrors + submirrors (3 per mirror); the report is built once per size, outside the timed code.");
foreach (var size in MetastatParseBenchmark.Sizes)
{
    var text = MetastatReport.Generate(size, out var mirrors);
    Console.WriteLine($"  size {size,5}: {mirrors} mirrors = {mirrors * 3} metadevices, {text.Length:N0} chars, {text.Count(c => c == '\n'):N0} lines");
}

var means = new Dictionary<int, double>(); // nanoseconds
if (stopwatch)
{
    foreach (var size in MetastatParseBenchmark.Sizes)
    {
        means[size] = StopwatchLoop.MeanNanoseconds(MetastatReport.Generate(size, out _));
    }
}
else
{
    var job = quick ? Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance) : Job.Default;
    var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job.WithId(quick ? "quick" : "default"))
        .WithOptions(ConfigOptions.DisableOptimizationsValidator);
    var summary = BenchmarkRunner.Run<MetastatParseBenchmark>(config);
    foreach (var report in summary.Reports)
    {
        var size = (int)report.BenchmarkCase.Parameters["MetadeviceCount"];
        if (report.ResultStatistics != null)
        {
            means[size] = report.ResultStatistics.Mean;
        }
    }
}

Console.WriteLine();
Console.WriteLine($"Summary ({(stopwatch ? "Stopwatch loop" : quick ? "BenchmarkDotNet ShortRun, in-process" : "BenchmarkDotNet default job")}; ratio to the 100-metadevice run of this same process):");
if (!means.TryGetValue(MetastatParseBenchmark.Sizes[0], out var baseline))
{
    Console.WriteLine("  no baseline measurement");
    return 1;
}
MetastatReport.Generate(MetastatParseBenchmark.Sizes[0], out var baseMirrors);
foreach (var size in MetastatParseBenchmark.Sizes)
{
    if (!means.TryGetValue(size, out var mean))
    {
        Console.WriteLine($"  {size,5} metadevices: no result");
        continue;
    }
    MetastatReport.Generate(size, out var mirrors);
    var devices = mirrors * 3;
    var perDevice = mean / devices;
    var ratio = mean / baseline;
    var linear = (double)devices / (baseMirrors * 3);
    Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
        "  {0,5} metadevices ({1,4} mirrors + {2,4} submirrors): mean {3,10:F3} ms  ratio {4,7:F2}x (linear would be {5,6:F2}x)  per metadevice {6,8:F2} us",
        size, mirrors, mirrors * 2, mean / 1e6, ratio, linear, perDevice / 1e3));
}
return 0;

namespace SvmBackup.Benchmarks
{
    [MemoryDiagnoser]
    public class MetastatParseBenchmark
    {
        public static readonly int[] Sizes = { 100, 1000, 5000 };

        private string _text = "";

        [Params(100, 1000, 5000)]
        public int MetadeviceCount { get; set; }

        [GlobalSetup]
        public void Setup() => _text = MetastatReport.Generate(MetadeviceCount, out _);

        [Benchmark]
        public int Parse() => SvmBackup.Parsing.MetastatParser.Parse(_text, "myhost", null).Mirrors.Count;
    }

    internal static class StopwatchLoop
    {
        public static double MeanNanoseconds(string text)
        {
            for (var i = 0; i < 5; i++)
            {
                SvmBackup.Parsing.MetastatParser.Parse(text, "myhost", null);
            }
            var runs = 0;
            var sw = Stopwatch.StartNew();
            while (sw.ElapsedMilliseconds < 1000 || runs < 5)
            {
                SvmBackup.Parsing.MetastatParser.Parse(text, "myhost", null);
                runs++;
            }
            return sw.Elapsed.TotalMilliseconds * 1e6 / runs;
        }
    }

    /// <summary>The reference layout of svm-formats.md §2.4/2.5/2.10 (the myhost capture), repeated.</summary>
    public static class MetastatReport
    {
        public static string Generate(int metadevices, out int mirrors)
        {
            mirrors = (int)Math.Round(metadevices / 3.0, MidpointRounding.AwayFromZero);
            var sb = new System.Text.StringBuilder(mirrors * 900);
            var disks = new List<string>();
            for (var m = 0; m < mirrors; m++)
            {
                var mirror = "d" + (m * 10);
                var subs = new[] { "d" + (m * 10 + 1), "d" + (m * 10 + 2) };
                sb.Append(mirror).Append(": Mirror\n");
                for (var s = 0; s < 2; s++)
                {
                    sb.Append("    Submirror ").Append(s).Append(": ").Append(subs[s]).Append('\n');
                    sb.Append("      State: Okay         \n");
                }
                sb.Append("    Pass: 1\n    Read option: roundrobin (default)\n    Write option: parallel (default)\n");
                sb.Append("    Size: 4198392 blocks (2.0 GB)\n\n");
                for (var s = 0; s < 2; s++)
                {
                    var disk = "c" + (1 + s) + "t" + (m % 16) + "d" + (m / 16);
                    disks.Add(disk);
                    sb.Append(subs[s]).Append(": Submirror of ").Append(mirror).Append('\n');
                    sb.Append("    State: Okay         \n");
                    sb.Append("    Size: 4198392 blocks (2.0 GB)\n");
                    sb.Append("    Stripe 0:\n");
                    sb.Append("\tDevice       Start Block  Dbase        State Reloc Hot Spare\n");
                    sb.Append('\t').Append((disk + "s0").PadRight(12)).Append("        0     No            Okay   Yes \n\n\n");
                }
            }
            var width = disks.Max(d => d.Length) + 2;
            sb.Append("Device Relocation Information:\n");
            sb.Append("Device".PadRight(width)).Append(" Reloc\tDevice ID\n");
            for (var i = disks.Count - 1; i >= 0; i--)
            {
                sb.Append(disks[i].PadRight(width)).Append(" Yes  \tid1,sd@SSEAGATE_ST336607LSUN36G_3JA6").Append(i.ToString("D6", CultureInfo.InvariantCulture)).Append("CGBC\n");
            }
            return sb.ToString();
        }
    }
}
