using System.Management.Automation;
using System.Xml.Linq;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Cmdlets;

/// <summary>The module as a user imports it: manifest, exports, folder contents, conventions.</summary>
public class ModuleContractTests : IClassFixture<ModuleHostFixture>
{
    private static readonly string[] Cmdlets = { "Backup-SvmMirror", "Connect-Submirror", "Disconnect-Submirror", "Get-SvmBackupJournal", "Get-SvmDiskSet", "Get-SvmMirror", "Get-SvmSession", "Get-UfsLock", "Invoke-SubmirrorDump", "Lock-UfsFileSystem", "New-SvmSession", "New-SvmSimulator", "Remove-SvmSession", "Repair-SvmMirror", "Test-SvmConnection", "Test-UfsFileSystem", "Unlock-UfsFileSystem", "Wait-SvmResync" };
    private readonly ModuleHost _host;

    public ModuleContractTests(ModuleHostFixture fixture) => _host = fixture.Host;

    [Fact]
    public void Exports_exactly_the_manifest_cmdlets_and_nothing_else()
    {
        Assert.Equal(Cmdlets, _host.Module.ExportedCmdlets.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Empty(_host.Module.ExportedFunctions);
        Assert.Empty(_host.Module.ExportedAliases);
        Assert.Empty(_host.Module.ExportedVariables);
        Assert.Equal(new Version(0, 1, 0), _host.Module.Version);
    }

    [Fact]
    public void Manifest_declares_both_editions_and_gallery_metadata()
    {
        // Import-PowerShellDataFile is in Microsoft.PowerShell.Utility (not in this engine package): evaluate it as restricted-language data, as that cmdlet does.
        var r = _host.Invoke("$d = [scriptblock]::Create([IO.File]::ReadAllText($args[0])); $d.CheckRestrictedLanguage([string[]]@(), [string[]]@(), $false); & $d", RepoPaths.ModuleManifest);
        r.AssertNoErrors();
        var data = (System.Collections.Hashtable)r.Output.Single().BaseObject;
        Assert.Equal(new[] { "Desktop", "Core" }, ((object[])data["CompatiblePSEditions"]!).Cast<string>());
        Assert.Equal("5.1", data["PowerShellVersion"]);
        var psData = (System.Collections.Hashtable)((System.Collections.Hashtable)data["PrivateData"]!)["PSData"]!;
        var tags = ((object[])psData["Tags"]!).Cast<string>().ToList();
        Assert.Contains("PSEdition_Desktop", tags);
        Assert.Contains("PSEdition_Core", tags);
        Assert.False(string.IsNullOrEmpty((string?)psData["ProjectUri"]));
        Assert.False(string.IsNullOrEmpty((string?)psData["ReleaseNotes"]));
    }

    [Fact]
    public void Module_folder_has_no_engine_assembly_and_has_views_help_and_simulator()
    {
        Assert.False(File.Exists(Path.Combine(RepoPaths.ModuleFolder, "System.Management.Automation.dll")));
        Assert.False(File.Exists(Path.Combine(RepoPaths.ModuleFolder, "dependencies", "System.Management.Automation.dll")));
        Assert.True(File.Exists(Path.Combine(RepoPaths.ModuleFolder, "dependencies", "Renci.SshNet.dll")));
        Assert.True(File.Exists(Path.Combine(RepoPaths.ModuleFolder, "SvmBackup.Format.ps1xml")));
        Assert.True(File.Exists(Path.Combine(RepoPaths.ModuleFolder, "SvmBackup.Journal.Format.ps1xml")));
        Assert.True(File.Exists(Path.Combine(RepoPaths.ModuleFolder, "en-US", "SvmBackup.dll-Help.xml")));
        Assert.True(File.Exists(Path.Combine(RepoPaths.ModuleFolder, "en-US", "about_SvmBackup.help.txt")));
        Assert.True(File.Exists(Path.Combine(RepoPaths.ModuleFolder, "SvmBackup.Types.ps1xml")));
        Assert.True(File.Exists(RepoPaths.SimulatorDll));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_has_an_approved_verb_output_type_and_help_with_examples(string name)
    {
        var info = (CmdletInfo)_host.Invoke("Get-Command $args[0]", name).Output.Single().BaseObject;
        Assert.Contains(info.Verb, ApprovedVerbs());
        if (name != "Remove-SvmSession") Assert.NotEmpty(info.OutputType);

        var help = XDocument.Load(Path.Combine(RepoPaths.ModuleFolder, "en-US", "SvmBackup.dll-Help.xml"));
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        var entry = help.Descendants(command + "command").Single(c => c.Descendants(command + "name").First().Value == name);
        Assert.NotEmpty(entry.Descendants(command + "example"));
        // Every public parameter is documented.
        var documented = entry.Descendants(command + "parameter").Select(p => p.Elements().First().Value).ToHashSet();
        foreach (var p in info.Parameters.Keys.Where(k => !Common.Contains(k) && k is not "WhatIf" and not "Confirm"))
            Assert.True(documented.Contains(p), $"{name} -{p} has no help");
    }

    /// <summary>
    /// What a user sees: Get-Help -Full in the engine (not the XML), so a help entry the help system cannot match to
    /// the cmdlet, or one missing a section, fails here. Synopsis, description, every parameter described, inputs,
    /// outputs, two examples of which one is a pipeline, and related links including about_SvmBackup.
    /// </summary>
    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Get_Help_Full_is_complete(string name)
    {
        var r = _host.Invoke(@"
            $h = Get-Help -Name $args[0] -Full
            [pscustomobject]@{
                Name        = [string]$h.Name
                Synopsis    = [string]$h.Synopsis
                Description = (@($h.description | ForEach-Object { $_.Text }) -join ' ')
                Parameters  = @($h.parameters.parameter | ForEach-Object { [string]$_.name + '=' + (@($_.description | ForEach-Object { $_.Text }) -join ' ') })
                Inputs      = @($h.inputTypes.inputType | ForEach-Object { [string]$_.type.name })
                Outputs     = @($h.returnValues.returnValue | ForEach-Object { [string]$_.type.name })
                Examples    = @($h.examples.example | ForEach-Object { [string]$_.code })
                Links       = @($h.relatedLinks.navigationLink | ForEach-Object { [string]$_.linkText })
            }", name);
        r.AssertNoErrors();
        var h = r.Output.Single();
        string Text(string p) => (string)h.Properties[p].Value;
        string[] List(string p) => ((object[])PSObject.AsPSObject(h.Properties[p].Value).BaseObject).Select(o => o?.ToString() ?? "").ToArray();

        Assert.Equal(name, Text("Name"));
        // Without a MAML entry Get-Help makes up a synopsis from the syntax: a real one does not start with the name.
        Assert.False(string.IsNullOrWhiteSpace(Text("Synopsis")) || Text("Synopsis").TrimStart().StartsWith(name, StringComparison.OrdinalIgnoreCase), name + " has no synopsis");
        Assert.True(Text("Description").Length >= 40, name + " has no description");

        var described = List("Parameters").Select(p => p.Split('=', 2)).Where(p => p[1].Trim().Length > 0).Select(p => p[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var info = (CmdletInfo)_host.Invoke("Get-Command $args[0]", name).Output.Single().BaseObject;
        var missing = info.Parameters.Keys.Where(k => !Common.Contains(k) && !described.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"{name}: parameters without a description: {string.Join(", ", missing)}");

        Assert.True(List("Inputs").Any(i => i.Trim().Length > 0), name + " has no inputs section");
        Assert.True(List("Outputs").Any(o => o.Trim().Length > 0), name + " has no outputs section");

        var examples = List("Examples");
        Assert.True(examples.Length >= 2, $"{name} has {examples.Length} example(s)");
        Assert.True(examples.Any(c => c.Contains('|', StringComparison.Ordinal)), name + " has no pipeline example");

        var links = List("Links");
        Assert.Contains("about_SvmBackup", links);
        Assert.Contains(links, l => l != name && Cmdlets.Contains(l));
        Assert.All(links.Where(l => l != "about_SvmBackup"), l => Assert.Contains(l, Cmdlets));
    }

    /// <summary>
    /// The conceptual topic ships in the module folder (en-US, next to the MAML) and Get-Help finds it by name in the
    /// hosted engine once the module is imported; each section the topic promises is there.
    /// </summary>
    [Fact]
    public void Get_Help_about_SvmBackup_returns_the_topic_with_every_section()
    {
        var file = Path.Combine(RepoPaths.ModuleFolder, "en-US", "about_SvmBackup.help.txt");
        Assert.True(File.Exists(file), "not in the module folder: " + file);
        var r = _host.Invoke("Get-Help -Name about_SvmBackup | ForEach-Object { [string]$_ }");
        r.AssertNoErrors();
        var text = string.Join("\n", r.Output.Select(o => o.ToString()));
        Assert.Equal(File.ReadAllText(file).Trim().ReplaceLineEndings("\n"), text.Trim().ReplaceLineEndings("\n"));
        foreach (var heading in new[] { "TOPIC", "SHORT DESCRIPTION", "LONG DESCRIPTION", "THE PROCEDURE", "SAFETY INVARIANTS", "OFFLINE VERSUS DETACH", "THE JOURNAL AND THE HOST MARKER", "RECOVERY", "THE SIMULATED HOST", "RUNNING UNDER AZURE AUTOMATION", "SEE ALSO" })
            Assert.Matches("(?m)^" + heading + "$", text);
        foreach (var step in new[] { "lockfs -w", "metaoffline", "metadetach", "lockfs -u", "ufsdump", "metaonline", "metattach", "Repair-SvmMirror -RunId", "New-SvmSimulator", "$PSPrivateMetadata.JobId", "ConfirmPreference" })
            Assert.Contains(step, text);
    }

    [Fact]
    public void Changing_cmdlets_support_ShouldProcess()
    {
        foreach (var name in new[] { "Remove-SvmSession", "New-SvmSimulator", "Lock-UfsFileSystem", "Unlock-UfsFileSystem", "Disconnect-Submirror", "Connect-Submirror", "Invoke-SubmirrorDump", "Test-UfsFileSystem", "Backup-SvmMirror", "Repair-SvmMirror" })
        {
            var info = (CmdletInfo)_host.Invoke("Get-Command $args[0]", name).Output.Single().BaseObject;
            Assert.True(info.Parameters.ContainsKey("WhatIf"), name);
        }
    }

    [Fact]
    public void Host_cmdlets_bind_Session_from_the_pipeline_by_property_name()
    {
        var info = (CmdletInfo)_host.Invoke("Get-Command Get-SvmMirror").Output.Single().BaseObject;
        var attr = info.Parameters["Session"].Attributes.OfType<ParameterAttribute>().Single();
        Assert.True(attr.ValueFromPipelineByPropertyName);
    }

    /// <summary>The engine's common parameters (-Verbose, -ErrorAction...) and -WhatIf/-Confirm, which about_CommonParameters documents.</summary>
    private static readonly HashSet<string> Common = new(typeof(System.Management.Automation.Internal.CommonParameters).GetProperties().Select(p => p.Name).Concat(typeof(System.Management.Automation.Internal.ShouldProcessParameters).GetProperties().Select(p => p.Name)), StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<object[]> CmdletNames() => Cmdlets.Select(c => new object[] { c });

    private static IEnumerable<string> ApprovedVerbs() =>
        new[] { typeof(VerbsCommon), typeof(VerbsData), typeof(VerbsLifecycle), typeof(VerbsDiagnostic), typeof(VerbsCommunications), typeof(VerbsSecurity), typeof(VerbsOther) }
            .SelectMany(t => t.GetFields()).Select(f => (string)f.GetValue(null)!);
}

public sealed class ModuleHostFixture : IDisposable
{
    public ModuleHost Host { get; } = new();
    public void Dispose() => Host.Dispose();
}
