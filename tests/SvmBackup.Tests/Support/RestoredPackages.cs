using System.Text.Json;

namespace SvmBackup.Tests.Support;

/// <summary>
/// Files of the packages a project restored (its obj/project.assets.json names the package folders and each
/// package's folder), so the reference assemblies are the very ones the module was compiled against.
/// </summary>
public static class RestoredPackages
{
    /// <summary>A file inside package <paramref name="id"/> as restored for the project in src/<paramref name="project"/>.</summary>
    public static string File(string project, string id, string relativePath)
    {
        var assets = Path.Combine(RepoPaths.Root, "src", project, "obj", "project.assets.json");
        Assert.True(System.IO.File.Exists(assets), "Restore first: " + assets);
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(assets));
        var library = doc.RootElement.GetProperty("libraries").EnumerateObject()
            .FirstOrDefault(l => l.Name.StartsWith(id + "/", StringComparison.OrdinalIgnoreCase));
        Assert.True(library.Value.ValueKind == JsonValueKind.Object, project + " did not restore " + id);
        var packagePath = library.Value.GetProperty("path").GetString()!;
        foreach (var folder in doc.RootElement.GetProperty("packageFolders").EnumerateObject())
        {
            var candidate = Path.Combine(folder.Name, packagePath, relativePath);
            if (System.IO.File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException(relativePath + " of " + library.Name + " is in none of the package folders of " + project);
    }
}
