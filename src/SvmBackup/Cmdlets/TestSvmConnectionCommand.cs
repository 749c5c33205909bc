using System;
using System.Management.Automation;
using SvmBackup.Inventory;
using SvmBackup.Model;
using SvmBackup.PowerShell.Infrastructure;

namespace SvmBackup.PowerShell.Cmdlets
{
    /// <summary>
    /// Checks that a node can be backed up: reachable, negotiated algorithms and host key, login user, elevation,
    /// SVM tools present, OS release, disk sets. Never fails on what it tests: problems are in the report.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SvmConnection", DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(SvmConnectionReport), typeof(bool))]
    public sealed class TestSvmConnectionCommand : SvmHostCmdlet
    {
        /// <summary>Return only True (everything works) or False.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            System.Collections.Generic.IEnumerable<SvmBackup.Sessions.SvmSession> sessions;
            try
            {
                sessions = TargetSessions();
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                OpenFailed(ComputerName.Length > 0 ? ComputerName[0] : "", ex);
                return;
            }
            foreach (var session in sessions)
            {
                try
                {
                    Emit(Await(ct => ConnectionProbe.RunAsync(session, ct)));
                }
                catch (Exception ex) when (!(ex is PipelineStoppedException))
                {
                    Emit(new SvmConnectionReport { ComputerName = session.ComputerName, Target = session.Target, Reachable = false, Problems = new[] { session.Secrets.Apply(ex.Message) } });
                }
            }
        }

        /// <summary>An unreachable host is a report (Reachable = False), not an error: that is the answer asked for.</summary>
        protected override bool OpenFailed(string computerName, Exception error)
        {
            FlushWarnings();
            var record = ToErrorRecord(error, computerName);
            Emit(new SvmConnectionReport { ComputerName = computerName, Target = computerName + ":" + Port, Reachable = false, Problems = new[] { record.FullyQualifiedErrorId + ": " + error.Message } });
            return true;
        }

        private void Emit(SvmConnectionReport report)
        {
            if (Quiet) WriteObject(report.Reachable && report.Problems.Length == 0);
            else WriteObject(report);
        }
    }
}
