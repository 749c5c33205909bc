using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Renci.SshNet;

namespace SvmBackup.Tests.Rig;

/// <summary>
/// One real OpenSSH sshd on 127.0.0.1 for one simulated Solaris node.
/// sshd runs inside private mount/UTS/PID namespaces
/// (<c>unshare -m -u -p --fork --kill-child --mount-proc --propagation private</c>) where the host name is the node
/// name and <c>/etc</c>, <c>/usr/sbin</c>, <c>/usr/bin</c> are overlay mounts of
/// [rig layer (etc only)] : [Solaris root] : [real directory]. The host itself is never modified
/// (except that <c>/run/sshd</c> is created when missing, as the Debian service does).
/// </summary>
/// <remarks>
/// Accounts inside the namespace: <c>root</c> (keys only, login shell forced to /bin/sh so that no
/// .bashrc changes PATH), <c>svmop</c> (uid 4711, password + keys, passwordless sudo) and
/// <c>svmpw</c> (uid 4712, password only, sudo asks for its password every time) and <c>svmrbac</c> (uid 4713,
/// password + keys, no sudo, but an RBAC "profile": <c>pfexec CMD</c> runs CMD as root; see <see cref="RbacUserName"/>).
/// <c>/usr/bin/pfexec</c> is a rig-layer script (below the Solaris root's usr/bin, so a simulator may replace it).
/// PATH of a non-interactive command is <c>/usr/sbin:/usr/bin</c> for root and <c>/usr/bin</c> for
/// everyone else, as SunSSH on Solaris 10 sets it (sshd_config <c>Match User</c> + <c>SetEnv PATH=</c>;
/// with profile PamOnly too: sshd applies <c>SetEnv</c> after the PAM environment, and the rig layer's
/// /etc/environment and /etc/security/pam_env.conf are empty). Under sudo, PATH is Debian's <c>secure_path</c>.
/// <see cref="ListProcesses"/> shows every process of the rig's PID namespace without SSH.
/// </remarks>
public sealed class SshdRig : IDisposable, IAsyncDisposable
{
    public const string LoopbackHost = "127.0.0.1";
    public const string RootPath = "/usr/sbin:/usr/bin";
    public const string NonRootPath = "/usr/bin";

    private static readonly ConcurrentDictionary<SshdRig, byte> Live = new();
    private static readonly object ProbeLock = new();
    private static (bool Ok, string Reason)? probe;

    private readonly SshdRigOptions options;
    private readonly StringBuilder log = new();
    private readonly Dictionary<string, string> fingerprints = new(StringComparer.Ordinal);
    private Process? process;
    private string? pidNamespace;
    private int? nsInitPid;
    private int disposed;

    static SshdRig()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var rig in Live.Keys)
            {
                try { rig.Dispose(); } catch { /* best effort at exit */ }
            }
        };
    }

    public SshdRig(SshdRigOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.NodeName) || options.NodeName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')))
            throw new ArgumentException($"Invalid node name '{options.NodeName}'.", nameof(options));
        if (options.SolarisRoot is { } root)
        {
            if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"Solaris root '{root}' does not exist.");
            CheckOverlayPath(Path.GetFullPath(root));
        }
        this.options = options;
    }

    // ---- identity -------------------------------------------------------------------------

    public string NodeName => options.NodeName;
    public SshdProfile Profile => options.Profile;
    public string? SolarisRoot => options.SolarisRoot is null ? null : Path.GetFullPath(options.SolarisRoot);
    public string Host => LoopbackHost;
    public int Port { get; private set; }

    /// <summary>Rig temp directory (config, keys, homes, etc layer). Deleted on dispose.</summary>
    public string WorkDirectory { get; private set; } = "";

    /// <summary>Key type (<c>ssh-ed25519</c>, <c>ssh-rsa</c>) to OpenSSH fingerprint (<c>SHA256:…</c>, no padding).</summary>
    public IReadOnlyDictionary<string, string> HostKeyFingerprints => fingerprints;

    /// <summary>known_hosts with <c>[127.0.0.1]:port</c> entries for all host keys.</summary>
    public string KnownHostsFile { get; private set; } = "";

    /// <summary>Everything sshd wrote to stderr/stdout so far (LogLevel VERBOSE).</summary>
    public string SshdLog { get { lock (log) return log.ToString(); } }

    /// <summary>
    /// sudo's log file (sudoers <c>Defaults logfile</c>; one entry per command run or refused, with user and command
    /// line). The rig runs no syslog daemon, so this file is the only record sudo leaves.
    /// </summary>
    public string SudoLogFile => WorkDirectory.Length == 0 ? "" : Path.Combine(WorkDirectory, "sudo.log");

    /// <summary>The text of <see cref="SudoLogFile"/> so far ("" before sudo first ran).</summary>
    public string SudoLog
    {
        get
        {
            try { return File.Exists(SudoLogFile) ? File.ReadAllText(SudoLogFile) : ""; }
            catch (IOException) { return ""; }
        }
    }

    // ---- logins ---------------------------------------------------------------------------

    public string RootUserName => "root";
    /// <summary>OpenSSH-format ed25519 private key, no passphrase (not accepted by profile SunSsh).</summary>
    public string RootKeyPath { get; private set; } = "";
    /// <summary>PEM (<c>BEGIN RSA PRIVATE KEY</c>) RSA 3072 private key, no passphrase.</summary>
    public string RootRsaKeyPath { get; private set; } = "";

    public string UserName => "svmop";
    public int UserUid => 4711;
    public string UserPassword => "Svm0p-Rig-pw";
    public string UserKeyPath { get; private set; } = "";
    public string UserRsaKeyPath { get; private set; } = "";

    /// <summary>A user whose sudo needs its password (<c>sudo -S</c>), never cached.</summary>
    public string PasswordSudoUserName => "svmpw";
    public int PasswordSudoUserUid => 4712;
    public string PasswordSudoUserPassword => "SvmPw-Rig-pw";

    /// <summary>
    /// A user with a Solaris RBAC profile and no sudo rights: <c>pfexec CMD ARGS</c> runs CMD as root, with the
    /// caller's PATH (CMD without a slash is looked up in the caller's PATH first, as pfexec does);
    /// other environment variables are reset by sudo. For every other user <c>pfexec CMD</c> just execs CMD.
    /// <c>sudo</c> as this user fails (not in sudoers except for the rig's internal pfexec helper).
    /// </summary>
    public string RbacUserName => "svmrbac";
    public int RbacUserUid => 4713;
    public string RbacUserPassword => "SvmRbac-Rig-pw";
    /// <summary>OpenSSH-format ed25519 private key of <see cref="RbacUserName"/>, no passphrase.</summary>
    public string RbacUserKeyPath { get; private set; } = "";
    /// <summary>PEM RSA 3072 private key of <see cref="RbacUserName"/> (for profile SunSsh).</summary>
    public string RbacUserRsaKeyPath { get; private set; } = "";

    /// <summary>The PID namespace (<c>/proc/PID/ns/pid</c> link text, <c>pid:[…]</c>) of a started rig, else null.</summary>
    public string? PidNamespaceId => pidNamespace;

    // ---- start ----------------------------------------------------------------------------

    public static SshdRig Start(SshdRigOptions options) => StartAsync(options).GetAwaiter().GetResult();

    public static async Task<SshdRig> StartAsync(SshdRigOptions options, CancellationToken cancellationToken = default)
    {
        var rig = new SshdRig(options);
        try
        {
            await rig.StartAsync(cancellationToken).ConfigureAwait(false);
            return rig;
        }
        catch
        {
            await rig.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (process is not null) throw new InvalidOperationException("Rig already started.");
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        if (!IsAvailable(out var reason)) throw new InvalidOperationException("sshd rig unavailable: " + reason);

        var dir = Directory.CreateTempSubdirectory("svmrig-" + NodeName + "-").FullName;
        WorkDirectory = dir;
        Live.TryAdd(this, 0);
        CheckOverlayPath(dir);
        File.SetUnixFileMode(dir, Mode755);

        await PrepareFilesAsync(dir, cancellationToken).ConfigureAwait(false);

        Directory.CreateDirectory("/run/sshd");

        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Port = FreePort();
            var cfg = Path.Combine(dir, "sshd_config");
            await File.WriteAllTextAsync(cfg, BuildConfig(dir), cancellationToken).ConfigureAwait(false);
            await WriteKnownHostsAsync(dir, cancellationToken).ConfigureAwait(false);
            lock (log) log.Clear();
            try
            {
                StartProcess(dir, cfg);
                await WaitForBannerAsync(cancellationToken).ConfigureAwait(false);
                var found = FindPidNamespace();
                pidNamespace = found?.Ns;
                nsInitPid = found?.Pid;
                return;
            }
            catch (RigStartException ex) when (ex.PortInUse)
            {
                last = ex;
                KillAll();
            }
        }
        throw new InvalidOperationException($"sshd rig for {NodeName}: could not bind a free port.", last);
    }

    private async Task PrepareFilesAsync(string dir, CancellationToken ct)
    {
        var keys = Directory.CreateDirectory(Path.Combine(dir, "keys")).FullName;
        var auth = Directory.CreateDirectory(Path.Combine(dir, "authorized_keys")).FullName;
        File.SetUnixFileMode(auth, Mode755);
        var hostKeyTypes = HostKeyTypes;

        var jobs = new List<Task>();
        foreach (var t in hostKeyTypes) jobs.Add(KeygenAsync(Path.Combine(keys, "ssh_host_" + t + "_key"), t, pem: false, ct));
        RootKeyPath = Path.Combine(keys, "root_ed25519");
        RootRsaKeyPath = Path.Combine(keys, "root_rsa");
        UserKeyPath = Path.Combine(keys, "svmop_ed25519");
        UserRsaKeyPath = Path.Combine(keys, "svmop_rsa");
        RbacUserKeyPath = Path.Combine(keys, "svmrbac_ed25519");
        RbacUserRsaKeyPath = Path.Combine(keys, "svmrbac_rsa");
        jobs.Add(CopyClientKeysAsync(keys, ct));
        var userHash = HashPasswordAsync(UserPassword, ct);
        var pwHash = HashPasswordAsync(PasswordSudoUserPassword, ct);
        var rbacHash = HashPasswordAsync(RbacUserPassword, ct);
        await Task.WhenAll(jobs).ConfigureAwait(false);

        foreach (var t in hostKeyTypes)
        {
            var pub = Path.Combine(keys, "ssh_host_" + t + "_key.pub");
            var type = (await File.ReadAllTextAsync(pub, ct).ConfigureAwait(false)).Split(' ')[0];
            var lf = await RunAsync("ssh-keygen", ["-lf", pub], ct).ConfigureAwait(false);
            var fp = lf.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => s.StartsWith("SHA256:", StringComparison.Ordinal))
                     ?? throw new InvalidOperationException("Unexpected ssh-keygen -lf output: " + lf);
            fingerprints[type] = fp;
        }

        await WriteAuthorizedAsync(Path.Combine(auth, "root"), [RootKeyPath, RootRsaKeyPath], ct).ConfigureAwait(false);
        await WriteAuthorizedAsync(Path.Combine(auth, UserName), [UserKeyPath, UserRsaKeyPath], ct).ConfigureAwait(false);
        await WriteAuthorizedAsync(Path.Combine(auth, RbacUserName), [RbacUserKeyPath, RbacUserRsaKeyPath], ct).ConfigureAwait(false);

        // Homes.
        var homeOp = Directory.CreateDirectory(Path.Combine(dir, "home", UserName)).FullName;
        var homePw = Directory.CreateDirectory(Path.Combine(dir, "home", PasswordSudoUserName)).FullName;
        var homeRbac = Directory.CreateDirectory(Path.Combine(dir, "home", RbacUserName)).FullName;
        File.SetUnixFileMode(Path.Combine(dir, "home"), Mode755);
        await RunAsync("chown", [$"{UserUid}:{UserUid}", homeOp], ct).ConfigureAwait(false);
        await RunAsync("chown", [$"{PasswordSudoUserUid}:{PasswordSudoUserUid}", homePw], ct).ConfigureAwait(false);
        await RunAsync("chown", [$"{RbacUserUid}:{RbacUserUid}", homeRbac], ct).ConfigureAwait(false);

        // Rig etc layer.
        var etc = Directory.CreateDirectory(Path.Combine(dir, "etc")).FullName;
        File.SetUnixFileMode(etc, Mode755);
        var passwd = new StringBuilder();
        foreach (var line in await File.ReadAllLinesAsync("/etc/passwd", ct).ConfigureAwait(false))
        {
            var f = line.Split(':');
            if (f.Length == 7 && f[0] is "svmop" or "svmpw" or "svmrbac") continue;
            if (f.Length == 7 && f[0] == "root") { f[6] = "/bin/sh"; passwd.AppendLine(string.Join(':', f)); }
            else passwd.AppendLine(line);
        }
        passwd.AppendLine($"{UserName}:x:{UserUid}:{UserUid}:SvmBackup rig operator:{homeOp}:/bin/sh");
        passwd.AppendLine($"{PasswordSudoUserName}:x:{PasswordSudoUserUid}:{PasswordSudoUserUid}:SvmBackup rig sudo-with-password user:{homePw}:/bin/sh");
        passwd.AppendLine($"{RbacUserName}:x:{RbacUserUid}:{RbacUserUid}:SvmBackup rig RBAC (pfexec) user:{homeRbac}:/bin/sh");
        await WriteFileAsync(Path.Combine(etc, "passwd"), passwd.ToString(), Mode644, ct).ConfigureAwait(false);

        var group = new StringBuilder();
        foreach (var line in await File.ReadAllLinesAsync("/etc/group", ct).ConfigureAwait(false))
            if (!IsRigAccountLine(line)) group.AppendLine(line);
        group.AppendLine($"{UserName}:x:{UserUid}:");
        group.AppendLine($"{PasswordSudoUserName}:x:{PasswordSudoUserUid}:");
        group.AppendLine($"{RbacUserName}:x:{RbacUserUid}:");
        await WriteFileAsync(Path.Combine(etc, "group"), group.ToString(), Mode644, ct).ConfigureAwait(false);

        var shadow = new StringBuilder();
        foreach (var line in await File.ReadAllLinesAsync("/etc/shadow", ct).ConfigureAwait(false))
            if (!IsRigAccountLine(line)) shadow.AppendLine(line);
        shadow.AppendLine($"{UserName}:{await userHash.ConfigureAwait(false)}:19000:0:99999:7:::");
        shadow.AppendLine($"{PasswordSudoUserName}:{await pwHash.ConfigureAwait(false)}:19000:0:99999:7:::");
        shadow.AppendLine($"{RbacUserName}:{await rbacHash.ConfigureAwait(false)}:19000:0:99999:7:::");
        await WriteFileAsync(Path.Combine(etc, "shadow"), shadow.ToString(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, ct).ConfigureAwait(false);

        // /etc/hosts: the node must resolve (sudo looks its host name up).
        var hostsBase = SolarisRoot is { } r && File.Exists(Path.Combine(r, "etc", "hosts")) ? Path.Combine(r, "etc", "hosts") : "/etc/hosts";
        var hosts = File.Exists(hostsBase) ? await File.ReadAllTextAsync(hostsBase, ct).ConfigureAwait(false) : "127.0.0.1\tlocalhost\n";
        if (hosts.Length > 0 && !hosts.EndsWith('\n')) hosts += "\n";
        hosts += $"127.0.1.1\t{NodeName}\n";
        await WriteFileAsync(Path.Combine(etc, "hosts"), hosts, Mode644, ct).ConfigureAwait(false);

        var sudoers = Directory.CreateDirectory(Path.Combine(etc, "sudoers.d")).FullName;
        File.SetUnixFileMode(sudoers, Mode755);
        await WriteFileAsync(Path.Combine(sudoers, "svmbackup-rig"),
            $"""
            # SvmBackup test rig (exists only inside the rig's mount namespace)
            # No syslog daemon runs for the rig: sudo's own log file is what a test can read (SudoLog).
            Defaults logfile="{SudoLogFile}"
            Defaults:{UserName},{PasswordSudoUserName} lecture=never
            Defaults:{PasswordSudoUserName} timestamp_timeout=0
            Defaults:{RbacUserName} lecture=never
            {UserName} ALL=(root) NOPASSWD: ALL
            {PasswordSudoUserName} ALL=(root) ALL
            # pfexec emulation: svmrbac's "profile" (only through /usr/bin/pfexec, which calls this helper)
            {RbacUserName} ALL=(root) NOPASSWD: {PfexecHelper}

            """, UnixFileMode.UserRead | UnixFileMode.GroupRead, ct).ConfigureAwait(false);

        // pfexec: helper (run by sudo as root) restores the caller's PATH, then execs the command.
        var rigEtc = Directory.CreateDirectory(Path.Combine(etc, "svmbackup-rig")).FullName;
        File.SetUnixFileMode(rigEtc, Mode755);
        await WriteFileAsync(Path.Combine(rigEtc, "pfexec-root"), """
            #!/bin/sh
            # SvmBackup rig: pfexec helper, run as root by sudo. $1 = caller's PATH, then the command.
            PATH=$1
            export PATH
            shift
            exec "$@"

            """, Mode755, ct).ConfigureAwait(false);
        var rigBin = Directory.CreateDirectory(Path.Combine(dir, "usr", "bin")).FullName;
        File.SetUnixFileMode(Path.Combine(dir, "usr"), Mode755);
        File.SetUnixFileMode(rigBin, Mode755);
        await WriteFileAsync(Path.Combine(rigBin, "pfexec"), $$"""
            #!/bin/sh
            # SvmBackup rig emulation of Solaris pfexec(1): the command runs with the privileges of the caller's
            # RBAC profiles. Only {{RbacUserName}} (uid {{RbacUserUid}}) has a profile (all commands as root);
            # for everyone else the command runs unchanged, unprivileged. No secret is ever passed in argv.
            if [ $# -eq 0 ]; then
                echo "usage: pfexec [-P privset] cmd [arg ..]" >&2
                exit 1
            fi
            case "$1" in
                */*) cmd=$1 ;;
                *) cmd=$(command -v -- "$1") || { echo "pfexec: can't get real path of \`\`$1''" >&2; exit 1; } ;;
            esac
            shift
            if [ "$(awk '/^Uid:/ { print $2 }' /proc/self/status)" = {{RbacUserUid}} ]; then
                exec /usr/bin/sudo -n -- {{PfexecHelper}} "$PATH" "$cmd" "$@"
            fi
            exec "$cmd" "$@"

            """, Mode755, ct).ConfigureAwait(false);

        if (Profile == SshdProfile.PamOnly)
        {
            // pam_env (in Debian's /etc/pam.d/sshd) reads these; make sure they set no PATH whatever the host has.
            await WriteFileAsync(Path.Combine(etc, "environment"), "# SvmBackup rig: empty on purpose (PATH comes from sshd_config SetEnv)\n", Mode644, ct).ConfigureAwait(false);
            var security = Directory.CreateDirectory(Path.Combine(etc, "security")).FullName;
            File.SetUnixFileMode(security, Mode755);
            await WriteFileAsync(Path.Combine(security, "pam_env.conf"), "# SvmBackup rig: empty on purpose\n", Mode644, ct).ConfigureAwait(false);
        }
    }

    private const string PfexecHelper = "/etc/svmbackup-rig/pfexec-root";

    private static bool IsRigAccountLine(string line) =>
        line.StartsWith("svmop:", StringComparison.Ordinal) || line.StartsWith("svmpw:", StringComparison.Ordinal) ||
        line.StartsWith("svmrbac:", StringComparison.Ordinal);

    private string[] HostKeyTypes => Profile switch
    {
        SshdProfile.SunSsh => ["rsa"],
        SshdProfile.DsaOnly => ["dsa"],
        _ => ["ed25519", "rsa"],
    };

    private string BuildConfig(string dir)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# SvmBackup sshd rig: node {NodeName}, profile {Profile}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"ListenAddress {LoopbackHost}:{Port}");
        foreach (var t in HostKeyTypes)
            sb.AppendLine("HostKey " + Path.Combine(dir, "keys", "ssh_host_" + t + "_key"));
        var pam = Profile == SshdProfile.PamOnly;
        sb.AppendLine($"""
            PidFile none
            UsePAM {(pam ? "yes" : "no")}
            StrictModes no
            PermitRootLogin prohibit-password
            AuthorizedKeysFile {Path.Combine(dir, "authorized_keys")}/%u
            PubkeyAuthentication yes
            PasswordAuthentication {(pam ? "no" : "yes")}
            KbdInteractiveAuthentication {(pam ? "yes" : "no")}
            PermitEmptyPasswords no
            PermitUserRC no
            PermitUserEnvironment no
            UseDNS no
            PrintMotd no
            PrintLastLog no
            X11Forwarding no
            MaxStartups 100:30:200
            MaxSessions 64
            MaxAuthTries 20
            LogLevel VERBOSE
            Subsystem sftp internal-sftp
            """);
        if (Profile == SshdProfile.SunSsh)
        {
            sb.AppendLine("""
                KexAlgorithms diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1
                HostKeyAlgorithms ssh-rsa
                Ciphers aes128-ctr
                MACs hmac-sha1
                PubkeyAcceptedAlgorithms ssh-rsa
                """);
        }
        if (Profile == SshdProfile.DsaOnly) sb.AppendLine("HostKeyAlgorithms ssh-dss");
        sb.AppendLine($"""
            Match User root
                SetEnv PATH={RootPath}
            Match User *,!root
                SetEnv PATH={NonRootPath}
            """);
        return sb.ToString();
    }

    private async Task WriteKnownHostsAsync(string dir, CancellationToken ct)
    {
        var sb = new StringBuilder();
        foreach (var pub in Directory.GetFiles(Path.Combine(dir, "keys"), "ssh_host_*_key.pub").Order(StringComparer.Ordinal))
        {
            var parts = (await File.ReadAllTextAsync(pub, ct).ConfigureAwait(false)).Trim().Split(' ');
            sb.Append(CultureInfo.InvariantCulture, $"[{LoopbackHost}]:{Port} {parts[0]} {parts[1]}\n");
        }
        KnownHostsFile = Path.Combine(dir, "known_hosts");
        await File.WriteAllTextAsync(KnownHostsFile, sb.ToString(), ct).ConfigureAwait(false);
    }

    private void StartProcess(string dir, string cfg)
    {
        var script = new StringBuilder("set -e\n");
        script.Append("hostname ").Append(Q(NodeName)).Append('\n');
        var root = SolarisRoot;
        void Overlay(string target, params string?[] layers)
        {
            var existing = layers.Where(l => l is not null && Directory.Exists(l)).Select(l => l!).ToList();
            if (existing.Count == 0) return;
            existing.Add(target);
            script.Append("mount -t overlay svmrig -o ").Append(Q("lowerdir=" + string.Join(':', existing))).Append(' ').Append(target).Append('\n');
        }
        Overlay("/etc", Path.Combine(dir, "etc"), root is null ? null : Path.Combine(root, "etc"));
        Overlay("/usr/sbin", root is null ? null : Path.Combine(root, "usr", "sbin"));
        Overlay("/usr/bin", root is null ? null : Path.Combine(root, "usr", "bin"), Path.Combine(dir, "usr", "bin"));
        // /var/opt (where a backup keeps its host-side run marker) is the node's own, writable: never this machine's.
        var varOpt = Directory.CreateDirectory(root is null ? Path.Combine(dir, "var-opt") : Path.Combine(root, "var", "opt")).FullName;
        script.Append("mkdir -p /var/opt\n");
        script.Append("mount --bind ").Append(Q(varOpt)).Append(" /var/opt\n");
        script.Append("exec /usr/sbin/sshd -D -e -f ").Append(Q(cfg)).Append('\n');
        File.WriteAllText(Path.Combine(dir, "setup.sh"), script.ToString());

        var psi = new ProcessStartInfo(FindTool("unshare") ?? "unshare")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-m", "-u", "-p", "--fork", "--kill-child", "--mount-proc", "--propagation", "private", "--", "/bin/sh", "-c", script.ToString() })
            psi.ArgumentList.Add(a);
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        p.Start();
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        process = p;
    }

    private async Task WaitForBannerAsync(CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        string? lastError = null;
        while (deadline.Elapsed < options.StartTimeout)
        {
            ct.ThrowIfCancellationRequested();
            if (process!.HasExited)
            {
                await Task.Delay(100, ct).ConfigureAwait(false); // let stderr drain
                var text = SshdLog;
                throw new RigStartException(
                    $"sshd rig for {NodeName} exited with code {process.ExitCode} before answering on port {Port}. sshd output:\n{text}",
                    text.Contains("Address already in use", StringComparison.Ordinal));
            }
            try
            {
                using var tcp = new TcpClient();
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(TimeSpan.FromSeconds(2));
                await tcp.ConnectAsync(IPAddress.Loopback, Port, cts.Token).ConfigureAwait(false);
                var stream = tcp.GetStream();
                var buf = new byte[256];
                var got = new StringBuilder();
                while (!got.ToString().Contains('\n'))
                {
                    var n = await stream.ReadAsync(buf, cts.Token).ConfigureAwait(false);
                    if (n == 0) break;
                    got.Append(Encoding.ASCII.GetString(buf, 0, n));
                }
                var banner = got.ToString();
                if (banner.StartsWith("SSH-", StringComparison.Ordinal))
                {
                    ServerBanner = banner.TrimEnd('\r', '\n');
                    return;
                }
                lastError = "unexpected banner: " + banner;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException && !ct.IsCancellationRequested)
            {
                lastError = ex.Message;
            }
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
        throw new RigStartException(
            $"sshd rig for {NodeName} did not send an SSH banner on {LoopbackHost}:{Port} within {options.StartTimeout.TotalSeconds:0} s ({lastError}). sshd output:\n{SshdLog}",
            portInUse: false);
    }

    /// <summary>The identification line sshd sent (e.g. <c>SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3</c>).</summary>
    public string ServerBanner { get; private set; } = "";

    // ---- SSH.NET helpers ------------------------------------------------------------------

    /// <summary>The OpenSSH fingerprint for a negotiated host key algorithm (<c>rsa-sha2-512</c> → the ssh-rsa key).</summary>
    public string? FingerprintFor(string hostKeyAlgorithm)
    {
        var type = hostKeyAlgorithm.StartsWith("rsa-sha2-", StringComparison.Ordinal) ? "ssh-rsa" : hostKeyAlgorithm;
        return fingerprints.TryGetValue(type, out var fp) ? fp : null;
    }

    /// <summary>True when <paramref name="fingerPrintSha256"/> (SSH.NET's base64 form, or <c>SHA256:…</c>) is one of this rig's host keys.</summary>
    public bool IsRigHostKey(string fingerPrintSha256)
    {
        var fp = fingerPrintSha256.StartsWith("SHA256:", StringComparison.Ordinal) ? fingerPrintSha256 : "SHA256:" + fingerPrintSha256.TrimEnd('=');
        return fingerprints.Values.Contains(fp, StringComparer.Ordinal);
    }

    public ConnectionInfo CreateConnectionInfo(string userName, params AuthenticationMethod[] methods) =>
        new(Host, Port, userName, methods) { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>root with the ed25519 key (Modern) or the RSA key (SunSsh, which knows no ed25519).</summary>
    public ConnectionInfo RootConnectionInfo(bool rsa = false) =>
        CreateConnectionInfo(RootUserName, new PrivateKeyAuthenticationMethod(RootUserName,
            new PrivateKeyFile(rsa || Profile == SshdProfile.SunSsh ? RootRsaKeyPath : RootKeyPath)));

    public ConnectionInfo UserPasswordConnectionInfo() =>
        CreateConnectionInfo(UserName, new PasswordAuthenticationMethod(UserName, UserPassword));

    public ConnectionInfo UserKeyConnectionInfo(bool rsa = false) =>
        CreateConnectionInfo(UserName, new PrivateKeyAuthenticationMethod(UserName,
            new PrivateKeyFile(rsa || Profile == SshdProfile.SunSsh ? UserRsaKeyPath : UserKeyPath)));

    public ConnectionInfo PasswordSudoUserConnectionInfo() =>
        CreateConnectionInfo(PasswordSudoUserName, new PasswordAuthenticationMethod(PasswordSudoUserName, PasswordSudoUserPassword));

    /// <summary>An unconnected client that trusts exactly this rig's host keys.</summary>
    public SshClient CreateClient(ConnectionInfo connectionInfo)
    {
        var client = new SshClient(connectionInfo);
        client.HostKeyReceived += (_, e) => e.CanTrust = IsRigHostKey(e.FingerPrintSHA256);
        return client;
    }

    /// <summary>keyboard-interactive login answering every prompt with <paramref name="password"/> (profile PamOnly).</summary>
    public ConnectionInfo KeyboardInteractiveConnectionInfo(string userName, string password)
    {
        var kbd = new KeyboardInteractiveAuthenticationMethod(userName);
        kbd.AuthenticationPrompt += (_, e) =>
        {
            foreach (var prompt in e.Prompts) prompt.Response = password;
        };
        return CreateConnectionInfo(userName, kbd);
    }

    /// <summary><see cref="RbacUserName"/> with its password (password method; keyboard-interactive for PamOnly) or its key.</summary>
    public ConnectionInfo RbacUserConnectionInfo(bool usePassword = false)
    {
        if (!usePassword)
            return CreateConnectionInfo(RbacUserName, new PrivateKeyAuthenticationMethod(RbacUserName,
                new PrivateKeyFile(Profile == SshdProfile.SunSsh ? RbacUserRsaKeyPath : RbacUserKeyPath)));
        return Profile == SshdProfile.PamOnly
            ? KeyboardInteractiveConnectionInfo(RbacUserName, RbacUserPassword)
            : CreateConnectionInfo(RbacUserName, new PasswordAuthenticationMethod(RbacUserName, RbacUserPassword));
    }

    public SshClient CreateRootClient() => CreateClient(RootConnectionInfo());
    public SshClient CreateUserClient(bool usePassword = true) => CreateClient(usePassword ? UserPasswordConnectionInfo() : UserKeyConnectionInfo());

    // ---- availability ---------------------------------------------------------------------

    /// <summary>
    /// True when this machine can run rigs: Linux, root, sshd/unshare/ssh-keygen/sudo/openssl|mkpasswd present,
    /// privsep user sshd exists, and a probe namespace with hostname + overlay mount works. Cached.
    /// </summary>
    public static bool IsAvailable(out string reason)
    {
        lock (ProbeLock)
        {
            probe ??= Probe();
            reason = probe.Value.Reason;
            return probe.Value.Ok;
        }
    }

    private static (bool, string) Probe()
    {
        if (!OperatingSystem.IsLinux()) return (false, "the sshd rig needs Linux");
        var uid = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries);
        if (uid is null || uid.Length < 3 || uid[2] != "0") return (false, "the sshd rig needs to run as root (effective uid 0)");
        if (!File.Exists("/usr/sbin/sshd")) return (false, "/usr/sbin/sshd is missing (apt-get install openssh-server)");
        foreach (var tool in new[] { "unshare", "ssh-keygen", "sudo", "mount", "hostname", "chown" })
            if (FindTool(tool) is null) return (false, $"'{tool}' is not on PATH");
        if (FindTool("openssl") is null && FindTool("mkpasswd") is null) return (false, "neither 'openssl' nor 'mkpasswd' is on PATH");
        if (!File.ReadLines("/etc/passwd").Any(l => l.StartsWith("sshd:", StringComparison.Ordinal))) return (false, "privilege separation user 'sshd' is missing");
        var dir = Directory.CreateTempSubdirectory("svmrig-probe-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "etc"));
            File.WriteAllText(Path.Combine(dir, "etc", "svmrig-probe"), "ok");
            var script = $"set -e; hostname svmrig-probe; mount -t overlay svmrig -o {Q("lowerdir=" + Path.Combine(dir, "etc") + ":/etc")} /etc; test -f /etc/svmrig-probe; test \"$(uname -n)\" = svmrig-probe";
            var (code, output) = RunSync(FindTool("unshare")!, ["-m", "-u", "-p", "--fork", "--kill-child", "--mount-proc", "--propagation", "private", "--", "/bin/sh", "-c", script]);
            if (code != 0) return (false, $"namespace probe failed (unshare -m -u -p + overlay mount), exit {code}: {output.Trim()}");
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return (true, "ok");
    }

    private static readonly Dictionary<SshdProfile, (bool Ok, string Reason)> ProfileProbes = new();

    /// <summary>
    /// True when <see cref="IsAvailable"/> and this machine's sshd can serve <paramref name="profile"/>
    /// (DsaOnly: <c>ssh-keygen -t dsa</c> works and <c>sshd -t</c> accepts a DSA host key with
    /// <c>HostKeyAlgorithms ssh-dss</c>; OpenSSH 9.2 can, OpenSSH ≥ 10.0 built without DSA cannot). Cached.
    /// </summary>
    public static bool IsProfileAvailable(SshdProfile profile, out string reason)
    {
        if (!IsAvailable(out reason)) return false;
        if (profile != SshdProfile.DsaOnly) return true;
        lock (ProbeLock)
        {
            if (!ProfileProbes.TryGetValue(profile, out var r)) ProfileProbes[profile] = r = ProbeDsa();
            reason = r.Reason;
            return r.Ok;
        }
    }

    private static (bool, string) ProbeDsa()
    {
        var dir = Directory.CreateTempSubdirectory("svmrig-dsaprobe-").FullName;
        try
        {
            var key = Path.Combine(dir, "ssh_host_dsa_key");
            var (code, output) = RunSync(FindTool("ssh-keygen")!, ["-q", "-t", "dsa", "-N", "", "-f", key]);
            if (code != 0) return (false, $"this OpenSSH cannot make a DSA key (ssh-keygen -t dsa, exit {code}): {output.Trim()}");
            var cfg = Path.Combine(dir, "sshd_config");
            File.WriteAllText(cfg, $"HostKey {key}\nHostKeyAlgorithms ssh-dss\nUsePAM no\nPidFile none\n");
            Directory.CreateDirectory("/run/sshd");
            (code, output) = RunSync("/usr/sbin/sshd", ["-t", "-f", cfg]);
            if (code != 0) return (false, $"this sshd cannot serve an ssh-dss host key (sshd -t, exit {code}): {output.Trim()}");
            return (true, "ok");
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    // ---- processes ------------------------------------------------------------------------

    /// <summary>
    /// Every live process of the rig's PID namespace (sshd, its session children, commands, …), read from the host's
    /// /proc (no SSH): a process belongs to the rig when its <c>/proc/PID/ns/pid</c> link equals
    /// <see cref="PidNamespaceId"/>. Zombies are included (<see cref="RigProcess.State"/> <c>Z</c>). Empty when the rig is
    /// not running. User names come from the rig's /etc/passwd layer (host /etc/passwd as fallback, else the uid).
    /// </summary>
    public IReadOnlyList<RigProcess> ListProcesses()
    {
        var ns = pidNamespace;
        var result = new List<RigProcess>();
        if (ns is null) return result;
        var users = UserNames();
        foreach (var d in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                if (new FileInfo(Path.Combine(d, "ns", "pid")).LinkTarget != ns) continue;
                int uid = -1, nsPid = -1;
                var name = "";
                foreach (var line in File.ReadLines(Path.Combine(d, "status")))
                {
                    if (line.StartsWith("Name:", StringComparison.Ordinal)) name = line[5..].Trim();
                    else if (line.StartsWith("Uid:", StringComparison.Ordinal))
                        uid = int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture); // effective
                    else if (line.StartsWith("NSpid:", StringComparison.Ordinal))
                        nsPid = int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[^1], CultureInfo.InvariantCulture);
                }
                var stat = File.ReadAllText(Path.Combine(d, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
                var args = File.ReadAllText(Path.Combine(d, "cmdline")).Split('\0');
                var argv = (args.Length > 0 && args[^1].Length == 0 ? args[..^1] : args).ToArray();
                result.Add(new RigProcess(pid, nsPid, uid, users.TryGetValue(uid, out var u) ? u : uid.ToString(CultureInfo.InvariantCulture),
                    state, name, argv));
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            catch (FormatException) { }
        }
        result.Sort((a, b) => a.NamespacePid.CompareTo(b.NamespacePid));
        return result;
    }

    /// <summary>
    /// Polls <see cref="ListProcesses"/> until no live (non-zombie) process matches <paramref name="match"/>; returns the
    /// matching processes left at the timeout (empty: gone). For "nothing left behind" assertions.
    /// </summary>
    public IReadOnlyList<RigProcess> WaitForProcessesGone(Func<RigProcess, bool> match, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var left = ListProcesses().Where(p => p.State is not ("Z" or "X") && match(p)).ToList();
            if (left.Count == 0 || sw.Elapsed >= timeout) return left;
            Thread.Sleep(50);
        }
    }

    private Dictionary<int, string> UserNames()
    {
        var map = new Dictionary<int, string>();
        foreach (var file in new[] { "/etc/passwd", Path.Combine(WorkDirectory, "etc", "passwd") })
        {
            if (WorkDirectory.Length == 0 && file != "/etc/passwd") continue;
            try
            {
                foreach (var line in File.ReadLines(file))
                {
                    var f = line.Split(':');
                    if (f.Length >= 3 && int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) map[id] = f[0];
                }
            }
            catch (IOException) { }
        }
        return map;
    }

    // ---- dispose --------------------------------------------------------------------------

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        KillAll();
        Live.TryRemove(this, out _);
        if (WorkDirectory.Length > 0)
        {
            for (var i = 0; i < 20 && Directory.Exists(WorkDirectory); i++)
            {
                try { Directory.Delete(WorkDirectory, true); }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { Thread.Sleep(100); }
            }
        }
        GC.SuppressFinalize(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// SIGKILL the namespace's PID 1 (sshd): the kernel then kills every process of the PID namespace, and unshare
    /// (its parent, so no zombie is left to the host's init) exits. Fallback: SIGKILL unshare, whose --kill-child
    /// does the same. Finally sweep the PID namespace for anything still alive.
    /// </summary>
    private void KillAll()
    {
        var p = process;
        process = null;
        if (p is null) return;
        var ns = pidNamespace;
        try
        {
            if (nsInitPid is { } init && ns is not null && InNamespace(init, ns)) KillPid(init);
            if (!p.WaitForExit(3000)) p.Kill(entireProcessTree: true);
            p.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }

        if (ns is not null)
        {
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < TimeSpan.FromSeconds(5))
            {
                var left = ProcessesIn(ns);
                if (left.Count == 0) break;
                foreach (var pid in left) KillPid(pid);
                Thread.Sleep(50);
            }
        }
        pidNamespace = null;
        nsInitPid = null;
        p.Dispose();
    }

    private static void KillPid(int pid)
    {
        try { using var victim = Process.GetProcessById(pid); victim.Kill(); }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    private static bool InNamespace(int pid, string pidNs)
    {
        try { return new FileInfo($"/proc/{pid}/ns/pid").LinkTarget == pidNs; }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private (string Ns, int Pid)? FindPidNamespace()
    {
        // unshare --fork: its child (sh exec'd into sshd) is the namespace's PID 1.
        var p = process;
        if (p is null) return null;
        try
        {
            foreach (var task in Directory.GetDirectories($"/proc/{p.Id}/task"))
            {
                var children = File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                foreach (var c in children)
                {
                    var ns = new FileInfo($"/proc/{c}/ns/pid").LinkTarget;
                    if (ns is not null) return (ns, int.Parse(c, CultureInfo.InvariantCulture));
                }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>Live (non-zombie) processes of a PID namespace.</summary>
    private static List<int> ProcessesIn(string pidNs)
    {
        var result = new List<int>();
        foreach (var d in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                if (new FileInfo(Path.Combine(d, "ns", "pid")).LinkTarget != pidNs) continue;
                var stat = File.ReadAllText(Path.Combine(d, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
                if (state is not ("Z" or "X")) result.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return result;
    }

    // ---- helpers --------------------------------------------------------------------------

    private const UnixFileMode Mode755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                         UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode Mode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private static void CheckOverlayPath(string path)
    {
        if (path.IndexOfAny([':', ',', '\n', '\\', '\'']) >= 0)
            throw new ArgumentException($"Path '{path}' cannot be used as an overlay layer (contains : , \\ ' or newline).");
    }

    private static string Q(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    internal static string? FindTool(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        foreach (var d in dirs)
        {
            var f = Path.Combine(d, name);
            if (File.Exists(f)) return f;
        }
        return null;
    }

    private static readonly SemaphoreSlim ClientKeysLock = new(1, 1);
    private static string? clientKeysDir;

    /// <summary>Client key pairs are made once per process (keygen of RSA 3072 is slow) and copied into each rig.</summary>
    private static async Task CopyClientKeysAsync(string keys, CancellationToken ct)
    {
        await ClientKeysLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (clientKeysDir is null || !Directory.Exists(clientKeysDir))
            {
                var dir = Directory.CreateTempSubdirectory("svmrig-clientkeys-").FullName;
                await Task.WhenAll(
                    KeygenAsync(Path.Combine(dir, "root_ed25519"), "ed25519", false, ct),
                    KeygenAsync(Path.Combine(dir, "root_rsa"), "rsa", true, ct),
                    KeygenAsync(Path.Combine(dir, "svmop_ed25519"), "ed25519", false, ct),
                    KeygenAsync(Path.Combine(dir, "svmop_rsa"), "rsa", true, ct),
                    KeygenAsync(Path.Combine(dir, "svmrbac_ed25519"), "ed25519", false, ct),
                    KeygenAsync(Path.Combine(dir, "svmrbac_rsa"), "rsa", true, ct)).ConfigureAwait(false);
                clientKeysDir = dir;
                AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                {
                    try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                };
            }
            foreach (var f in Directory.GetFiles(clientKeysDir))
                File.Copy(f, Path.Combine(keys, Path.GetFileName(f)), overwrite: true); // keeps 0600 on private keys
        }
        finally
        {
            ClientKeysLock.Release();
        }
    }

    private static async Task KeygenAsync(string path, string type, bool pem, CancellationToken ct)
    {
        var args = new List<string> { "-q", "-t", type, "-N", "", "-C", "svmbackup-rig", "-f", path };
        if (type == "rsa") args.InsertRange(0, ["-b", "3072"]);
        if (pem) args.InsertRange(0, ["-m", "PEM"]);
        await RunAsync("ssh-keygen", args, ct).ConfigureAwait(false);
    }

    private static async Task<string> HashPasswordAsync(string password, CancellationToken ct)
    {
        var salt = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        var output = FindTool("openssl") is not null
            ? await RunAsync("openssl", ["passwd", "-6", "-salt", salt, password], ct).ConfigureAwait(false)
            : await RunAsync("mkpasswd", ["-m", "sha-512", "-S", salt, password], ct).ConfigureAwait(false);
        var hash = output.Trim();
        if (!hash.StartsWith("$6$", StringComparison.Ordinal)) throw new InvalidOperationException("Unexpected password hash: " + hash);
        return hash;
    }

    private static async Task WriteAuthorizedAsync(string file, string[] keys, CancellationToken ct)
    {
        var sb = new StringBuilder();
        foreach (var k in keys) sb.Append((await File.ReadAllTextAsync(k + ".pub", ct).ConfigureAwait(false)).Trim()).Append('\n');
        await WriteFileAsync(file, sb.ToString(), Mode644, ct).ConfigureAwait(false);
    }

    private static async Task WriteFileAsync(string path, string text, UnixFileMode mode, CancellationToken ct)
    {
        await File.WriteAllTextAsync(path, text, ct).ConfigureAwait(false);
        File.SetUnixFileMode(path, mode);
    }

    private static async Task<string> RunAsync(string tool, IEnumerable<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(FindTool(tool) ?? tool) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct).ConfigureAwait(false);
        var o = await stdout.ConfigureAwait(false);
        var e = await stderr.ConfigureAwait(false);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', psi.ArgumentList)} failed ({p.ExitCode}): {e}{o}");
        return o;
    }

    private static (int Code, string Output) RunSync(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        var o = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(20000)) { p.Kill(true); return (-1, "timeout"); }
        return (p.ExitCode, o + stderr.GetAwaiter().GetResult());
    }

    /// <summary>Kills a process of this rig (SIGKILL) by its host <paramref name="pid"/>; false when it is not (any more) in the rig's namespace.</summary>
    public bool KillProcess(int pid)
    {
        var ns = pidNamespace;
        if (ns is null || !InNamespace(pid, ns)) return false;
        KillPid(pid);
        return true;
    }

    /// <summary>sshd did not come up; the message carries its output.</summary>
    public sealed class RigStartException(string message, bool portInUse) : Exception(message)
    {
        public bool PortInUse { get; } = portInUse;
    }
}

/// <summary>One process of a rig's PID namespace (see <see cref="SshdRig.ListProcesses"/>).</summary>
/// <param name="Pid">PID on the host (use this to kill it from the test).</param>
/// <param name="NamespacePid">PID inside the rig (what <c>ps</c>/<c>$$</c> show over SSH; sshd is 1).</param>
/// <param name="Uid">Effective uid.</param>
/// <param name="User">Name for <paramref name="Uid"/> in the rig's /etc/passwd.</param>
/// <param name="State">/proc state letter (R, S, D, Z, …).</param>
/// <param name="Name">Kernel comm name (15 chars max).</param>
/// <param name="Arguments">argv (empty for zombies).</param>
public sealed record RigProcess(int Pid, int NamespacePid, int Uid, string User, string State, string Name, IReadOnlyList<string> Arguments)
{
    /// <summary>argv joined with spaces (what <c>ps -o args</c> shows); <c>[Name]</c> when argv is empty.</summary>
    public string CommandLine => Arguments.Count == 0 ? "[" + Name + "]" : string.Join(' ', Arguments);

    public override string ToString() => $"{Pid}/{NamespacePid} {User} {State} {CommandLine}";
}
