namespace SvmBackup.Tests.Support;

/// <summary>Locates the repository and the built module folder (out/SvmBackup), which `dotnet build` produces.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ModuleFolder => Path.Combine(Root, "out", "SvmBackup");

    public static string ModuleManifest => Path.Combine(ModuleFolder, "SvmBackup.psd1");

    public static string SimulatorDll => Path.Combine(ModuleFolder, "simulator", "svmsim.dll");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "SvmBackup.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SvmBackup.sln not found above " + AppContext.BaseDirectory);
    }
}
