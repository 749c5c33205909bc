using SvmBackup.Operations;
using SvmBackup.Parsing;
using SvmBackup.Scripts;

namespace SvmBackup.Tests.Operations;

/// <summary>The read-only dump target preflight: the commands it sends and how it reads their results.</summary>
public class DumpTargetCheckTests
{
    private static IReadOnlyList<CommandResult> Results(DumpTarget target, params int?[] exits) =>
        DumpTargetCheck.Commands(target).Select((c, i) => new CommandResult(c, "", "", exits[i])).ToList();

    [Theory]
    [InlineData("/dev/rmt/0", "/dev/rmt/0bn")]
    [InlineData("/dev/rmt/0n", "/dev/rmt/0bn")]
    [InlineData("/dev/rmt/0bn", "/dev/rmt/0bn")]
    [InlineData("/dev/rmt/1cb", "/dev/rmt/1cbn")]
    [InlineData("/dev/rmt/12hn", "/dev/rmt/12hbn")]
    [InlineData("/dev/rmt/0x", null)]
    [InlineData("/dev/tape", null)]
    public void Mt_status_opens_the_bsd_no_rewind_node_of_the_same_drive(string device, string? node) =>
        Assert.Equal(node, DumpTargetCheck.StatusDevice(device));

    [Fact]
    public void Commands_for_each_kind_of_target()
    {
        var tape = Assert.Single(DumpTargetCheck.Commands(DumpTarget.Tape("/dev/rmt/0")));
        Assert.Equal("/usr/bin/mt -f /dev/rmt/0bn status", tape.ToShell());
        Assert.True(tape.NeedsRoot);
        Assert.Empty(DumpTargetCheck.Commands(DumpTarget.Tape("/dev/tape")));

        var file = DumpTargetCheck.Commands(DumpTarget.HostFile("/backup/home1.0"));
        Assert.Equal(new[]
        {
            "/usr/bin/test -d /backup", "/usr/bin/test -w /backup",
            "/usr/bin/test -d /backup/home1.0", "/usr/bin/test -h /backup/home1.0", "/usr/bin/test -f /backup/home1.0",
        }, file.Select(c => c.ToShell()));
        Assert.All(file, c => Assert.True(c.NeedsRoot));
        Assert.Equal("/usr/bin/test -d /", DumpTargetCheck.Commands(DumpTarget.HostFile("/home1.0"))[0].ToShell());

        Assert.Empty(DumpTargetCheck.Commands(DumpTarget.LocalFile("home1.0")));
        Assert.Throws<SvmInvalidNameException>(() => DumpTarget.HostFile("/backup/a b;rm -rf /"));
        Assert.Throws<SvmInvalidNameException>(() => DumpTarget.Tape("/dev/rmt/0'"));
    }

    [Fact]
    public void A_ready_tape_passes_and_mt_open_failures_are_refusals_in_its_own_words()
    {
        var target = DumpTarget.Tape("/dev/rmt/0");
        var cmd = DumpTargetCheck.Commands(target)[0];
        DumpTargetCheck.Interpret(target, new[] { new CommandResult(cmd, "HP Ultrium LTO 3 tape drive:\n", "", 0) });

        var ex = Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.Interpret(target,
            new[] { new CommandResult(cmd, "", "/dev/rmt/0bn: no tape loaded or drive offline\n", 1) }, "myhost"));
        Assert.Equal(SvmRefusal.TargetNotReady, ex.Refusal);
        Assert.Equal("/dev/rmt/0", ex.Target);
        Assert.StartsWith("The tape drive /dev/rmt/0 on myhost is not ready: '/usr/bin/mt -f /dev/rmt/0bn status' said \"/dev/rmt/0bn: no tape loaded or drive offline\".", ex.Message);

        Assert.Equal(SvmRefusal.TargetNotReady, Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.Interpret(target,
            new[] { new CommandResult(cmd, "", "/dev/rmt/0bn: Device busy\n", 1) })).Refusal);
        Assert.Equal(SvmRefusal.TargetNotReady, Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.Interpret(target,
            new[] { new CommandResult(cmd, "", "mt: I/O error\n", 2) })).Refusal);
        // Not a verdict on the drive: mt missing, or the batch never got there.
        Assert.Contains("sh: /usr/bin/mt: not found", Assert.Throws<InvalidOperationException>(() => DumpTargetCheck.Interpret(target,
            new[] { new CommandResult(cmd, "", "sh: /usr/bin/mt: not found\n", 127) })).Message);
        Assert.Throws<InvalidOperationException>(() => DumpTargetCheck.Interpret(target, new[] { new CommandResult(cmd, "", "", null) }));
    }

    [Fact]
    public void Results_of_other_commands_are_rejected()
    {
        var target = DumpTarget.Tape("/dev/rmt/0");
        Assert.Throws<ArgumentException>(() => DumpTargetCheck.Interpret(target, Array.Empty<CommandResult>()));
        Assert.Throws<ArgumentException>(() => DumpTargetCheck.Interpret(target,
            new[] { new CommandResult(new RemoteCommand(SolarisPaths.Mt, "-f", "/dev/rmt/0", "status"), "", "", 0) }));
    }

    [Fact]
    public void Host_file_checks()
    {
        var target = DumpTarget.HostFile("/backup/home1.0");
        DumpTargetCheck.Interpret(target, Results(target, 0, 0, 1, 1, 1));

        Assert.Equal(SvmRefusal.TargetDirectoryMissing, Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.Interpret(target, Results(target, 1, 1, 1, 1, 1))).Refusal);
        Assert.Equal(SvmRefusal.TargetNotWritable, Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.Interpret(target, Results(target, 0, 1, 1, 1, 1))).Refusal);
        Assert.Contains("is a folder", Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.Interpret(target, Results(target, 0, 0, 0, 1, 1))).Message);
        Assert.Contains("symbolic link", Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.Interpret(target, Results(target, 0, 0, 1, 0, 0))).Message);
        var exists = Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.Interpret(target, Results(target, 0, 0, 1, 1, 0), "myhost"));
        Assert.Equal(SvmRefusal.TargetExists, exists.Refusal);
        Assert.StartsWith("/backup/home1.0 on myhost already exists: give -Force to replace it.", exists.Message);

        var overwrite = DumpTarget.HostFile("/backup/home1.0", allowOverwrite: true);
        DumpTargetCheck.Interpret(overwrite, Results(overwrite, 0, 0, 1, 1, 0));
        // A symbolic link is refused even when replacing is allowed: ufsdump itself refuses it.
        Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.Interpret(overwrite, Results(overwrite, 0, 0, 1, 0, 0)));
        Assert.Throws<InvalidOperationException>(() => DumpTargetCheck.Interpret(target, Results(target, 0, 2, 1, 1, 1)));
    }

    [Fact]
    public void Estimate_command_and_output()
    {
        var cmd = DumpTargetCheck.EstimateCommand(1, "/dev/md/schost-1/rdsk/d20");
        Assert.Equal("/usr/sbin/ufsdump 1S /dev/md/schost-1/rdsk/d20", cmd.ToShell());
        Assert.True(cmd.NeedsRoot);
        Assert.Throws<ArgumentOutOfRangeException>(() => DumpTargetCheck.EstimateCommand(10, "/dev/md/rdsk/d3"));
        Assert.Throws<SvmInvalidNameException>(() => DumpTargetCheck.EstimateCommand(0, "d3"));

        Assert.Equal(1235262L * 512, DumpTargetCheck.ParseEstimate(new CommandResult(cmd, "632454144\n", "", 0)));
        // Warnings go to stderr; the number is still the only stdout line.
        Assert.Equal(86016L, DumpTargetCheck.ParseEstimate(new CommandResult(cmd, "86016\n",
            "  DUMP: Malformed entry in dump record file `/etc/dumpdates', line 2\n", 0)));

        var failed = Assert.Throws<SubmirrorDumpException>(() => DumpTargetCheck.ParseEstimate(new CommandResult(cmd, "",
            "  DUMP: Cannot open dump device `/dev/md/rdsk/d99': No such file or directory\n", 3)));
        Assert.Equal(3, failed.ExitCode);
        Assert.Contains("Cannot open dump device `/dev/md/rdsk/d99': No such file or directory", failed.Message);
        Assert.Throws<SvmParseException>(() => DumpTargetCheck.ParseEstimate(new CommandResult(cmd, "  DUMP: Date of this level 1 dump\n", "", 0)));
    }

    [Fact]
    public void Local_file_needs_its_folder_no_file_and_the_estimated_space()
    {
        var dir = Directory.CreateTempSubdirectory("svmbackup-target-").FullName;
        try
        {
            var path = Path.Combine(dir, "home1.0.ufsdump");
            var free = DumpTargetCheck.CheckLocalSpace(path, 1024, force: false);
            Assert.True(free > 1024);

            Assert.Equal(SvmRefusal.TargetDirectoryMissing,
                Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.CheckLocalSpace(Path.Combine(dir, "no", "x"), 1, false)).Refusal);
            Assert.Equal(SvmRefusal.TargetExists, Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.CheckLocalSpace(dir, 1, true)).Refusal);

            File.WriteAllText(path, "old");
            Assert.Equal(SvmRefusal.TargetExists, Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.CheckLocalSpace(path, 1, false)).Refusal);
            Assert.NotNull(DumpTargetCheck.CheckLocalSpace(path, 1, force: true));

            var ex = Assert.Throws<SvmRefusedException>(() => DumpTargetCheck.CheckLocalSpace(path, long.MaxValue, force: true));
            Assert.Equal(SvmRefusal.InsufficientSpace, ex.Refusal);
            Assert.Contains("less than ufsdump's estimate of 9,223,372,036,854,775,807 bytes", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
