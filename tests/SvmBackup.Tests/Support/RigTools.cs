using System.Diagnostics;

namespace SvmBackup.Tests.Support;

/// <summary>Helpers of the SSH tests that log in as non-root users and with passphrase-protected keys.</summary>
public static class RigTools
{
    /// <summary>The simulated host's state is shared with root sessions: let non-root logins read and lock it.</summary>
    public static void ShareState(string stateDirectory)
    {
        foreach (var p in Directory.EnumerateFileSystemEntries(stateDirectory, "*", SearchOption.AllDirectories).Append(stateDirectory))
            File.SetUnixFileMode(p, File.GetUnixFileMode(p) | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite |
                                    (Directory.Exists(p) ? UnixFileMode.OtherExecute | UnixFileMode.GroupExecute : 0));
    }

    /// <summary>Runs a local tool (ssh-keygen) to completion; fails the test on a non-zero exit. Returns its stdout.</summary>
    public static string RunTool(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var err = p.StandardError.ReadToEndAsync();
        var o = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(60000), tool + " timed out");
        Assert.True(p.ExitCode == 0, $"{tool} {string.Join(' ', args)}: exit {p.ExitCode}: {err.Result}{o}");
        return o;
    }

    /// <summary>A copy of a private key, re-encrypted with a passphrase by ssh-keygen -p (PEM stays PEM with -m PEM).</summary>
    public static string ProtectedCopy(string keyPath, string passphrase, bool pem)
    {
        var copy = Path.Combine(Directory.CreateTempSubdirectory("svm-keypp-").FullName, Path.GetFileName(keyPath));
        File.Copy(keyPath, copy);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var args = new List<string> { "-q", "-p", "-N", passphrase, "-P", "", "-f", copy };
        if (pem) args.InsertRange(0, ["-m", "PEM"]);
        RunTool("ssh-keygen", args.ToArray());
        var text = File.ReadAllText(copy);
        if (pem) Assert.Contains("Proc-Type: 4,ENCRYPTED", text);
        else Assert.Contains("BEGIN OPENSSH PRIVATE KEY", text);
        return copy;
    }
}
