using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using SvmBackup.Simulator;

namespace SvmBackup.Simulator.Cli;

/// <summary>svmsim: runs one simulated Solaris tool (what the /usr/sbin shims exec) or administers a simulator state.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        // SIGTERM/SIGINT cancel a blocked writer or a hung/waiting tool instead of killing mid-transaction.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cancel.Cancel(); });
        try
        {
            return Commands.Dispatch(new ArgumentReader(args), cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine("svmsim: " + e.Message);
            Console.Error.Write(Commands.Help);
            return 2;
        }
        catch (Exception e) when (e is IOException || e is ArgumentException || e is InvalidOperationException || e is FormatException)
        {
            // Simulator-level failures (no state, unknown node/target, EROFS write) are not Solaris output.
            Console.Error.WriteLine("svmsim: " + e.Message);
            return 2;
        }
    }
}
