using System;
using System.Globalization;
using System.Text;

namespace SvmBackup.Transport
{
    /// <summary>
    /// Learns the remote shell's PID from a marker line the script prints first on stderr, and builds the script that
    /// kills its process group. SSH signals are not honoured by every server (SunSSH ignores them), so cancellation
    /// never relies on them alone.
    /// </summary>
    internal sealed class RemoteProcessGuard
    {
        private readonly string _marker;
        private readonly StringBuilder _pending = new StringBuilder();
        private bool _markerSeen;

        public RemoteProcessGuard()
        {
            _marker = TagPrefix + Guid.NewGuid().ToString("N").Substring(0, 12) + ":";
        }

        /// <summary>What every tag starts with: finds any SvmBackup script on a host.</summary>
        public const string TagPrefix = "#svmbackup-pid:";

        /// <summary>The tag at the start of the script (and so of its command line on the host: Solaris keeps 80 characters).</summary>
        public string Tag => _marker;

        /// <summary>The remote shell's PID, once seen. sshd makes the shell a session leader, so it is also the process group.</summary>
        public int? Pid { get; private set; }

        private readonly System.Threading.Tasks.TaskCompletionSource<bool> _pidSeen = new System.Threading.Tasks.TaskCompletionSource<bool>();

        /// <summary>
        /// Waits (briefly) until the PID line has been read: a cancel can arrive before the stderr pump saw it.
        /// </summary>
        public async System.Threading.Tasks.Task<int?> WaitForPidAsync(TimeSpan timeout)
        {
            await System.Threading.Tasks.Task.WhenAny(_pidSeen.Task, System.Threading.Tasks.Task.Delay(timeout)).ConfigureAwait(false);
            return Pid;
        }

        /// <summary>The script with the PID announcement in front (stderr, so a streamed stdout stays pure).</summary>
        public string Wrap(string script) => "echo \"" + _marker + "$$\" >&2\n" + script;

        /// <summary>Filters stderr text as it arrives: returns it without the marker line.</summary>
        public string FilterStderr(string chunk)
        {
            if (_markerSeen) return chunk;
            _pending.Append(chunk);
            var text = _pending.ToString();
            var start = text.IndexOf(_marker, StringComparison.Ordinal);
            if (start < 0)
            {
                // Hold back only what could still become the marker.
                return text.Length > _marker.Length + 16 ? Flush(text) : string.Empty;
            }
            var nl = text.IndexOf('\n', start);
            if (nl < 0) return string.Empty;
            if (int.TryParse(text.Substring(start + _marker.Length, nl - start - _marker.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)) Pid = pid;
            _markerSeen = true;
            _pidSeen.TrySetResult(true);
            _pending.Clear();
            return text.Substring(0, start) + text.Substring(nl + 1);
        }

        /// <summary>What is still held back when the stream ends.</summary>
        public string Remainder()
        {
            var rest = _pending.ToString();
            _pending.Clear();
            _markerSeen = true;
            return rest;
        }

        private string Flush(string text)
        {
            _pending.Clear();
            _markerSeen = true;
            _pidSeen.TrySetResult(false); // the marker is the first thing printed; if it is not there, the shell printed something else first
            return text;
        }

        /// <summary>TERM the group, give it two seconds, then KILL whatever is left. Bourne shell.</summary>
        public string KillScript(string? elevationPrefix, bool termOnly = false)
        {
            if (Pid == null) return "";
            var pid = Pid.Value.ToString(CultureInfo.InvariantCulture);
            // pkill -g (by process group) exists with the same syntax on Solaris (since 7) and procps: no
            // negative-PID parsing, which differs between kill(1) implementations (procps 4.0 rejects
            // "-s SIG -- -PGID"; ksh88's builtin behind Solaris /usr/bin/kill may not take "--").
            var pkill = (elevationPrefix ?? "") + "/usr/bin/pkill";
            if (termOnly) return pkill + " -TERM -g " + pid + " 2>/dev/null; exit 0\n";
            return pkill + " -TERM -g " + pid + " 2>/dev/null; sleep 2; " + pkill + " -KILL -g " + pid + " 2>/dev/null; exit 0\n";
        }
    }
}
