using SvmBackup.Model;
using SvmBackup.Parsing;
using Xunit;

namespace SvmBackup.Tests.Parsing;

public class MnttabParserTests
{
    internal const string Sample =
        "/dev/md/dsk/d0\t/\tufs\trw,intr,largefiles,logging,xattr,onerror=panic,dev=1540000\t1709547302\n" +
        "/devices\t/devices\tdevfs\tdev=4a00000\t1709547290\n" +
        "swap\t/tmp\ttmpfs\txattr,dev=4ac0001\t1709547305\n" +
        "/dev/md/schost-1/dsk/d0\t/global/schost-1\tufs\trw,intr,largefiles,logging,global,xattr,onerror=panic,dev=1544000\t1709547400\n" +
        "/dev/md/dsk/d1\t/export/home\tufs\trw,intr,largefiles,logging,xattr,onerror=panic,dev=1540001\t1709547310\n";

    [Fact]
    public void Tab_separated_fields()
    {
        var e = MnttabParser.Parse(Sample);
        Assert.Equal(5, e.Count);
        Assert.Equal("/dev/md/dsk/d0", e[0].Special);
        Assert.Equal("/", e[0].MountPoint);
        Assert.Equal("ufs", e[0].FileSystemType);
        Assert.Equal("rw,intr,largefiles,logging,xattr,onerror=panic,dev=1540000", e[0].Options);
        Assert.Equal(1709547302L, e[0].MountTime);
        Assert.Equal("swap", e[2].Special);
        Assert.Equal("tmpfs", e[2].FileSystemType);
        Assert.Equal("/global/schost-1", e[3].MountPoint);
    }

    [Fact]
    public void Crlf_prompt_and_expanded_tabs()
    {
        var text = "root@myhost:~# cat /etc/mnttab\r\n" + "/dev/md/dsk/d1  /export/home  ufs  rw,logging  1709547310\r\n" + "\r\n";
        var e = Assert.Single(MnttabParser.Parse(text));
        Assert.Equal("/dev/md/dsk/d1", e.Special);
        Assert.Equal("/export/home", e.MountPoint);
        Assert.Equal("rw,logging", e.Options);
        Assert.Equal(1709547310L, e.MountTime);
    }

    [Fact]
    public void Missing_time_is_null()
    {
        var e = Assert.Single(MnttabParser.Parse("/dev/md/dsk/d1\t/export/home\tufs\trw\n"));
        Assert.Null(e.MountTime);
    }

    [Fact]
    public void Join_sets_mount_properties_by_block_device()
    {
        var mirrors = MetastatParser.Parse(ReferenceSamples.Healthy + ReferenceSamples.DiskSet.Replace("blue", "schost-1"), "myhost", null).Mirrors;
        var extra = new SvmMirror { Name = "d7", MountPoint = "/stale" };
        MirrorMounts.Join(mirrors.Concat(new[] { extra }), MnttabParser.Parse(Sample));
        Assert.Equal("/", mirrors[0].MountPoint);
        Assert.Equal("ufs", mirrors[0].FileSystemType);
        Assert.Equal("rw,intr,largefiles,logging,xattr,onerror=panic,dev=1540000", mirrors[0].MountOptions);
        Assert.Equal("schost-1/d100", mirrors[1].FullName);
        Assert.Null(mirrors[1].MountPoint); // schost-1/d0 is mounted, not d100
        Assert.Null(extra.MountPoint);
        Assert.Null(extra.FileSystemType);
    }

    [Fact]
    public void Join_matches_disk_set_devices()
    {
        var m = new SvmMirror { DiskSet = "schost-1", Name = "d0" };
        MirrorMounts.Join(new[] { m }, MnttabParser.Parse(Sample));
        Assert.Equal("/global/schost-1", m.MountPoint);
        Assert.Contains("global", m.MountOptions);
    }
}
