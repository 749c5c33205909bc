using SvmBackup.Transport;

namespace SvmBackup.Tests.Support;

/// <summary>
/// A throw-away simulated root whose Solaris tools are small /bin/sh shims written by the test, and the local
/// transport that runs a script against it (only the paths given are redirected into the root).
/// </summary>
public sealed class ShimRoot : IDisposable
{
    public ShimRoot(string prefix) => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    /// <summary>Writes an executable /bin/sh script at <paramref name="path"/> (relative to the root).</summary>
    public void Shim(string path, string body)
    {
        var file = System.IO.Path.Combine(Path, path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "#!/bin/sh\n" + body);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public LocalShellTransport Transport(params string[] providedPaths) => new(Path, "myhost", providedPaths);

    public void Dispose()
    {
        try { Directory.Delete(Path, true); } catch (IOException) { }
    }
}
