using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using SvmBackup.Simulator.Rendering;
using SvmBackup.Simulator.State;
using SvmBackup.Simulator.Storage;

namespace SvmBackup.Simulator.Tools;

/// <summary>
/// ufsdump (dumpmain.c, dumpoptr.c, dumpitime.c): key letters, "  DUMP: " messages on stderr, /etc/dumpdates, and a
/// simulated image (see DumpImage) of the device's real bytes. It only reads, and holds the device open while it does.
/// </summary>
internal static class UfsdumpTool
{
    private const string Letters = "0123456789fustdWwnNDCcbavloSTLa";
    private const string TakesArgument = "fsdtbNTLa";

    public static int Run(ToolContext ctx)
    {
        if (ctx.Args.Count == 0)
        {
            return Usage(ctx);
        }
        var key = ctx.Args[0].TrimStart('-');
        var rest = ctx.Args.Skip(1).ToList();
        var level = '9';
        var update = false;
        var file = "/dev/rmt/0";
        var recordKb = 32;
        var sizeOnly = false;
        string? dumpdatesName = null;
        foreach (var letter in key)
        {
            if (Letters.IndexOf(letter) < 0)
            {
                ctx.Err("  DUMP: Bad option `" + letter + "'\n  DUMP: The ENTIRE dump is aborted.\n");
                return 3;
            }
            string? argument = null;
            if (TakesArgument.IndexOf(letter) >= 0)
            {
                if (rest.Count == 0)
                {
                    return Usage(ctx);
                }
                argument = rest[0];
                rest.RemoveAt(0);
            }
            switch (letter)
            {
                case var d when char.IsDigit(d):
                    level = d;
                    break;
                case 'u':
                    update = true;
                    break;
                case 'c':
                case 'C':
                    recordKb = 63;
                    break;
                case 'b':
                    recordKb = int.Parse(argument!, CultureInfo.InvariantCulture) / 2;
                    break;
                case 'f':
                    file = argument!;
                    break;
                case 'N':
                    dumpdatesName = argument;
                    break;
                case 'S':
                    sizeOnly = true;
                    break;
            }
        }
        if (rest.Count == 0)
        {
            return Usage(ctx);
        }
        var operand = rest[rest.Count - 1];

        var token = Guid.NewGuid().ToString("N");
        var source = ctx.Transact(cluster => Open(cluster, ctx, operand, token));
        if (source == null)
        {
            ctx.Err("  DUMP: Cannot open dump device `" + operand + "': No such file or directory\n");
            return 3;
        }
        try
        {
            return Dump(ctx, source, level, update, file, recordKb, sizeOnly, dumpdatesName);
        }
        finally
        {
            ctx.Transact(cluster => cluster.State.Opens.RemoveAll(o => o.Token == token));
        }
    }

    private static int Usage(ToolContext ctx)
    {
        ctx.Err("Usage: ufsdump [0123456789fustdWwnNDCcbavloS [argument]] filesystem\n");
        return 3;
    }

    private static DumpSource? Open(Cluster cluster, ToolContext ctx, string operand, string token)
    {
        var node = cluster.Node(ctx.Node)!;
        var special = node.Mounts.FirstOrDefault(m => m.MountPoint == operand && m.FsType == "ufs")?.Special ?? operand;
        if (!Cluster.ParseMetaName(special, out var setName, out var name, out var isPath) || !isPath)
        {
            return null;
        }
        var scope = cluster.ResolveScope(ctx.Node, setName, out _);
        var device = scope?.Find(name);
        if (scope == null || device == null)
        {
            return null;
        }
        var data = device;
        if (device.Kind == MetadeviceKind.Mirror)
        {
            var slot = device.Submirrors.FirstOrDefault(s => cluster.IsReadable(scope, s));
            if (slot == null)
            {
                return null;
            }
            data = scope.Find(slot.Name)!;
        }
        cluster.State.Opens.Add(new OpenHandle { Device = Cluster.OpenKey(scope, device.Name), Pid = Process.GetCurrentProcess().Id, Token = token });
        return new DumpSource
        {
            RawName = scope.RawPath(device.Name), // the dump always reads the raw device (rawname())
            MountedOn = cluster.MountOf(node, scope, device.Name)?.MountPoint,
            BackingPath = cluster.BackingPath(data),
            Chunks = data.Chunks.ToList(),
            SizeBlocks = device.SizeBlocks,
        };
    }

    private static int Dump(ToolContext ctx, DumpSource source, char level, bool update, string file, int recordKb, bool sizeOnly, string? dumpdatesName)
    {
        // getitime() reads /etc/dumpdates right after the dump device is opened, also for S.
        var name = dumpdatesName ?? source.RawName;
        var dumpdates = ctx.Simulator.DumpdatesPath(ctx.Node);
        var last = LastDump(DumpdatesFile.Read(ctx, dumpdates), name, level);
        var records = NonZeroRecords(source);
        var estimate = records.Count * (DumpImage.RecordBytes / BackingStore.BlockSize) + 40L; // + inode/directory maps
        if (sizeOnly)
        {
            // dumpmain.c: printf("%llu\n", esize * tp_bsize) and Exit(0), before any Date/Dumping/Estimated message.
            ctx.Out((estimate * BackingStore.BlockSize).ToString(CultureInfo.InvariantCulture) + "\n");
            return 0;
        }
        var nowUtc = ctx.Simulator.UtcClock();
        var now = nowUtc.ToLocalTime();
        ctx.Err("  DUMP: Date of this level " + level + " dump: " + SolarisDate.Format(now) + "\n");
        ctx.Err("  DUMP: Date of last level " + (last?.Level ?? '0') + " dump: " + (last == null ? "the epoch" : SolarisDate.Format(last.Value.Date)) + "\n");
        var target = file == "-" ? "standard output" : file;
        ctx.Err("  DUMP: Dumping " + source.RawName + " " + (source.MountedOn == null ? "" : "(" + ctx.Node + ":" + source.MountedOn + ") ") + "to " + target + ".\n");
        ctx.Err("  DUMP: Mapping (Pass I) [regular files]\n");
        ctx.Err("  DUMP: Mapping (Pass II) [directories]\n");
        ctx.Err("  DUMP: Writing " + recordKb + " Kilobyte records\n");
        ctx.Err("  DUMP: Estimated " + estimate + " blocks (" + Mb(estimate) + ").\n");

        Stream? output;
        while ((output = OpenOutput(ctx, file)) == null)
        {
            var answer = OperatorQuery.Ask(ctx, "Cannot open `" + ctx.Node + ":" + file + "'.  Do you want to retry the open?");
            if (answer != true)
            {
                if (answer == false)
                {
                    ctx.Err("  DUMP: The ENTIRE dump is aborted.\n");
                }
                return 3;
            }
        }
        var started = DateTime.UtcNow;
        long written;
        using (output)
        {
            ctx.Err("  DUMP: Dumping (Pass III) [directories]\n");
            ctx.Err("  DUMP: Dumping (Pass IV) [regular files]\n");
            var failAt = ctx.Transact(c => c.State.Faults.FirstOrDefault(f => f.Kind == SimulatorFaultKind.DumpFailsAt && (f.Node == null || f.Node == ctx.Node)))?.Percent;
            var header = DumpImage.Header(new DumpHeader { Device = source.RawName, Node = ctx.Node, Level = level - '0', DateUtc = nowUtc, SizeBlocks = source.SizeBlocks });
            output.Write(header, 0, header.Length);
            written = header.Length;
            var buffer = new byte[DumpImage.RecordBytes];
            for (var i = 0; i < records.Count; i++)
            {
                ctx.CancellationToken.ThrowIfCancellationRequested();
                if (failAt.HasValue && i * 100L >= failAt.Value * (long)records.Count)
                {
                    output.Flush();
                    ctx.Err("  DUMP: Write error " + written / BackingStore.BlockSize + " blocks into volume 1\n");
                    // why: on a write error dumptape.c asks "Do you want to restart?"; without a tty that aborts.
                    OperatorQuery.Ask(ctx, "Do you want to restart?");
                    return 3;
                }
                var data = BackingStore.Read(source.BackingPath, records[i], DumpImage.RecordBytes);
                var record = DumpImage.Record(records[i], data, 0, data.Length);
                output.Write(record, 0, record.Length);
                written += record.Length;
            }
            var end = DumpImage.End();
            output.Write(end, 0, end.Length);
            written += end.Length;
            output.Flush();
        }
        var blocks = (written + BackingStore.BlockSize - 1) / BackingStore.BlockSize;
        var seconds = (long)(DateTime.UtcNow - started).TotalSeconds;
        ctx.Err("  DUMP: " + blocks + " blocks (" + Mb(blocks) + ") on 1 volume" + (seconds > 0 ? " at " + blocks / 2 / seconds + " KB/sec" : "") + "\n");
        ctx.Err("  DUMP: DUMP IS DONE\n");
        if (update)
        {
            PutItime(ctx, dumpdates, name, level, now);
            ctx.Err("  DUMP: Level " + level + " dump on " + SolarisDate.Format(now) + "\n");
        }
        return 0;
    }

    /// <summary>Offsets of the non-zero 64 KiB records inside the chunks that may hold data.</summary>
    private static List<long> NonZeroRecords(DumpSource source)
    {
        var result = new List<long>();
        var deviceBytes = source.SizeBlocks * BackingStore.BlockSize;
        foreach (var chunk in source.Chunks.OrderBy(c => c))
        {
            var offset = chunk * BackingStore.ChunkBytes;
            var count = (int)Math.Min(BackingStore.ChunkBytes, deviceBytes - offset);
            if (count <= 0)
            {
                continue;
            }
            var data = BackingStore.Read(source.BackingPath, offset, count);
            for (var r = 0; r < count; r += DumpImage.RecordBytes)
            {
                if (!BackingStore.IsZero(data, r, Math.Min(DumpImage.RecordBytes, count - r)))
                {
                    result.Add(offset + r);
                }
            }
        }
        return result;
    }

    private static Stream? OpenOutput(ToolContext ctx, string file)
    {
        if (file == "-")
        {
            return new NonClosingStream(ctx.Stdout);
        }
        if (file.StartsWith("/dev/rmt/", StringComparison.Ordinal))
        {
            // Only drive 0 exists (another node: ENOENT); no tape loaded: EIO. Either way the open fails.
            return !TapeDrive.IsNode(file) || TapeDrive.NotReady(ctx) ? null : new FileStream(ctx.Simulator.TapePath(ctx.Node), FileMode.Create, FileAccess.Write);
        }
        if (!file.StartsWith("/", StringComparison.Ordinal) || file.IndexOf(':') >= 0)
        {
            return null; // relative paths and rmt (host:device) are not modelled
        }
        var path = HostPath.Resolve(ctx, file);
        if (!Directory.Exists(Path.GetDirectoryName(path)))
        {
            return null;
        }
        // An existing file is overwritten from offset 0 without O_TRUNC.
        return new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write);
    }

    /// <summary>mb(): "%lldKB" below 1024 KB, else "%.2fMB".</summary>
    private static string Mb(long blocks)
    {
        var kb = blocks / 2;
        return kb < 1024 ? kb + "KB" : (kb / 1024.0).ToString("0.00", CultureInfo.InvariantCulture) + "MB";
    }

    /// <summary>getitime(): the latest record of this name at a lower level (the first of equal dates).</summary>
    private static (char Level, DateTime Date)? LastDump(List<DumpdatesFile.Record> records, string name, char level)
    {
        (char Level, DateTime Date)? best = null;
        foreach (var entry in records)
        {
            if (entry.Name == name && entry.Level < level && (best == null || entry.Date > best.Value.Date))
            {
                best = (entry.Level, entry.Date);
            }
        }
        return best;
    }

    /// <summary>putitime(): re-read the file, replace this name+level or append, write every record back reformatted.</summary>
    private static void PutItime(ToolContext ctx, string path, string name, char level, DateTime date)
    {
        var records = DumpdatesFile.Read(ctx, path);
        var at = records.FindIndex(r => r.Name == name && r.Level == level);
        var record = new DumpdatesFile.Record(name, level, date);
        if (at >= 0)
        {
            records[at] = record;
        }
        else
        {
            records.Add(record);
        }
        DumpdatesFile.Write(path, records);
    }
}
