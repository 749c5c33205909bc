using System;

namespace SvmBackup.HelpCompiler;

/// <summary>A markdown help file that cannot be compiled; carries the file and line so the build can point at it.</summary>
public sealed class HelpFormatException : Exception
{
    public HelpFormatException(string file, int line, string message) : base(message)
    {
        File = file;
        Line = line;
    }

    public string File { get; }

    public int Line { get; }

    /// <summary>MSBuild's canonical error format, so Exec reports it as a build error on that file and line.</summary>
    public string ToBuildError() => $"{File}({Line}): error SVMHELP: {Message}";
}
