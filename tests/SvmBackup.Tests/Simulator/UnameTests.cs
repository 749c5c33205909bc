using Xunit;

namespace SvmBackup.Tests.Simulator;

public sealed class UnameTests
{
    [Theory]
    [InlineData(new string[0], "SunOS\n")]
    [InlineData(new[] { "-n" }, "phys-schost-2\n")]
    [InlineData(new[] { "-r" }, "5.10\n")]
    [InlineData(new[] { "-s" }, "SunOS\n")]
    [InlineData(new[] { "-a" }, "SunOS phys-schost-2 5.10 Generic_150400-59 sun4v sparc sun4v\n")]
    public void Prints(string[] args, string expected)
    {
        using var h = new SimulatorHarness();
        ToolAssert.Succeeded(h.Run("phys-schost-2", "uname", args), expected);
    }

    [Fact]
    public void UnknownToolIsNotFound()
    {
        using var h = new SimulatorHarness();
        ToolAssert.Refused(h.Run("myhost", "metainit"), "sh: metainit: not found\n", 127);
    }
}
