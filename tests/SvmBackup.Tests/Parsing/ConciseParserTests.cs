using SvmBackup.Parsing;
using Xunit;

namespace SvmBackup.Tests.Parsing;

public class ConciseParserTests
{
    [Fact]
    public void Reference_sample()
    {
        var e = ConciseParser.Parse(ReferenceSamples.Concise);
        Assert.Equal(new[] { "d0", "d10", "d20", "d30", "d31", "d32", "hsp001" }, e.Select(x => x.Name));
        Assert.Equal("mssmssh", new string(e.Select(x => x.Type).ToArray()));
        Assert.Equal(new[] { 0, 1, 1, 0, 1, 1, 0 }, e.Select(x => x.Depth));
        Assert.Equal(new[] { null, "d0", "d0", null, "d30", "d30", null }, e.Select(x => x.Parent));
        Assert.Equal("2.0GB", e[0].Size);
        Assert.Null(e[6].Size);
        Assert.Equal(new[] { "d10", "d20" }, e[0].Members.Select(m => m.Name));
        Assert.Equal(new[] { null, "resync-45%" }, e[0].Members.Select(m => m.State));
        Assert.Equal("offline", e[3].Members[1].State);
        Assert.Equal(("c0t1d0s3", "maint"), (e[5].Members[0].Name, e[5].Members[0].State));
        Assert.Equal(new[] { null, "in-use" }, e[6].Members.Select(m => m.State));
    }
}
