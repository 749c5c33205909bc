using SvmBackup.Model;

namespace SvmBackup.Operations
{
    /// <summary>The submirror a backup splits and dumps, and why (see <see cref="SubmirrorChoice"/>).</summary>
    public sealed class SubmirrorChoiceResult
    {
        public SubmirrorChoiceResult(string submirror, string reason, DumpDatesEntry? baseDump = null, string? warning = null)
        {
            Submirror = submirror;
            Reason = reason;
            Base = baseDump;
            Warning = warning;
        }

        /// <summary>Submirror name without the set prefix, e.g. <c>d3</c>.</summary>
        public string Submirror { get; }

        /// <summary>One sentence for -Verbose and the plan: which rule chose it.</summary>
        public string Reason { get; }

        /// <summary>The /etc/dumpdates record ufsdump will take as the base of this incremental; null for level 0 or none.</summary>
        public DumpDatesEntry? Base { get; }

        /// <summary>Set when an incremental has no base in /etc/dumpdates (it will be as large as a level 0); for the caller to warn.</summary>
        public string? Warning { get; }

        /// <inheritdoc/>
        public override string ToString() => Submirror + ": " + Reason;
    }
}
