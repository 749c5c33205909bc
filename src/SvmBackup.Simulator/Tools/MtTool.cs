using System;
using System.Globalization;
using System.Linq;

namespace SvmBackup.Simulator.Tools;

/// <summary>
/// /usr/bin/mt (usr/src/cmd/mt/mt.c): "-f DEV" (or -t), a command matched by prefix in the table's order, open(2) of
/// the device with the command's flags, then the ioctl. Only status prints anything; the tape position is not
/// modelled (always file 0, block 0), so motion commands succeed silently.
/// </summary>
internal static class MtTool
{
    private const string DefaultNoRewindTape = "/dev/rmt/0n"; // DEFAULT_NRW_TAPE ($TAPE is not modelled)

    // com[]: name, uses a count, opened with O_NDELAY (works without a tape).
    private static readonly (string Name, bool UsesCount, bool NoDelay)[] Commands =
    {
        ("weof", true, false), ("eof", true, false), ("fsf", true, false), ("bsf", true, false), ("asf", true, false),
        ("fsr", true, false), ("bsr", true, false), ("rewind", false, false), ("offline", false, false), ("rewoffl", false, false),
        ("status", false, false), ("retension", false, false), ("erase", false, false), ("eom", false, false), ("nbsf", true, false),
        ("reserve", false, false), ("release", false, false), ("forcereserve", false, true), ("config", false, true),
        ("fssf", true, false), ("bssf", true, false), ("tell", false, false), ("seek", true, false), ("load", false, true),
        ("lock", false, false), ("unlock", false, false),
    };

    public static int Run(ToolContext ctx)
    {
        var args = ctx.Args.ToList();
        var tape = DefaultNoRewindTape;
        if (args.Count > 1 && (args[0] == "-t" || args[0] == "-f"))
        {
            tape = args[1];
            args.RemoveRange(0, 2);
        }
        if (args.Count < 1)
        {
            ctx.Err("usage: mt [ -f device ] command [ count ]\n");
            return 1;
        }
        var word = args[0];
        var command = Commands.FirstOrDefault(c => c.Name.StartsWith(word, StringComparison.Ordinal));
        if (command.Name == null)
        {
            ctx.Err("mt: unknown command: " + word + "\n");
            return 1;
        }
        if (!TapeDrive.IsNode(tape))
        {
            ctx.Err(tape + ": No such file or directory\n"); // perror(tape)
            return 1;
        }
        // st_open() without O_NDELAY fails with EIO when no tape is loaded; mt.c decodes that errno.
        if (!command.NoDelay && TapeDrive.NotReady(ctx))
        {
            ctx.Err(tape + ": no tape loaded or drive offline\n");
            return 1;
        }
        var count = command.UsesCount && args.Count > 1 ? Atoll(args[1]) : 1;
        if (count < 0)
        {
            ctx.Err(command.Name == "asf" ? "mt: negative file number\n" : "mt: negative " + command.Name + " count\n");
            return 1;
        }
        switch (command.Name)
        {
            case "status":
                // status(): MTF_SCSI drive, known to st_conf.c; sense key 0 at the beginning of the tape.
                ctx.Out(TapeDrive.Name + " tape drive:\n" +
                        "   sense key(0x0)= No Additional Sense   residual= 0   retries= 0\n" +
                        "   file no= 0   block no= 0\n");
                return 0;
            case "tell":
                ctx.Out("At block = 0.\n");
                return 0;
            default:
                return 0;
        }
    }

    /// <summary>atoll(): leading blanks, a sign, digits; 0 when there are none.</summary>
    private static long Atoll(string s)
    {
        var t = s.TrimStart(' ', '\t');
        var sign = 1L;
        if (t.Length > 0 && (t[0] == '-' || t[0] == '+'))
        {
            sign = t[0] == '-' ? -1 : 1;
            t = t.Substring(1);
        }
        var digits = new string(t.TakeWhile(c => c >= '0' && c <= '9').ToArray());
        return digits.Length == 0 ? 0 : sign * long.Parse(digits.Length > 18 ? digits.Substring(0, 18) : digits, CultureInfo.InvariantCulture);
    }
}
