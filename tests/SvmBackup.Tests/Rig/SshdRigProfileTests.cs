using System.Diagnostics;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Messages.Transport;
using Xunit;

namespace SvmBackup.Tests.Rig;

/// <summary>Profiles PamOnly and DsaOnly, pfexec emulation, ListProcesses, several rigs at once.</summary>
public sealed class SshdRigProfileTests(FakeNodeFixture fixture) : IClassFixture<FakeNodeFixture>
{
    private static string Run(SshClient client, string command, int expectedExit = 0)
    {
        using var cmd = client.RunCommand(command);
        Assert.True(cmd.ExitStatus == expectedExit, $"'{command}' exit {cmd.ExitStatus}, stdout: {cmd.Result} stderr: {cmd.Error}");
        return cmd.Result.TrimEnd('\n');
    }

    /// <summary>A background command's fork may not have exec'd yet when <c>echo $!</c> returns: poll.</summary>
    private static RigProcess? WaitFor(SshdRig rig, Func<RigProcess, bool> match)
    {
        for (var i = 0; i < 200; i++)
        {
            var found = rig.ListProcesses().FirstOrDefault(match);
            if (found is not null) return found;
            Thread.Sleep(25);
        }
        return null;
    }

    private static SshClient Connected(SshdRig rig, ConnectionInfo info)
    {
        var client = rig.CreateClient(info);
        client.Connect();
        return client;
    }

    // ---- PamOnly ----------------------------------------------------------------------------

    [SkippableFact]
    public void PamOnly_PasswordMethodFails_KeyboardInteractiveSucceeds()
    {
        var rig = fixture.GetRig(SshdProfile.PamOnly);

        // "password" alone: the server does not offer it (PasswordAuthentication no).
        using (var pw = rig.CreateClient(rig.UserPasswordConnectionInfo()))
        {
            var ex = Assert.Throws<SshAuthenticationException>(() => pw.Connect());
            Assert.Contains("keyboard-interactive", ex.Message, StringComparison.Ordinal);
        }

        // keyboard-interactive: PAM (pam_unix against the rig's /etc/shadow) asks "Password: ".
        var prompts = new List<string>();
        var kbd = new KeyboardInteractiveAuthenticationMethod(rig.UserName);
        kbd.AuthenticationPrompt += (_, e) =>
        {
            foreach (var p in e.Prompts)
            {
                prompts.Add(p.Request);
                p.Response = rig.UserPassword;
            }
        };
        using (var client = Connected(rig, rig.CreateConnectionInfo(rig.UserName, kbd)))
        {
            Assert.Equal(["Password: "], prompts);
            Assert.Equal("4711", Run(client, "id -u"));
            // PATH: sshd_config SetEnv is applied after pam_env, and the rig layer's /etc/environment and
            // /etc/security/pam_env.conf are empty, so PATH is exactly /usr/bin (as in the other profiles).
            Assert.Equal(SshdRig.NonRootPath, Run(client, "echo $PATH"));
            Assert.Equal("0", Run(client, "sudo -n id -u"));
        }

        using (var client = Connected(rig, rig.KeyboardInteractiveConnectionInfo(rig.PasswordSudoUserName, rig.PasswordSudoUserPassword)))
            Assert.Equal("4712", Run(client, "id -u"));

        using (var client = rig.CreateRootClient())
        {
            client.Connect();
            Assert.Equal(SshdRig.RootPath, Run(client, "echo $PATH"));
        }
        using (var client = rig.CreateUserClient(usePassword: false))
        {
            client.Connect();
            Assert.Equal(SshdRig.NonRootPath, Run(client, "echo $PATH"));
        }

        using var wrong = rig.CreateClient(rig.KeyboardInteractiveConnectionInfo(rig.UserName, "wrong"));
        Assert.Throws<SshAuthenticationException>(() => wrong.Connect());
    }

    // ---- DsaOnly ----------------------------------------------------------------------------

    [SkippableFact]
    public void DsaOnly_SshNetCannotConnect()
    {
        var rig = fixture.GetRig(SshdProfile.DsaOnly);
        Assert.Equal(["ssh-dss"], rig.HostKeyFingerprints.Keys);

        // The server itself works: OpenSSH's client (which still knows ssh-dss) logs in.
        var psi = new ProcessStartInfo("ssh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     "-F", "/dev/null", "-p", rig.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", rig.RootKeyPath,
                     "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "HostKeyAlgorithms=ssh-dss",
                     "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + rig.KnownHostsFile,
                     "root@" + rig.Host, "uname -n",
                 })
            psi.ArgumentList.Add(a);
        using (var ssh = Process.Start(psi)!)
        {
            var err = ssh.StandardError.ReadToEndAsync();
            var output = ssh.StandardOutput.ReadToEnd();
            Assert.True(ssh.WaitForExit(30000));
            Assert.True(ssh.ExitCode == 0, $"OpenSSH client exit {ssh.ExitCode}: {err.Result}");
            Assert.Equal(rig.NodeName, output.Trim());
        }

        // SSH.NET 2026.0.0 (no ssh-dss) fails during key exchange, before any host key callback or authentication:
        //   Renci.SshNet.Common.SshConnectionException:
        //   "No matching host key algorithm (server offers ssh-dss)"
        // (DisconnectReason = KeyExchangeFailed.)
        var hostKeySeen = false;
        using var client = new SshClient(rig.RootConnectionInfo());
        client.HostKeyReceived += (_, e) => { hostKeySeen = true; e.CanTrust = true; };
        var ex = Assert.ThrowsAny<Exception>(() => client.Connect());
        Assert.IsType<SshConnectionException>(ex);
        Assert.Equal("No matching host key algorithm (server offers ssh-dss)", ex.Message);
        Assert.Equal(DisconnectReason.KeyExchangeFailed, ((SshConnectionException)ex).DisconnectReason);
        Assert.False(client.IsConnected);
        Assert.False(hostKeySeen);
    }

    // ---- pfexec -----------------------------------------------------------------------------

    [SkippableFact]
    public void Pfexec_RunsAsRootForTheRbacUser_AndUnchangedForOthers()
    {
        var rig = fixture.GetRig();
        Assert.Equal(("svmrbac", 4713, "SvmRbac-Rig-pw"), (rig.RbacUserName, rig.RbacUserUid, rig.RbacUserPassword));
        Assert.True(File.Exists(rig.RbacUserKeyPath));

        using (var client = Connected(rig, rig.RbacUserConnectionInfo()))
        {
            Assert.Equal("4713", Run(client, "id -u"));
            Assert.Equal("/usr/bin/pfexec", Run(client, "command -v pfexec"));
            Assert.Equal("0", Run(client, "pfexec /usr/bin/id -u"));
            Assert.Equal("0", Run(client, "pfexec id -u"));                     // looked up in the caller's PATH
            Assert.Equal("0 /usr/bin", Run(client, "pfexec /bin/sh -c 'echo $(id -u) $PATH'")); // caller's PATH kept
            Assert.StartsWith(FakeSolarisRoot.MetastatText, Run(client, "pfexec /usr/sbin/metastat"));
            using (var notFound = client.RunCommand("pfexec metastat")) // /usr/sbin is not in svmrbac's PATH
            {
                Assert.NotEqual(0, notFound.ExitStatus);
                Assert.Contains("metastat", notFound.Error, StringComparison.Ordinal);
            }
            Assert.Equal("a b  c", Run(client, "pfexec /usr/bin/printf '%s' 'a b  c'"));
            Assert.Equal("7", Run(client, "pfexec /bin/sh -c 'exit 7'; echo $?"));
            // No sudo for this user outside pfexec (as on Solaris, where it has no sudo at all).
            using var sudo = client.RunCommand("sudo -n id -u");
            Assert.NotEqual(0, sudo.ExitStatus);
        }

        using (var client = Connected(rig, rig.RbacUserConnectionInfo(usePassword: true)))
            Assert.Equal("0", Run(client, "pfexec /usr/bin/id -u"));

        using (var client = rig.CreateUserClient(usePassword: false))
        {
            client.Connect();
            Assert.Equal("4711", Run(client, "pfexec /usr/bin/id -u"));
            Assert.Equal("4711", Run(client, "pfexec id -u"));
        }
        using (var client = rig.CreateClient(rig.PasswordSudoUserConnectionInfo()))
        {
            client.Connect();
            Assert.Equal("4712", Run(client, "pfexec /usr/bin/id -u"));
        }
    }

    [SkippableFact]
    public void Pfexec_PutsNoSecretInAnyCommandLine()
    {
        var rig = fixture.GetRig();
        using var client = Connected(rig, rig.RbacUserConnectionInfo(usePassword: true));
        var nsPid = int.Parse(Run(client, "pfexec /usr/bin/sleep 301 </dev/null >/dev/null 2>&1 & echo $!"), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var sleep = WaitFor(rig, p => p.Arguments.SequenceEqual(["/usr/bin/sleep", "301"]));
            Assert.NotNull(sleep);
            Assert.Equal(0, sleep.Uid);
            var all = rig.ListProcesses();
            Assert.Contains(all, p => p.NamespacePid == nsPid); // the pfexec → sudo chain the shell started
            foreach (var secret in new[] { rig.RbacUserPassword, rig.UserPassword, rig.PasswordSudoUserPassword })
                Assert.DoesNotContain(all, p => p.CommandLine.Contains(secret, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var p in rig.ListProcesses().Where(p => p.CommandLine.Contains("sleep 301", StringComparison.Ordinal)))
                rig.KillProcess(p.Pid);
        }
        Assert.Empty(rig.WaitForProcessesGone(p => p.CommandLine.Contains("sleep 301", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
    }

    // ---- ListProcesses ----------------------------------------------------------------------

    [SkippableFact]
    public void ListProcesses_SeesABackgroundSleep_UntilItIsKilled()
    {
        var rig = fixture.GetRig();
        Assert.Contains(rig.ListProcesses(), p => p.NamespacePid == 1 && p.Name == "sshd" && p.User == "root");

        using var client = rig.CreateUserClient(usePassword: false);
        client.Connect();
        var nsPid = int.Parse(Run(client, "sleep 300 </dev/null >/dev/null 2>&1 & echo $!"), System.Globalization.CultureInfo.InvariantCulture);

        var sleep = WaitFor(rig, p => p.NamespacePid == nsPid && p.Arguments.Count > 0 && p.Arguments[0] == "sleep");
        Assert.NotNull(sleep);
        Assert.Equal(["sleep", "300"], sleep.Arguments);
        Assert.Equal("sleep 300", sleep.CommandLine);
        Assert.Equal("svmop", sleep.User);
        Assert.Equal(4711, sleep.Uid);
        Assert.NotEqual(sleep.NamespacePid, sleep.Pid);
        Assert.Equal(rig.PidNamespaceId, new FileInfo($"/proc/{sleep.Pid}/ns/pid").LinkTarget);

        // The list holds only the rig's processes: not this test host process.
        Assert.DoesNotContain(rig.ListProcesses(), p => p.Pid == Environment.ProcessId);

        // Killing over SSH (namespace pid) …
        Run(client, $"kill {nsPid}");
        Assert.Empty(rig.WaitForProcessesGone(p => p.Pid == sleep.Pid, TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain(rig.ListProcesses(), p => p.CommandLine == "sleep 300" && p.State != "Z");

        // … or from the host (host pid).
        var nsPid2 = int.Parse(Run(client, "sleep 300 </dev/null >/dev/null 2>&1 & echo $!"), System.Globalization.CultureInfo.InvariantCulture);
        var sleep2 = WaitFor(rig, p => p.NamespacePid == nsPid2 && p.CommandLine == "sleep 300");
        Assert.NotNull(sleep2);
        Assert.True(rig.KillProcess(sleep2.Pid));
        Assert.Empty(rig.WaitForProcessesGone(p => p.CommandLine == "sleep 300", TimeSpan.FromSeconds(10)));
        Assert.False(rig.KillProcess(Environment.ProcessId)); // not a rig process: refused
    }

    // ---- several rigs -----------------------------------------------------------------------

    [SkippableFact]
    public async Task SeveralProfilesAtOnce_AllWork_AndAllAreCleanedUp()
    {
        RigRequirement.EnsureOrSkip();
        var root = FakeSolarisRoot.Create();
        var profiles = new List<SshdProfile> { SshdProfile.Modern, SshdProfile.SunSsh, SshdProfile.PamOnly };
        if (SshdRig.IsProfileAvailable(SshdProfile.DsaOnly, out _)) profiles.Add(SshdProfile.DsaOnly);
        var rigs = new List<SshdRig>();
        var namespaces = new List<string>();
        var dirs = new List<string>();
        try
        {
            var starts = profiles.Select((p, i) => SshdRig.StartAsync(new SshdRigOptions { NodeName = $"phys-multi-{i}", SolarisRoot = root, Profile = p })).ToList();
            try
            {
                await Task.WhenAll(starts);
            }
            finally
            {
                rigs.AddRange(starts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }
            Assert.Equal(profiles.Count, rigs.Select(r => r.Port).Distinct().Count());
            Assert.Equal(profiles.Count, rigs.Select(r => r.PidNamespaceId).Distinct().Count());

            for (var i = 0; i < rigs.Count; i++)
            {
                var rig = rigs[i];
                Assert.NotNull(rig.PidNamespaceId);
                namespaces.Add(rig.PidNamespaceId!);
                dirs.Add(rig.WorkDirectory);
                Assert.Equal(rig.Profile, profiles[i]);
                if (rig.Profile == SshdProfile.DsaOnly)
                {
                    Assert.StartsWith("SSH-2.0-OpenSSH", rig.ServerBanner);
                    continue;
                }
                using var client = rig.CreateRootClient();
                client.Connect();
                Assert.Equal(rig.NodeName, Run(client, "uname -n"));
                // Leave something running: dispose must kill it.
                Run(client, "sleep 302 </dev/null >/dev/null 2>&1 &");
                Assert.NotNull(WaitFor(rig, p => p.CommandLine == "sleep 302"));
                // Each rig sees only its own processes.
                var mine = rig.ListProcesses().Select(p => p.Pid).ToHashSet();
                Assert.All(rigs.Where(r => r != rig), other => Assert.DoesNotContain(other.ListProcesses(), p => mine.Contains(p.Pid)));
            }
        }
        finally
        {
            await Task.WhenAll(rigs.Select(r => r.DisposeAsync().AsTask()));
            Directory.Delete(root, true);
        }

        Assert.Equal(profiles.Count, namespaces.Count);
        foreach (var rig in rigs) Assert.Empty(rig.ListProcesses());
        var leftovers = Directory.EnumerateDirectories("/proc").Where(d =>
        {
            try { return namespaces.Contains(new FileInfo(Path.Combine(d, "ns", "pid")).LinkTarget ?? ""); }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
        }).ToList();
        Assert.Empty(leftovers);
        Assert.All(dirs, d => Assert.False(Directory.Exists(d), d));
    }
}
