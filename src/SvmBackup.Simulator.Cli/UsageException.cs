using System;

namespace SvmBackup.Simulator.Cli;

/// <summary>Bad svmsim command line.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message) : base(message)
    {
    }
}
