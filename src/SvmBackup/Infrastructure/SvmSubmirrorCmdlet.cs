using System.Management.Automation;
using SvmBackup.Model;

namespace SvmBackup.PowerShell.Infrastructure
{
    /// <summary>
    /// Base of the cmdlets that act on a split submirror's raw device (check, dump): the submirror's identity binds by
    /// property name from Disconnect-Submirror's output (SvmSubmirrorSplit), or is given explicitly.
    /// </summary>
    public abstract class SvmSubmirrorCmdlet : SvmHostCmdlet
    {
        /// <summary>The submirror (d3); bound from Disconnect-Submirror output.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(SubmirrorNameCompleter))]
        public string? Submirror { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(DiskSetNameCompleter))]
        public string? DiskSet { get; set; }

        /// <summary>The raw device; derived from -DiskSet/-Submirror when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? RawDevice { get; set; }

        /// <summary>How the submirror was split (from Disconnect-Submirror).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SvmSplitMethod? SplitMethod { get; set; }
    }
}
