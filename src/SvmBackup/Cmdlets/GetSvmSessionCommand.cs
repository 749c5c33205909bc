using System.Linq;
using System.Management.Automation;
using SvmBackup.PowerShell.Infrastructure;
using SvmBackup.Sessions;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>Lists the sessions opened in this runspace.</summary>
    [Cmdlet(VerbsCommon.Get, "SvmSession", DefaultParameterSetName = "All")]
    [OutputType(typeof(SvmSession))]
    public sealed class GetSvmSessionCommand : SvmCmdlet
    {
        [Parameter(ParameterSetName = "Id", Mandatory = true, Position = 0)]
        public int[]? Id { get; set; }

        [Parameter(ParameterSetName = "Name", Mandatory = true)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        [Parameter(ParameterSetName = "ComputerName", Mandatory = true)]
        [SupportsWildcards]
        public string[]? ComputerName { get; set; }

        protected override void ProcessRecord()
        {
            var all = SessionRegistry.All();
            switch (ParameterSetName)
            {
                case "Id":
                    foreach (var id in Id!)
                    {
                        var s = all.FirstOrDefault(x => x.Id == id);
                        if (s != null) WriteObject(s);
                        else WriteError(new ErrorRecord(new ItemNotFoundException($"No SvmBackup session has Id {id} in this runspace."), "SessionNotFound", ErrorCategory.ObjectNotFound, id));
                    }
                    break;
                case "Name":
                    WriteMatches(all, Name!, s => s.Name);
                    break;
                case "ComputerName":
                    WriteMatches(all, ComputerName!, s => s.ComputerName);
                    break;
                default:
                    WriteObject(all, true);
                    break;
            }
        }

        private void WriteMatches(SvmSession[] all, string[] patterns, System.Func<SvmSession, string> key)
        {
            foreach (var p in patterns)
            {
                var wc = new WildcardPattern(p, WildcardOptions.IgnoreCase);
                var hits = all.Where(s => wc.IsMatch(key(s))).ToArray();
                if (hits.Length == 0 && !WildcardPattern.ContainsWildcardCharacters(p))
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No SvmBackup session matches '{p}' in this runspace."), "SessionNotFound", ErrorCategory.ObjectNotFound, p));
                WriteObject(hits, true);
            }
        }
    }
}
