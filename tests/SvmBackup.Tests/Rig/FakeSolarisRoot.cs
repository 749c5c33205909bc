namespace SvmBackup.Tests.Rig;

/// <summary>A minimal simulated Solaris root for the rig's own tests.</summary>
internal static class FakeSolarisRoot
{
    public const string MetastatText = "d10: Mirror (rig fake metastat)";
    public const string MnttabLine = "/dev/md/dsk/d10\t/\tufs\trw,intr,largefiles,logging,xattr,onerror=panic,dev=1540001\t1700000000";

    /// <summary>Creates usr/sbin/metastat, usr/bin/uname, etc/mnttab, etc/release under <paramref name="root"/>.</summary>
    public static void Write(string root)
    {
        var sbin = Directory.CreateDirectory(Path.Combine(root, "usr", "sbin")).FullName;
        var bin = Directory.CreateDirectory(Path.Combine(root, "usr", "bin")).FullName;
        var etc = Directory.CreateDirectory(Path.Combine(root, "etc")).FullName;
        Exec(Path.Combine(sbin, "metastat"), $"#!/bin/sh\necho '{MetastatText}'\necho \"args: $*\"\n");
        Exec(Path.Combine(bin, "uname"), """
            #!/bin/sh
            n=$(cat /proc/sys/kernel/hostname)
            case "$1" in
              -n) echo "$n" ;;
              -s|"") echo SunOS ;;
              -r) echo 5.10 ;;
              -v) echo Generic_150400-40 ;;
              *) echo "SunOS $n 5.10 Generic_150400-40 sun4v sparc sun4v" ;;
            esac

            """);
        File.WriteAllText(Path.Combine(etc, "mnttab"), MnttabLine + "\n");
        File.WriteAllText(Path.Combine(etc, "release"), "                   Oracle Solaris 10 1/13 s10s_u11wos_24a SPARC\n");
    }

    public static string Create()
    {
        var dir = Directory.CreateTempSubdirectory("svmrig-fake-root-").FullName;
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        Write(dir);
        return dir;
    }

    private static void Exec(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }
}

/// <summary>Shared fixture for the rig tests: one rig per profile for node phys-schost-1.</summary>
public sealed class FakeNodeFixture : SshdRigFixture
{
    protected override void BuildSolarisRoot(string root) => FakeSolarisRoot.Write(root);
}
