using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using SvmBackup.Tests.Cmdlets;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Hosting;

/// <summary>The built manifest is valid for PowerShell, and the version is the same everywhere it is written.</summary>
public class ManifestTests : IClassFixture<ModuleHostFixture>
{
    private readonly ModuleHost _host;

    public ManifestTests(ModuleHostFixture fixture) => _host = fixture.Host;

    [Fact]
    public void Test_ModuleManifest_accepts_the_built_module()
    {
        var r = _host.Invoke("Test-ModuleManifest -Path $args[0]", RepoPaths.ModuleManifest);
        r.AssertNoErrors();
        var info = Assert.IsType<PSModuleInfo>(r.Output.Single().BaseObject);
        Assert.Equal("SvmBackup", info.Name);
        Assert.Contains("Backup-SvmMirror", info.ExportedCmdlets.Keys);
    }

    [Fact]
    public void The_version_comes_from_one_place_and_matches_the_manifest_the_assemblies_and_the_changelog()
    {
        var props = File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Build.props"));
        var version = Regex.Match(props, "<Version>([0-9.]+)</Version>").Groups[1].Value;
        Assert.NotEmpty(version);
        var manifest = _host.Invoke("(Import-PowerShellDataFile -Path $args[0]).ModuleVersion", RepoPaths.ModuleManifest);
        if (manifest.Errors.Count == 0 && manifest.Output.Count == 1)
            Assert.Equal(version, manifest.Output[0].BaseObject.ToString());
        else // Import-PowerShellDataFile is in Microsoft.PowerShell.Utility, which the engine package does not ship
            Assert.Matches("ModuleVersion\\s*=\\s*'" + Regex.Escape(version) + "'", File.ReadAllText(RepoPaths.ModuleManifest));
        foreach (var dll in new[] { "SvmBackup.dll", Path.Combine("dependencies", "SvmBackup.Core.dll") })
            Assert.Equal(new Version(version + ".0"), AssemblyName.GetAssemblyName(Path.Combine(RepoPaths.ModuleFolder, dll)).Version);
        Assert.StartsWith("## " + version + " ", File.ReadLines(Path.Combine(RepoPaths.Root, "CHANGELOG.md")).First(l => l.StartsWith("## ", StringComparison.Ordinal)));
    }
}
