using System;
using System.IO;
using System.Threading.Tasks;

namespace SvmBackup.Simulator.Tools;

/// <summary>
/// ufsdump's query_once(): "  DUMP: NEEDS ATTENTION: question: ("yes" or "no") " with no newline. Without a tty it
/// aborts at once; with a tty it waits for yes/no (honouring cancellation, the stand-in for being killed).
/// </summary>
internal static class OperatorQuery
{
    /// <summary>True = yes, false = no; null = aborted (message already printed).</summary>
    public static bool? Ask(ToolContext ctx, string question)
    {
        ctx.Err("  DUMP: NEEDS ATTENTION: " + question + ": (\"yes\" or \"no\") ");
        if (!ctx.StdinIsTty)
        {
            ctx.Err("  DUMP: The ENTIRE dump is aborted.\n");
            return null;
        }
        var reader = new StreamReader(ctx.Stdin);
        while (true)
        {
            var line = Task.Run(() => reader.ReadLine());
            try
            {
                line.Wait(ctx.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            var answer = line.Result?.Trim();
            if (answer == null)
            {
                ctx.Err("  DUMP: The ENTIRE dump is aborted.\n");
                return null;
            }
            if (answer == "yes")
            {
                return true;
            }
            if (answer == "no")
            {
                return false;
            }
            ctx.Err("  DUMP: \"yes\" or \"no\"?\n");
        }
    }
}
