namespace SvmBackup.Transport
{
    /// <summary>The server refused every credential offered. The message names the user and methods, never a secret.</summary>
    public sealed class SvmAuthenticationException : SvmConnectionException
    {
        public SvmAuthenticationException(string message, System.Exception? inner = null) : base(message, inner) { }
    }
}
