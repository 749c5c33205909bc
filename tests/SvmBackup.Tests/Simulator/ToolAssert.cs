using Xunit;

namespace SvmBackup.Tests.Simulator;

internal static class ToolAssert
{
    /// <summary>A refusal: nothing on stdout, exactly this on stderr, the given exit status.</summary>
    public static void Refused(ToolResult result, string stderr, int exit = 1)
    {
        Assert.Equal("", result.Stdout);
        Assert.Equal(stderr, result.Stderr);
        Assert.Equal(exit, result.Exit);
    }

    /// <summary>A success: exactly this on stdout, nothing on stderr, exit 0.</summary>
    public static void Succeeded(ToolResult result, string stdout)
    {
        Assert.Equal(stdout, result.Stdout);
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.Exit);
    }
}
