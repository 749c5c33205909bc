using System.IO;
using System.Linq;
using System.Text;
using SvmBackup.Simulator.State;
using SvmBackup.Simulator.Storage;

namespace SvmBackup.Simulator.Tools;

/// <summary>
/// /usr/sbin/fsck → ufs fsck (main.c, setup.c, utilities.c): "** " lines on stdout, -m verdict on stderr, (NO WRITE)
/// for -n or a device that cannot be opened for writing (any submirror still in a mirror: EROFS), fsck.h exit codes.
/// Safety: an offlined submirror is never written — it would make its optimized resync skip those blocks.
/// </summary>
internal static class FsckTool
{
    private const string Usage = "ufs usage: fsck [-F ufs] [-m] [-n] [-V] [-v] [-y] [-o p,b=#,w,f] [special ....]\n";

    private const int ExOkay = 0;
    private const int ExBadParm = 1;
    private const int ExUmountCheck = 32;
    private const int ExMounted = 33;
    private const int ExNoStat = 34;
    private const int ExErrFatal = 39;
    private const int ExRootOkay = 40;

    public static int Run(ToolContext ctx)
    {
        var opts = Getopt.Parse(ctx.Args, "F:mnNyYVvo:");
        if (opts.Bad != null || opts.Operands.Count == 0)
        {
            // why: without operands fsck walks /etc/vfstab, which the simulated hosts do not have.
            ctx.Err(Usage);
            return ExBadParm;
        }
        var noFlag = opts.Has('n') || opts.Has('N');
        var yesFlag = opts.Has('y') || opts.Has('Y');
        var exit = ExOkay;
        foreach (var special in opts.Operands)
        {
            exit = Check(ctx, special, opts.Has('m'), noFlag, yesFlag);
        }
        return exit;
    }

    private static int Check(ToolContext ctx, string special, bool sanity, bool noFlag, bool yesFlag)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var exit = ctx.Transact(cluster =>
        {
            var node = cluster.Node(ctx.Node)!;
            DeviceScope? scope = null;
            Metadevice? device = null;
            if (Cluster.ParseMetaName(special, out var setName, out var name, out var isPath) && isPath)
            {
                scope = cluster.ResolveScope(ctx.Node, setName, out _);
                device = scope?.Find(name);
            }
            if (scope == null || device == null)
            {
                stderr.Append("fsck: could not stat ").Append(special).Append(": No such file or directory\n");
                return ExNoStat;
            }
            var mount = cluster.MountOf(node, scope, device.Name);
            if (!ctx.IsRoot)
            {
                // [UNCONFIRMED stream] raw metadevices are root-only (0640 root:sys): open fails with EACCES.
                stderr.Append("Can't open ").Append(special).Append(": Permission denied\n");
                return ExNoStat;
            }
            // rawname() unless mounted
            var dev = mount != null && special.Contains("/dsk/") ? special : scope.RawPath(device.Name);
            // A metadevice with a parent only opens read-only (mdopen: EROFS).
            var noWrite = noFlag || device.Parent != null;
            var data = device.Kind == MetadeviceKind.Mirror
                ? scope.Find(device.Submirrors.FirstOrDefault(s => cluster.IsReadable(scope, s))?.Name ?? device.Submirrors[0].Name)!
                : device;
            if (sanity)
            {
                stdout.Append("** ").Append(dev).Append('\n');
                // check_sanity() names the file as given on the command line.
                if (mount != null)
                {
                    stderr.Append("ufs fsck: sanity check: ").Append(special).Append(" already mounted\n");
                    return ExMounted;
                }
                var verdict = device.Super.StateWrong ? " needs checking" : " okay";
                stderr.Append("ufs fsck: sanity check: ").Append(special).Append(verdict).Append('\n');
                return device.Super.StateWrong ? ExUmountCheck : ExOkay;
            }
            if (mount != null && !noFlag)
            {
                stdout.Append(dev).Append(" IS CURRENTLY MOUNTED READ/WRITE.\n");
                var go = Reply(ctx, stdout, "CONTINUE", noWrite: false, yesFlag);
                if (go != true)
                {
                    stdout.Append("Program terminated\n");
                    return go == null ? ExErrFatal : ExMounted;
                }
            }
            stdout.Append("** ").Append(dev).Append(noWrite ? " (NO WRITE)" : "").Append('\n');
            stdout.Append(mount != null ? "** Currently Mounted on " + mount.MountPoint : "** Last Mounted on " + device.Super.LastMounted).Append('\n');
            stdout.Append("** Phase 1 - Check Blocks and Sizes\n");
            stdout.Append("** Phase 2 - Check Pathnames\n");
            stdout.Append("** Phase 3a - Check Connectivity\n");
            stdout.Append("** Phase 3b - Verify Shadows/ACLs\n");
            stdout.Append("** Phase 4 - Check Reference Counts\n");
            stdout.Append("** Phase 5 - Check Cylinder Groups\n");
            // updateclean() (the superblock question) runs before the summary statistics are printed.
            var modified = false;
            var dataChunks = data.Chunks.Count;
            if (mount == null && device.Super.StateWrong)
            {
                var fix = Reply(ctx, stdout, "FILE SYSTEM STATE IN SUPERBLOCK IS WRONG; FIX", noWrite, yesFlag);
                if (fix == null)
                {
                    return ExErrFatal;
                }
                if (fix == true)
                {
                    // updateclean(): rewrite the superblock's clean state (block 16) — a real write to the device.
                    var superblock = Encoding.ASCII.GetBytes("SVMSIM UFS SUPERBLOCK fs_clean=FSSTABLE".PadRight(BackingStore.BlockSize, '\0'));
                    cluster.WriteStripe(scope, device, 16 * BackingStore.BlockSize, superblock, allowParented: false);
                    device.Super.StateWrong = false;
                    modified = true;
                }
            }
            stdout.Append(Summary(device.SizeBlocks, dataChunks));
            if (modified)
            {
                stdout.Append("\n***** FILE SYSTEM WAS MODIFIED *****\n");
            }
            return mount != null ? ExRootOkay : ExOkay;
        });
        ctx.Out(stdout.ToString());
        ctx.Err(stderr.ToString());
        return exit;
    }

    /// <summary>reply(): "\nQUESTION? " then " no\n\n" (-n / NO WRITE), " yes\n\n" (-y), or an answer read from stdin (EOF: fatal).</summary>
    private static bool? Reply(ToolContext ctx, StringBuilder stdout, string question, bool noWrite, bool yesFlag)
    {
        stdout.Append('\n').Append(question).Append("? ");
        if (noWrite)
        {
            stdout.Append(" no\n\n");
            return false;
        }
        if (yesFlag)
        {
            stdout.Append(" yes\n\n");
            return true;
        }
        // Interactive: the prompt must be visible before we read.
        ctx.Out(stdout.ToString());
        stdout.Clear();
        var line = new StreamReader(ctx.Stdin).ReadLine();
        if (line == null)
        {
            stdout.Append('\n');
            return null;
        }
        stdout.Append('\n');
        return line.Trim().StartsWith("y", System.StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>"%ld files, %lld used, %lld free (%lld frags, %lld blocks, %.1f%% fragmentation)" from the device size and data written.</summary>
    private static string Summary(long sizeBlocks, int chunks)
    {
        var totalKb = sizeBlocks / 2;
        var dataFrags = totalKb - totalKb / 32; // fs_dsize: 1 KB fragments outside the metadata
        var used = 9L + chunks * 1024L;
        var free = System.Math.Max(0, dataFrags - used);
        var blocks = System.Math.Max(0, (free - 14) / 8); // free = frags + fs_frag (8) * blocks
        var frags = free - 8 * blocks;
        var fragmentation = dataFrags == 0 ? 0 : frags * 100.0 / dataFrags;
        return (2 + chunks) + " files, " + used + " used, " + free + " free (" + frags + " frags, " + blocks + " blocks, " +
               fragmentation.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "% fragmentation)\n";
    }
}
