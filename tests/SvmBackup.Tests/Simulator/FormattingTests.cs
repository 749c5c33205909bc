using SvmBackup.Simulator.Rendering;
using Xunit;

namespace SvmBackup.Tests.Simulator;

/// <summary>The reference's size-string and date examples.</summary>
public sealed class FormattingTests
{
    [Theory]
    [InlineData(1027216L, "501 MB")]
    [InlineData(4198392L, "2.0 GB")]
    [InlineData(20972736L, "10 GB")]
    [InlineData(430007232L, "205 GB")]
    [InlineData(16L, "8.0 KB")]
    [InlineData(2097152L, "1.0 GB")]
    public void SizeStrings(long blocks, string expected) => Assert.Equal(expected, SizeFormatter.Format(blocks));

    [Fact]
    public void DatesAreCLocaleWithSpacePaddedDay() =>
        Assert.Equal("Mon Mar  4 10:15:02 2024", SolarisDate.Format(new DateTime(2024, 3, 4, 10, 15, 2)));

    [Fact]
    public void DatesParseBack()
    {
        Assert.True(SolarisDate.TryParse("Mon Mar  4 10:15:02 2024", out var date));
        Assert.Equal(new DateTime(2024, 3, 4, 10, 15, 2), date);
    }
}
