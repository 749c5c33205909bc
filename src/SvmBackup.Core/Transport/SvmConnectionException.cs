using System;

namespace SvmBackup.Transport
{
    /// <summary>The connection to the host could not be made or was lost. The message never contains a secret.</summary>
    public class SvmConnectionException : Exception
    {
        public SvmConnectionException(string message, Exception? inner = null) : base(message, inner) { }
    }
}
