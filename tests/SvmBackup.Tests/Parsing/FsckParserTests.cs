using SvmBackup.Model;
using SvmBackup.Parsing;

namespace SvmBackup.Tests.Parsing;

/// <summary>FsckParser on the reference outputs of docs/svm-formats.md §7.</summary>
public class FsckParserTests
{
    private const string CleanNoWrite =
        "** /dev/md/rdsk/d20 (NO WRITE)\n" +
        "** Last Mounted on /export\n" +
        "** Phase 1 - Check Blocks and Sizes\n" +
        "** Phase 2 - Check Pathnames\n" +
        "** Phase 3a - Check Connectivity\n" +
        "** Phase 3b - Verify Shadows/ACLs\n" +
        "** Phase 4 - Check Reference Counts\n" +
        "** Phase 5 - Check Cylinder Groups\n" +
        "15 files, 44 used, 2063403 free (27 frags, 257922 blocks, 0.0% fragmentation)\n";

    [Fact]
    public void Clean_check_with_NO_WRITE()
    {
        var r = FsckParser.Parse(CleanNoWrite, "", 0, UfsCheckMode.Check);
        Assert.Equal("/dev/md/rdsk/d20", r.Device);
        Assert.True(r.NoWrite);
        Assert.Equal("/export", r.MountedOn);
        Assert.False(r.CurrentlyMounted);
        Assert.Equal(new[] { "Phase 1 - Check Blocks and Sizes", "Phase 2 - Check Pathnames", "Phase 3a - Check Connectivity", "Phase 3b - Verify Shadows/ACLs", "Phase 4 - Check Reference Counts", "Phase 5 - Check Cylinder Groups" }, r.Phases);
        Assert.Equal((15L, 44L, 2063403L, 27L, 257922L, 0.0), (r.Files!.Value, r.UsedFragments!.Value, r.FreeFragments!.Value, r.FreeFrags!.Value, r.FreeBlocks!.Value, r.Fragmentation!.Value));
        Assert.Empty(r.Questions);
        Assert.Empty(r.Trailers);
        Assert.Equal(UfsCheckVerdict.Clean, r.Verdict);
        Assert.Equal(CleanNoWrite.TrimEnd('\n'), r.Output);
    }

    [Fact]
    public void Superblock_question_answered_no_is_Errors()
    {
        var text = CleanNoWrite.Replace("** Phase 5 - Check Cylinder Groups\n", "** Phase 5 - Check Cylinder Groups\n\nFILE SYSTEM STATE IN SUPERBLOCK IS WRONG; FIX?  no\n\n");
        var r = FsckParser.Parse(text, "", 0, UfsCheckMode.Check);
        Assert.Equal(new[] { "FILE SYSTEM STATE IN SUPERBLOCK IS WRONG; FIX? no" }, r.Questions);
        Assert.Equal(UfsCheckVerdict.Errors, r.Verdict);
        Assert.Equal(15L, r.Files);
    }

    [Fact]
    public void Repair_with_modified_trailer()
    {
        var text = "** /dev/md/schost-1/rdsk/d30\n** Last Mounted on /global/schost-1\n** Phase 1 - Check Blocks and Sizes\n" +
                   "\nFILE SYSTEM STATE IN SUPERBLOCK IS WRONG; FIX?  yes\n\n" +
                   "3 files, 1033 used, 35256 free (0 frags, 4407 blocks, 0.0% fragmentation)\n\n***** FILE SYSTEM WAS MODIFIED *****\n";
        var r = FsckParser.Parse(text, "", 0, UfsCheckMode.Repair);
        Assert.Equal("/dev/md/schost-1/rdsk/d30", r.Device);
        Assert.False(r.NoWrite);
        Assert.Equal(new[] { "FILE SYSTEM STATE IN SUPERBLOCK IS WRONG; FIX? yes" }, r.Questions);
        Assert.Equal(new[] { "FILE SYSTEM WAS MODIFIED" }, r.Trailers);
        Assert.True(r.Modified);
        Assert.Equal(UfsCheckVerdict.Modified, r.Verdict);
        Assert.Equal(4407L, r.FreeBlocks);
    }

    [Fact]
    public void Mounted_check_returns_40_CleanMounted()
    {
        var text = "** /dev/md/rdsk/d1 (NO WRITE)\n** Currently Mounted on /home1\n** Phase 1 - Check Blocks and Sizes\n" +
                   "2 files, 9 used, 100 free (4 frags, 12 blocks, 3.9% fragmentation)\n";
        var r = FsckParser.Parse(text, "", 40, UfsCheckMode.Check);
        Assert.True(r.CurrentlyMounted);
        Assert.Equal("/home1", r.MountedOn);
        Assert.Equal(3.9, r.Fragmentation);
        Assert.Equal(UfsCheckVerdict.CleanMounted, r.Verdict);
    }

    [Theory]
    [InlineData("ufs fsck: sanity check: /dev/md/rdsk/d20 okay\n", 0, UfsCheckVerdict.Clean, "ufs fsck: sanity check: /dev/md/rdsk/d20 okay")]
    [InlineData("ufs fsck: sanity check: /dev/md/rdsk/d20 needs checking\n", 32, UfsCheckVerdict.NeedsCheck, "ufs fsck: sanity check: /dev/md/rdsk/d20 needs checking")]
    [InlineData("ufs fsck: sanity check: /dev/md/rdsk/d20 already mounted\n", 33, UfsCheckVerdict.Mounted, "ufs fsck: sanity check: /dev/md/rdsk/d20 already mounted")]
    [InlineData("ufs fsck: sanity check:/dev/md/dsk/d10 already mounted read/write\n", 33, UfsCheckVerdict.Mounted, "ufs fsck: sanity check:/dev/md/dsk/d10 already mounted read/write")]
    [InlineData("ufs fsck: sanity check failed : cannot stat /dev/md/rdsk/d99\n", 34, UfsCheckVerdict.NoDevice, "ufs fsck: sanity check failed : cannot stat /dev/md/rdsk/d99")]
    public void Quick_verdicts(string stderr, int exit, UfsCheckVerdict verdict, string? sanity)
    {
        var r = FsckParser.Parse("** /dev/md/rdsk/d20\n", stderr, exit, UfsCheckMode.Quick);
        Assert.Equal("/dev/md/rdsk/d20", r.Device);
        Assert.False(r.NoWrite);
        Assert.Equal(verdict, r.Verdict);
        Assert.Equal(sanity, r.SanityMessage);
    }

    [Theory]
    [InlineData(1, UfsCheckVerdict.Failed)]
    [InlineData(34, UfsCheckVerdict.NoDevice)]
    [InlineData(36, UfsCheckVerdict.UncorrectedErrors)]
    [InlineData(39, UfsCheckVerdict.Failed)]
    [InlineData(37, UfsCheckVerdict.Failed)]
    public void Exit_codes(int exit, UfsCheckVerdict verdict) =>
        Assert.Equal(verdict, FsckParser.Parse("", "", exit, UfsCheckMode.Check).Verdict);

    [Fact]
    public void Rerun_trailers_and_CRLF()
    {
        var text = "** /dev/md/rdsk/d3\r\n** Last Mounted on /home1\r\n\r\n***** FILE SYSTEM WAS MODIFIED *****\r\n\r\n***** PLEASE RERUN FSCK *****\r\nFILESYSTEM MAY STILL BE INCONSISTENT.\r\n";
        var r = FsckParser.Parse(text, "", 36, UfsCheckMode.Repair);
        Assert.Equal("/dev/md/rdsk/d3", r.Device);
        Assert.Equal(new[] { "FILE SYSTEM WAS MODIFIED", "PLEASE RERUN FSCK", "FILESYSTEM MAY STILL BE INCONSISTENT." }, r.Trailers);
        Assert.Equal(UfsCheckVerdict.UncorrectedErrors, r.Verdict);
    }
}
