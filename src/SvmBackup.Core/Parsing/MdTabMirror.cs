using System.Collections.Generic;
using SvmBackup.Model;

namespace SvmBackup.Parsing;

/// <summary>A mirror line of <c>metastat -p</c>: <c>d0 -m d10 d20 [-g|-r] [-S] 1</c>.</summary>
public sealed class MdTabMirror
{
    internal MdTabMirror(string? diskSet, string name, IReadOnlyList<string> submirrors, string readOption, string writeOption, int pass)
    {
        DiskSet = diskSet;
        Name = name;
        Submirrors = submirrors;
        ReadOption = readOption;
        WriteOption = writeOption;
        Pass = pass;
    }

    /// <summary>Disk set, or null for the local set.</summary>
    public string? DiskSet { get; }

    /// <summary>Mirror name without set prefix.</summary>
    public string Name { get; }

    /// <summary><c>d0</c> or <c>schost-1/d0</c>.</summary>
    public string FullName => SvmDevicePath.FullName(DiskSet, Name);

    /// <summary>Submirror names without set prefix or /dev path, in order.</summary>
    public IReadOnlyList<string> Submirrors { get; }

    /// <summary><c>roundrobin</c> (default), <c>geometric</c> (-g) or <c>first</c> (-r).</summary>
    public string ReadOption { get; }

    /// <summary><c>parallel</c> (default) or <c>serial</c> (-S).</summary>
    public string WriteOption { get; }

    /// <summary>Resync pass number.</summary>
    public int Pass { get; }
}
