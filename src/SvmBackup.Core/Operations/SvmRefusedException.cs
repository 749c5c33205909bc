using System;

namespace SvmBackup.Operations
{
    /// <summary>A step checked the host's state and refused to act; nothing was changed.</summary>
    public sealed class SvmRefusedException : InvalidOperationException
    {
        public SvmRefusedException(SvmRefusal refusal, string message, object? target = null) : base(message)
        {
            Refusal = refusal;
            Target = target;
        }

        public SvmRefusal Refusal { get; }
        public object? Target { get; }
    }
}
