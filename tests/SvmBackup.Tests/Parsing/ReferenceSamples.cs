namespace SvmBackup.Tests.Parsing;

/// <summary>
/// The samples of docs/svm-formats.md as C# literals (TABs as \t, trailing blanks kept), so
/// editors cannot strip the whitespace the parsers must cope with.
/// </summary>
internal static class ReferenceSamples
{
    /// <summary>svm-formats.md lines 254-283, byte for byte.</summary>
    internal const string Healthy =
        "d0: Mirror\n" +
        "    Submirror 0: d10\n" +
        "      State: Okay         \n" +
        "    Submirror 1: d20\n" +
        "      State: Okay         \n" +
        "    Pass: 1\n" +
        "    Read option: roundrobin (default)\n" +
        "    Write option: parallel (default)\n" +
        "    Size: 4198392 blocks (2.0 GB)\n" +
        "\n" +
        "d10: Submirror of d0\n" +
        "    State: Okay         \n" +
        "    Size: 4198392 blocks (2.0 GB)\n" +
        "    Stripe 0:\n" +
        "\tDevice     Start Block  Dbase        State Reloc Hot Spare\n" +
        "\tc0t0d0s0          0     No            Okay   Yes \n" +
        "\n" +
        "\n" +
        "d20: Submirror of d0\n" +
        "    State: Okay         \n" +
        "    Size: 4198392 blocks (2.0 GB)\n" +
        "    Stripe 0:\n" +
        "\tDevice     Start Block  Dbase        State Reloc Hot Spare\n" +
        "\tc0t1d0s0          0     No            Okay   Yes \n" +
        "\n" +
        "\n" +
        "Device Relocation Information:\n" +
        "Device   Reloc\tDevice ID\n" +
        "c0t1d0   Yes  \tid1,sd@SSEAGATE_ST336607LSUN36G_3JA6LR7N00007422W6QK\n" +
        "c0t0d0   Yes  \tid1,sd@SSEAGATE_ST336607LSUN36G_3JA69DGJ00007414CGBC\n";

    /// <summary>svm-formats.md lines 322-348, byte for byte.</summary>
    internal const string Resync =
        "d0: Mirror\n" +
        "    Submirror 0: d10\n" +
        "      State: Okay         \n" +
        "    Submirror 1: d20\n" +
        "      State: Resyncing    \n" +
        "    Resync in progress: 45 % done\n" +
        "    Pass: 1\n" +
        "    Read option: roundrobin (default)\n" +
        "    Write option: parallel (default)\n" +
        "    Size: 4198392 blocks (2.0 GB)\n" +
        "\n" +
        "d10: Submirror of d0\n" +
        "    State: Okay         \n" +
        "    Size: 4198392 blocks (2.0 GB)\n" +
        "    Stripe 0:\n" +
        "\tDevice     Start Block  Dbase        State Reloc Hot Spare\n" +
        "\tc0t0d0s0          0     No            Okay   Yes \n" +
        "\n" +
        "\n" +
        "d20: Submirror of d0\n" +
        "    State: Resyncing    \n" +
        "    Size: 4198392 blocks (2.0 GB)\n" +
        "    Stripe 0:\n" +
        "\tDevice     Start Block  Dbase        State Reloc Hot Spare\n" +
        "\tc0t1d0s0          0     No            Okay   Yes \n" +
        "\n" +
        "\n";

    /// <summary>svm-formats.md lines 354-380, byte for byte.</summary>
    internal const string Offline =
        "d0: Mirror\n" +
        "    Submirror 0: d10\n" +
        "      State: Okay         \n" +
        "    Submirror 1: d20\n" +
        "      State: Needs maintenance \n" +
        "    Pass: 1\n" +
        "    Read option: roundrobin (default)\n" +
        "    Write option: parallel (default)\n" +
        "    Size: 4198392 blocks (2.0 GB)\n" +
        "\n" +
        "d10: Submirror of d0\n" +
        "    State: Okay         \n" +
        "    Size: 4198392 blocks (2.0 GB)\n" +
        "    Stripe 0:\n" +
        "\tDevice     Start Block  Dbase        State Reloc Hot Spare\n" +
        "\tc0t0d0s0          0     No            Okay   Yes \n" +
        "\n" +
        "\n" +
        "d20: Submirror of d0\n" +
        "    State: Needs maintenance \n" +
        "    Invoke: metaonline d0 d20\n" +
        "    Size: 4198392 blocks (2.0 GB)\n" +
        "    Stripe 0:\n" +
        "\tDevice     Start Block  Dbase        State Reloc Hot Spare\n" +
        "\tc0t1d0s0          0     No            Okay   Yes \n" +
        "\n" +
        "\n";

    /// <summary>svm-formats.md lines 386-412, byte for byte.</summary>
    internal const string Failed =
        "d0: Mirror\n" +
        "    Submirror 0: d10\n" +
        "      State: Okay         \n" +
        "    Submirror 1: d20\n" +
        "      State: Needs maintenance \n" +
        "    Pass: 1\n" +
        "    Read option: roundrobin (default)\n" +
        "    Write option: parallel (default)\n" +
        "    Size: 4198392 blocks (2.0 GB)\n" +
        "\n" +
        "d10: Submirror of d0\n" +
        "    State: Okay         \n" +
        "    Size: 4198392 blocks (2.0 GB)\n" +
        "    Stripe 0:\n" +
        "\tDevice     Start Block  Dbase        State Reloc Hot Spare\n" +
        "\tc0t0d0s0          0     No            Okay   Yes \n" +
        "\n" +
        "\n" +
        "d20: Submirror of d0\n" +
        "    State: Needs maintenance \n" +
        "    Invoke: metareplace d0 c0t1d0s0 <new device>\n" +
        "    Size: 4198392 blocks (2.0 GB)\n" +
        "    Stripe 0:\n" +
        "\tDevice     Start Block  Dbase        State Reloc Hot Spare\n" +
        "\tc0t1d0s0          0     No     Maintenance   Yes \n" +
        "\n" +
        "\n";

    /// <summary>svm-formats.md lines 419-444, byte for byte.</summary>
    internal const string DiskSet =
        "blue/d100: Mirror\n" +
        "    Submirror 0: blue/d10\n" +
        "      State: Okay         \n" +
        "    Submirror 1: blue/d11\n" +
        "      State: Okay         \n" +
        "    Pass: 1\n" +
        "    Read option: roundrobin (default)\n" +
        "    Write option: parallel (default)\n" +
        "    Size: 1027216 blocks (501 MB)\n" +
        "\n" +
        "blue/d10: Submirror of blue/d100\n" +
        "    State: Okay         \n" +
        "    Size: 1027216 blocks (501 MB)\n" +
        "    Stripe 0:\n" +
        "\tDevice     Start Block  Dbase        State Reloc Hot Spare\n" +
        "\tc1t3d0s0          0     No            Okay   Yes \n" +
        "\n" +
        "\n" +
        "blue/d11: Submirror of blue/d100\n" +
        "    State: Okay         \n" +
        "    Size: 1027216 blocks (501 MB)\n" +
        "    Stripe 0:\n" +
        "\tDevice     Start Block  Dbase        State Reloc Hot Spare\n" +
        "\tc1t4d0s0          0     No            Okay   Yes \n" +
        "\n" +
        "\n";

    /// <summary>svm-formats.md lines 450-456, byte for byte.</summary>
    internal const string TopLevelConcat =
        "d50: Concat/Stripe\n" +
        "    Size: 41945472 blocks (20 GB)\n" +
        "    Stripe 0: (interlace: 64 blocks)\n" +
        "\tDevice     Start Block  Dbase\tReloc\n" +
        "\tc1t1d0s0          0     No   \tYes\n" +
        "\tc1t2d0s0      10773     Yes  \tYes\n" +
        "\n";

    /// <summary>svm-formats.md lines 473-483, byte for byte.</summary>
    internal const string Raid =
        "d45: RAID\n" +
        "    State: Okay         \n" +
        "    Interlace: 32 blocks\n" +
        "    Size: 8395200 blocks (4.0 GB)\n" +
        "Original device:\n" +
        "    Size: 8395200 blocks (4.0 GB)\n" +
        "\tDevice     Start Block  Dbase        State Reloc  Hot Spare\n" +
        "\tc1t1d0s0        330        No         Okay   Yes \n" +
        "\tc1t2d0s0        330        No         Okay   Yes \n" +
        "\tc1t3d0s0        330        No         Okay   Yes \n" +
        "\n";

    /// <summary>svm-formats.md lines 495-511, byte for byte.</summary>
    internal const string SoftPartitions =
        "d100: Soft Partition\n" +
        "    Device: d60\n" +
        "    State: Okay\n" +
        "    Size: 377487360 blocks (180 GB)\n" +
        "\tExtent              Start Block              Block count\n" +
        "\t     0                       32                377487360\n" +
        "\n" +
        "d200: Soft Partition\n" +
        "    Device: c1t2d0s0\n" +
        "    State: Okay\n" +
        "    Size: 2097152 blocks (1.0 GB)\n" +
        "\tDevice     Start Block  Dbase Reloc\n" +
        "\tc1t2d0s0          0     No    Yes\n" +
        "\n" +
        "\tExtent              Start Block              Block count\n" +
        "\t     0                        1                  2097152\n" +
        "\n";

    /// <summary>svm-formats.md lines 530-535, byte for byte.</summary>
    internal const string HotSparePools =
        "hsp001: 1 hot spare\n" +
        "\tDevice     Status      Length  \t\tReloc\n" +
        "        c1t5d0s0   Available    286678272 blocks\tYes\n" +
        "\n" +
        "hsp002: is empty\n" +
        "\n";

    /// <summary>svm-formats.md lines 552-558, byte for byte.</summary>
    internal const string Concise =
        "d0               m  2.0GB d10 d20 (resync-45%)\n" +
        "    d10          s  2.0GB c0t0d0s0\n" +
        "    d20          s  2.0GB c0t1d0s0\n" +
        "d30              m  2.0GB d31 d32 (offline)\n" +
        "    d31          s  2.0GB c0t0d0s3\n" +
        "    d32          s  2.0GB c0t1d0s3 (maint)\n" +
        "hsp001           h      - c1t5d0s0 c1t6d0s0 (in-use)\n";

    /// <summary>svm-formats.md lines 578-581, byte for byte.</summary>
    internal const string MdTabShort =
        "d0 -m d10 d20 1\n" +
        "d10 1 1 c0t0d0s0\n" +
        "d20 1 1 c0t1d0s0\n" +
        "hsp001 c1t5d0s0\n";

    /// <summary>svm-formats.md lines 588-590, byte for byte.</summary>
    internal const string MdTabFull =
        "d0 -m /dev/md/rdsk/d10 /dev/md/rdsk/d20 1\n" +
        "d10 1 1 /dev/rdsk/c0t0d0s0\n" +
        "d20 1 1 /dev/rdsk/c0t1d0s0\n";

    /// <summary>svm-formats.md lines 640-651, byte for byte.</summary>
    internal const string MetasetTraditional =
        "\n" +
        "Set name = blue, Set number = 1\n" +
        "\n" +
        "Host                Owner\n" +
        "  idiom              Yes\n" +
        "  lexicon            \n" +
        "\n" +
        "Drive    Dbase\n" +
        "\n" +
        "c1t6d0   Yes  \n" +
        "\n" +
        "c2t6d0   Yes  \n";

    /// <summary>svm-formats.md lines 655-664, byte for byte.</summary>
    internal const string MetasetMultiOwner =
        "\n" +
        "Multi-owner Set name = oban, Set number = 1, Master = node1\n" +
        "\n" +
        "Host                Owner          Member\n" +
        "  node1              multi-owner   Yes \n" +
        "  node2                            Yes \n" +
        "\n" +
        "Drive    Dbase\n" +
        "\n" +
        "c1t3d0   Yes  \n";

    /// <summary>svm-formats.md lines 87-98, byte for byte.</summary>
    internal const string Errors =
        "metastat: myhost: d99: No such file or directory\n" +
        "\n" +
        "metastat: myhost: setname \"foo\": no such set\n" +
        "\n" +
        "metaoffline: myhost: d0: attempt operation on a submirror in illegal state\n" +
        "\n" +
        "metaoffline: myhost: Permission denied.  You must have root privilege to execute this command.\n" +
        "\n" +
        "metastat: myhost: blue: must be owner of the set for this command\n" +
        "\n" +
        "metastat: myhost: there are no existing databases\n" +
        "\n";

    /// <summary>svm-formats.md lines 105-107, byte for byte.</summary>
    internal const string SmfError =
        "metastat: myhost: \n" +
        "\tsystem/mdmonitor:default: service(s) not online in SMF\n" +
        "\n";
}
