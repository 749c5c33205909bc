using SvmBackup.Scripts;

namespace SvmBackup.Tests.Scripts;

public class SolarisNameTests
{
    [Theory]
    [InlineData("d1")]
    [InlineData("home_mirror")]
    [InlineData("d0.x-1")]
    public void Valid_metadevice_names_pass(string name) => Assert.Equal(name, SolarisName.ValidateMetadevice(name));

    [Theory]
    [InlineData("9x")]
    [InlineData("d1;reboot")]
    [InlineData("d1 d2")]
    [InlineData("all")]
    [InlineData("")]
    [InlineData("d$(id)")]
    public void Invalid_metadevice_names_are_refused(string name) => Assert.Throws<SvmInvalidNameException>(() => SolarisName.ValidateMetadevice(name));

    [Theory]
    [InlineData("d0")]
    [InlineData("schost-1/d0")]
    public void Mirror_names_with_or_without_their_set_pass(string name) => Assert.Equal(name, SolarisName.ValidateQualifiedMetadevice(name));

    [Theory]
    [InlineData("schost-1/")]
    [InlineData("/d0")]
    [InlineData("a/b/d0")]
    [InlineData("schost-1/d0;id")]
    [InlineData("-s/d0")]
    public void Invalid_mirror_names_with_a_set_are_refused(string name) => Assert.Throws<SvmInvalidNameException>(() => SolarisName.ValidateQualifiedMetadevice(name));

    [Theory]
    [InlineData("/home1")]
    [InlineData("/global/schost-1")]
    [InlineData("/dev/md/schost-1/rdsk/d30")]
    public void Valid_paths_pass(string path) => Assert.Equal(path, SolarisName.ValidateAbsolutePath(path));

    [Theory]
    [InlineData("home1")]
    [InlineData("/a b")]
    [InlineData("/x;rm -rf /")]
    [InlineData("/x/../etc")]
    [InlineData("/x'y")]
    public void Invalid_paths_are_refused(string path) => Assert.Throws<SvmInvalidNameException>(() => SolarisName.ValidateAbsolutePath(path));

    [Theory]
    [InlineData("abc", "'abc'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("", "''")]
    public void Quote_uses_single_quotes(string value, string expected) => Assert.Equal(expected, ShellQuote.Quote(value));
}
