using System.IO.Compression;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Hosting;

/// <summary>The Azure Automation package every build makes: named after the module, small, short paths, complete.</summary>
public class PackageTests
{
    private static string Zip => Path.Combine(RepoPaths.Root, "out", "package", "SvmBackup.zip");

    [Fact]
    public void The_zip_holds_the_module_folder_under_100_MB_with_paths_under_140_characters()
    {
        Assert.True(File.Exists(Zip), "Build first: " + Zip);
        Assert.True(new FileInfo(Zip).Length < 100L * 1024 * 1024, "over Azure Automation's 100 MB");
        using var archive = ZipFile.OpenRead(Zip);
        var names = archive.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
        Assert.All(names, n => Assert.StartsWith("SvmBackup/", n, StringComparison.Ordinal));
        Assert.All(names, n => Assert.True(n.Length < 140, n + " is 140 characters or more"));
        foreach (var required in new[] { "SvmBackup/SvmBackup.psd1", "SvmBackup/SvmBackup.dll", "SvmBackup/SvmBackup.Loader.dll", "SvmBackup/dependencies/Renci.SshNet.dll",
                                         "SvmBackup/en-US/SvmBackup.dll-Help.xml", "SvmBackup/en-US/about_SvmBackup.help.txt", "SvmBackup/simulator/svmsim.dll" })
            Assert.Contains(required, names);
        Assert.DoesNotContain(names, n => n.EndsWith("/System.Management.Automation.dll", StringComparison.Ordinal));
        // The same files as the module folder (the package is never stale).
        var folder = Directory.GetFiles(RepoPaths.ModuleFolder, "*", SearchOption.AllDirectories)
            .Select(f => "SvmBackup/" + Path.GetRelativePath(RepoPaths.ModuleFolder, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(folder, names.Where(n => !n.EndsWith('/')).Order(StringComparer.Ordinal));
    }
}
