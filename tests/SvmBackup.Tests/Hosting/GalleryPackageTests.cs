using System.IO.Compression;
using System.Management.Automation;
using System.Xml.Linq;
using SvmBackup.Tests.Cmdlets;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Hosting;

/// <summary>
/// The PowerShell Gallery package every build makes next to the zip: what Publish-Module would upload, with the
/// manifest's values and the tags the Gallery searches by, and exactly the module folder's files.
/// </summary>
public class GalleryPackageTests : IClassFixture<ModuleHostFixture>
{
    // NuGet's own parts of every package; Publish-Module's packages have them too.
    private static readonly string[] NuGetParts = { "[Content_Types].xml", "_rels/.rels", "SvmBackup.nuspec" };

    private readonly PSModuleInfo _module;

    public GalleryPackageTests(ModuleHostFixture fixture) => _module = fixture.Host.Module;

    private string Nupkg => Path.Combine(RepoPaths.Root, "out", "package", _module.Name + "." + _module.Version + ".nupkg");

    [Fact]
    public void The_nuspec_carries_the_manifest_and_the_tags_Publish_Module_generates()
    {
        var metadata = ReadNuspec().Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;

        Assert.Equal("SvmBackup", Value("id"));
        Assert.Equal(_module.Version.ToString(), Value("version"));
        Assert.Equal(_module.Author, Value("authors"));
        Assert.Equal(_module.Description, Value("description"));
        Assert.Equal(_module.ProjectUri.ToString(), Value("projectUrl"));
        Assert.Equal(_module.LicenseUri.ToString(), Value("licenseUrl"));
        Assert.Equal(_module.ReleaseNotes, Value("releaseNotes"));
        Assert.Equal(_module.Copyright, Value("copyright"));

        var tags = Value("tags").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(tags.Length, tags.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Superset(_module.Tags.ToHashSet(), tags.ToHashSet());
        Assert.Contains("PSModule", tags);
        Assert.Contains("PSIncludes_Cmdlet", tags);
        var cmdlets = _module.ExportedCmdlets.Keys.Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(cmdlets);
        Assert.Equal(cmdlets, Tagged(tags, "PSCmdlet_"));
        Assert.Equal(cmdlets, Tagged(tags, "PSCommand_"));
        Assert.Equal(_module.CompatiblePSEditions.Order(StringComparer.Ordinal), Tagged(tags, "PSEdition_"));
        Assert.Equal(new[] { "Core", "Desktop" }, Tagged(tags, "PSEdition_"));
    }

    [Fact]
    public void The_package_holds_exactly_the_module_folder_with_short_paths_and_nothing_of_the_build()
    {
        Assert.True(File.Exists(Nupkg), "Build first: " + Nupkg);
        using var archive = ZipFile.OpenRead(Nupkg);
        var names = archive.Entries.Select(e => e.FullName.Replace('\\', '/')).Where(n => !n.EndsWith('/')).ToList();
        var content = names.Where(n => !NuGetParts.Contains(n) && !n.StartsWith("package/services/metadata/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var folder = Directory.GetFiles(RepoPaths.ModuleFolder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.ModuleFolder, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(folder, content);

        // Install-Module puts it in ...\Modules\SvmBackup\<version>\: keep well inside Windows' 260 characters.
        var installed = "SvmBackup/" + _module.Version + "/";
        Assert.All(names, n => Assert.True((installed + n).Length < 140, installed + n + " is 140 characters or more"));
        Assert.All(names, n => Assert.DoesNotMatch(@"(^|/)(obj|bin|tests?|TestResults)/|\.Tests\.|Benchmark|xunit|\.pdb$|\.nupkg$", n));
        Assert.DoesNotContain(names, n => n.EndsWith("/System.Management.Automation.dll", StringComparison.Ordinal) || n == "System.Management.Automation.dll");
    }

    private XElement ReadNuspec()
    {
        Assert.True(File.Exists(Nupkg), "Build first: " + Nupkg);
        using var archive = ZipFile.OpenRead(Nupkg);
        var nuspec = Assert.Single(archive.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        Assert.Equal("SvmBackup.nuspec", nuspec.FullName);
        using var stream = nuspec.Open();
        return XDocument.Load(stream).Root!;
    }

    private static List<string> Tagged(IEnumerable<string> tags, string prefix) =>
        tags.Where(t => t.StartsWith(prefix, StringComparison.Ordinal)).Select(t => t[prefix.Length..]).Order(StringComparer.Ordinal).ToList();
}
