using SvmBackup.Model;
using SvmBackup.Parsing;
using Xunit;

namespace SvmBackup.Tests.Parsing;

public class MetaErrorParserTests
{
    [Fact]
    public void Reference_examples()
    {
        var e = MetaErrorParser.Parse(ReferenceSamples.Errors);
        Assert.Equal(6, e.Count);
        Assert.Equal(("metastat", "myhost", "d99", "No such file or directory", SvmToolErrorKind.NoSuchFile),
            (e[0].Program, e[0].Node, e[0].Name, e[0].Message, e[0].Kind));
        Assert.Equal(("setname \"foo\"", "no such set", SvmToolErrorKind.NoSuchSet), (e[1].Name, e[1].Message, e[1].Kind));
        Assert.Equal(("metaoffline", "d0", SvmToolErrorKind.IllegalState), (e[2].Program, e[2].Name, e[2].Kind));
        Assert.Equal(("metaoffline", (string?)null, SvmToolErrorKind.NotRoot), (e[3].Program, e[3].Name, e[3].Kind));
        Assert.Equal("Permission denied.  You must have root privilege to execute this command.", e[3].Message);
        Assert.Equal(("blue", SvmToolErrorKind.NotOwnerOfSet), (e[4].Name, e[4].Kind));
        Assert.Equal(((string?)null, "there are no existing databases", SvmToolErrorKind.NoDatabases), (e[5].Name, e[5].Message, e[5].Kind));
        Assert.Equal("metastat: myhost: d99: No such file or directory", e[0].Line);
    }

    [Fact]
    public void Smf_two_line_form()
    {
        var e = Assert.Single(MetaErrorParser.Parse(ReferenceSamples.SmfError));
        Assert.Equal("metastat", e.Program);
        Assert.Equal("myhost", e.Node);
        Assert.Equal("system/mdmonitor:default", e.Name);
        Assert.Equal("service(s) not online in SMF", e.Message);
        Assert.Equal(SvmToolErrorKind.SmfServicesNotOnline, e.Kind);
        Assert.Equal("metastat: myhost:\n\tsystem/mdmonitor:default: service(s) not online in SMF", e.Line);
    }

    [Fact]
    public void Smf_several_services()
    {
        var text = "metaset: myhost: \n\tsystem/metainit:default\n\tnetwork/rpc/meta:default: service(s) not online in SMF\n\n";
        var e = Assert.Single(MetaErrorParser.Parse(text));
        Assert.Equal("system/metainit:default network/rpc/meta:default", e.Name);
        Assert.Equal(SvmToolErrorKind.SmfServicesNotOnline, e.Kind);
    }

    [Theory]
    [InlineData("metastat: myhost: d99: unit not set up", SvmToolErrorKind.UnitNotSetUp, "d99")]
    [InlineData("metastat: myhost: blue/d99: unit not set up", SvmToolErrorKind.UnitNotSetUp, "blue/d99")]
    [InlineData("metastat: myhost: /dev/md/admin: No such file or directory", SvmToolErrorKind.NoSuchFile, "/dev/md/admin")]
    [InlineData("metaset: myhost: setname \"foo\": no such set", SvmToolErrorKind.NoSuchSet, "setname \"foo\"")]
    [InlineData("metaoffline: myhost: blue: must be owner of the set for this command", SvmToolErrorKind.NotOwnerOfSet, "blue")]
    [InlineData("metastat: myhost: there are no existing databases", SvmToolErrorKind.NoDatabases, null)]
    [InlineData("metattach: myhost: Permission denied.  You must have root privilege to execute this command.", SvmToolErrorKind.NotRoot, null)]
    [InlineData("metastat: zone1: Volume administration unavailable within non-global zones.", SvmToolErrorKind.NonGlobalZone, null)]
    [InlineData("metaoffline: myhost: d0: resync in progress", SvmToolErrorKind.ResyncInProgress, "d0")]
    [InlineData("metaonline: myhost: d0: attempt operation on a submirror in illegal state", SvmToolErrorKind.IllegalState, "d0")]
    [InlineData("metaoffline: myhost: d0: operation would result in no readable submirrors", SvmToolErrorKind.NoReadableSubmirrors, "d0")]
    [InlineData("metadetach: myhost: d0: can't find submirror in mirror", SvmToolErrorKind.CantFindSubmirror, "d0")]
    [InlineData("metadetach: myhost: d0: attempt to detach last running submirror", SvmToolErrorKind.LastSubmirror, "d0")]
    [InlineData("metadetach: myhost: d0: attempt an operation on a submirror that has erred components", SvmToolErrorKind.ErredComponents, "d0")]
    [InlineData("metattach: myhost: d20: metadevice is open", SvmToolErrorKind.MetadeviceOpen, "d20")]
    [InlineData("metattach: myhost: d20: metadevice in use", SvmToolErrorKind.MetadeviceInUse, "d20")]
    [InlineData("metattach: myhost: d20: is mounted on /x", SvmToolErrorKind.MetadeviceInUse, "d20")]
    [InlineData("metattach: myhost: d20: invalid unit", SvmToolErrorKind.InvalidUnit, "d20")]
    [InlineData("metaoffline: myhost: d10: unit is not a mirror", SvmToolErrorKind.NotAMirror, "d10")]
    [InlineData("metattach: myhost: d0: mirror has maximum number of submirrors", SvmToolErrorKind.MirrorFull, "d0")]
    [InlineData("metattach: myhost: d20: submirror too small to attach", SvmToolErrorKind.TooSmall, "d20")]
    [InlineData("metattach: myhost: d20: not a metadevice", SvmToolErrorKind.Other, "d20")]
    [InlineData("metaoffline: myhost: Invalid command for mirror with ABR set", SvmToolErrorKind.Other, null)]
    [InlineData("metastat: myhost: stale databases", SvmToolErrorKind.Other, null)]
    public void Each_text_maps_to_its_kind(string line, SvmToolErrorKind kind, string? name)
    {
        var e = Assert.Single(MetaErrorParser.Parse(line + "\n\n"));
        Assert.Equal(kind, e.Kind);
        Assert.Equal(name, e.Name);
        Assert.Equal(line.Split(": ")[1], e.Node);
        Assert.EndsWith(e.Message, line);
    }

    [Fact]
    public void Single_space_permission_text_and_crlf_still_recognised()
    {
        var e = Assert.Single(MetaErrorParser.Parse("metaoffline: myhost: Permission denied. You must have root privilege to execute this command.\r\n\r\n"));
        Assert.Equal(SvmToolErrorKind.NotRoot, e.Kind);
    }

    [Fact]
    public void Md_eprintf_form_without_node()
    {
        var e = Assert.Single(MetaErrorParser.Parse("metadetach: d5: invalid metadevice type misc\n"));
        Assert.Null(e.Node);
        Assert.Equal("d5", e.Name);
        Assert.Equal(SvmToolErrorKind.Other, e.Kind);
    }

    [Theory]
    [InlineData("sh: metastat: not found\n")]
    [InlineData("usage:\tmetastat [-s setname] [-a][-c][-B][-D][-r][-i][-p] [-t] [metadevice...]\n")]
    [InlineData("metastat: incompatible options: -a and -s\n")]
    [InlineData("metastat: -i option requires super-user privilages\n")]
    [InlineData("")]
    public void Non_libmeta_lines_are_ignored(string text)
    {
        Assert.Empty(MetaErrorParser.Parse(text));
    }

    [Fact]
    public void Several_errors_keep_order()
    {
        var e = MetaErrorParser.Parse("metastat: myhost: d98: No such file or directory\n\nmetastat: myhost: d99: unit not set up\n\n");
        Assert.Equal(new[] { "d98", "d99" }, e.Select(x => x.Name));
        Assert.Equal(SvmToolErrorKind.UnitNotSetUp, MetaErrorParser.Classify("d99: unit not set up"));
    }
}
