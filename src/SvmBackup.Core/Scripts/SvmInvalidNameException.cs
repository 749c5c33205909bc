using System;

namespace SvmBackup.Scripts
{
    /// <summary>A name or path that must not reach the remote shell (or that SVM would not accept).</summary>
    public sealed class SvmInvalidNameException : ArgumentException
    {
        public SvmInvalidNameException(string message, string parameterName, string? value) : base(message, parameterName)
        {
            Value = value;
        }

        public string? Value { get; }
    }
}
