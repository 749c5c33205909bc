using System.Runtime.InteropServices;

namespace SvmBackup.Simulator.Cli;

/// <summary>The two facts a Solaris tool learns from the kernel: is stdin a terminal, and who am I.</summary>
internal static class Native
{
    [DllImport("libc")]
    private static extern int isatty(int fd);

    [DllImport("libc")]
    private static extern uint geteuid();

    public static bool StdinIsTty()
    {
        try
        {
            return isatty(0) == 1;
        }
        catch (System.DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>SVMSIM_EUID overrides (tests); under sudo the real euid is 0.</summary>
    public static int EffectiveUid()
    {
        if (int.TryParse(System.Environment.GetEnvironmentVariable("SVMSIM_EUID"), out var uid))
        {
            return uid;
        }
        try
        {
            return (int)geteuid();
        }
        catch (System.DllNotFoundException)
        {
            return 0;
        }
    }
}
