using System;
using System.Collections.Generic;
using System.Linq;
using SvmBackup.Model;

namespace SvmBackup.Scripts
{
    /// <summary>A Solaris tool refused or failed; carries the parsed libmeta error (stable <see cref="SvmToolErrorKind"/>).</summary>
    public sealed class SvmToolException : Exception
    {
        public SvmToolException(string computerName, CommandResult result, IReadOnlyList<SvmToolError> errors)
            : base(Compose(computerName, result, errors))
        {
            ComputerName = computerName;
            Result = result;
            Errors = errors;
            Error = errors.FirstOrDefault() ?? new SvmToolError(ToolName(result), computerName, null, result.Stderr.Trim(), SvmToolErrorKind.Other, result.Stderr.Trim());
        }

        public string ComputerName { get; }
        public CommandResult Result { get; }
        public IReadOnlyList<SvmToolError> Errors { get; }

        /// <summary>The first (deciding) error.</summary>
        public SvmToolError Error { get; }

        /// <summary>What an administrator should do next, for ErrorDetails.RecommendedAction.</summary>
        public string RecommendedAction
        {
            get
            {
                switch (Error.Kind)
                {
                    case SvmToolErrorKind.NotOwnerOfSet: return "Run the command on the node that owns the disk set (see 'metaset -s SET'), or take ownership first.";
                    case SvmToolErrorKind.NotRoot: return "Log in as root or open the session with -Elevation Sudo (or Pfexec).";
                    case SvmToolErrorKind.NoSuchSet: return "Check the disk set name with 'metaset'.";
                    case SvmToolErrorKind.NoSuchFile:
                    case SvmToolErrorKind.UnitNotSetUp: return "Check the metadevice name with 'metastat -p'.";
                    case SvmToolErrorKind.ResyncInProgress: return "Wait for the resync to finish ('metastat' shows 'Resync in progress').";
                    case SvmToolErrorKind.NoDatabases: return "This host has no SVM state database replicas (metadb): it has no SVM volumes.";
                    case SvmToolErrorKind.SmfServicesNotOnline: return "Enable the SVM services listed (svcadm enable ...).";
                    default: return "See the Solaris Volume Manager Administration Guide for: " + Error.Message;
                }
            }
        }

        private static string ToolName(CommandResult r) => r.Command.Tool.Substring(r.Command.Tool.LastIndexOf('/') + 1);

        private static string Compose(string node, CommandResult r, IReadOnlyList<SvmToolError> errors)
        {
            var text = errors.Count > 0 ? string.Join("; ", errors.Select(e => e.Line.Replace("\n", " ").Trim())) : r.Stderr.Trim();
            if (text.Length == 0) text = "no message";
            return $"'{r.Command}' failed on {node} (exit {r.ExitCode}): {text}";
        }
    }
}
