using System.Diagnostics;
using System.Reflection;
using System.Reflection.Emit;
using SvmBackup.Tests.Cmdlets;
using SvmBackup.Tests.Rig;
using SvmBackup.Tests.Support;

namespace SvmBackup.Tests.Hosting;

/// <summary>
/// SvmBackup works in a PowerShell where another module already loaded a different Renci.SshNet.dll (as Posh-SSH
/// users report): its SSH.NET lives in dependencies/ and is loaded into SvmBackup's own load context. Runs in a separate
/// process (the examples engine host), because this test process has SvmBackup.Core in its default context already.
/// </summary>
public class DependencyIsolationTests : IClassFixture<SshSimulatorFixture>
{
    private readonly SshSimulatorFixture _f;

    public DependencyIsolationTests(SshSimulatorFixture fixture) => _f = fixture;

    [Fact]
    public void The_module_folder_keeps_every_dependency_out_of_its_root()
    {
        var root = Directory.GetFiles(RepoPaths.ModuleFolder, "*.dll").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "SvmBackup.Loader.dll", "SvmBackup.dll" }, root);
        var deps = Path.Combine(RepoPaths.ModuleFolder, "dependencies");
        foreach (var dll in new[] { "SvmBackup.Core.dll", "SvmBackup.Simulator.dll", "Renci.SshNet.dll" })
            Assert.True(File.Exists(Path.Combine(deps, dll)), dll + " is not in dependencies/");
        Assert.False(File.Exists(Path.Combine(deps, "System.Management.Automation.dll")));
    }

    /// <summary>A Renci.SshNet 1.0.0.0 with one empty type: what "another module's SSH.NET" looks like to the binder.</summary>
    private static string FakeSshNet(string dir)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName("Renci.SshNet") { Version = new Version(1, 0, 0, 0) }, typeof(object).Assembly);
        var module = builder.DefineDynamicModule("Renci.SshNet");
        module.DefineType("Renci.SshNet.SshClient", TypeAttributes.Public | TypeAttributes.Class).CreateType();
        var path = Path.Combine(dir, "Renci.SshNet.dll");
        builder.Save(path);
        return path;
    }

    [SkippableFact]
    public async Task Another_Renci_SshNet_loaded_first_does_not_break_SvmBackup_over_ssh()
    {
        var rig = _f.Rig("myhost", SshdProfile.Modern);
        var dir = Directory.CreateTempSubdirectory("svm-alc-").FullName;
        try
        {
            var fake = FakeSshNet(dir);
            var script = Path.Combine(dir, "Conflict.ps1");
            File.WriteAllText(script, """
                param($fake, $port, $key, $kh)
                $ErrorActionPreference = 'Stop'
                # Another module's SSH.NET, loaded into the default context before SvmBackup is imported.
                $other = [System.Reflection.Assembly]::LoadFrom($fake)
                Import-Module SvmBackup
                $s = New-SvmSession -ComputerName 127.0.0.1 -Port $port -UserName root -KeyFile $key -KnownHostsFile $kh
                try { "MIRROR " + (Get-SvmMirror -Session $s d1).Name } finally { Remove-SvmSession $s }
                foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies()) {
                    if ($a.GetName().Name -eq 'Renci.SshNet') {
                        "SSHNET " + $a.GetName().Version + " " + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a).GetType().Name
                    }
                }
                """);
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var host = Path.Combine(RepoPaths.Root, "examples", "SvmBackup.Examples", "bin", configuration, "net10.0", "svmbackup-examples.dll");
            Assert.True(File.Exists(host), "Build first: " + host);
            var psi = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { host, script, fake, rig.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), rig.RootKeyPath, rig.KnownHostsFile }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2))) await p.WaitForExitAsync(limit.Token);
            var (output, errors) = (await stdout, await stderr);
            Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {errors}\n{output}");
            Assert.Contains("MIRROR d1", output);
            var loaded = output.Split('\n').Where(l => l.StartsWith("SSHNET ", StringComparison.Ordinal)).Select(l => l.Trim()).Order(StringComparer.Ordinal).ToList();
            // Both live side by side: the other module's in the default context, SvmBackup's in its own.
            Assert.Equal(2, loaded.Count);
            Assert.Contains("SSHNET 1.0.0.0 DefaultAssemblyLoadContext", loaded);
            Assert.Contains(loaded, l => !l.StartsWith("SSHNET 1.0.0.0", StringComparison.Ordinal) && l.EndsWith(" DependencyLoadContext", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
