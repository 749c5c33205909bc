using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using SvmBackup.Model;

namespace SvmBackup.Parsing;

/// <summary>
/// Parses the default <c>metastat</c> report (svm-formats.md §2.4–2.7, §2.10) into mirrors.
/// Lines are matched after trimming, so TAB/space indentation, trailing blanks, CRLF and blank-line counts do not
/// matter. Text outside a recognised block (prompts, echoed commands, trailers, banners) is ignored; a mirror
/// block that cannot be read completely throws <see cref="SvmParseException"/>.
/// </summary>
public static class MetastatParser
{
    private const RegexOptions Opts = RegexOptions.CultureInvariant;
    private static readonly Regex MirrorHeader = new Regex(@"^(?<name>" + MetaName.Pattern + @"): Mirror$", Opts);
    private static readonly Regex SubmirrorHeader = new Regex(
        @"^(?<name>" + MetaName.Pattern + @"): Submirror of (?<mirror>" + MetaName.Pattern + @")$", Opts);
    private static readonly Regex OtherHeader = new Regex(
        @"^(?<name>" + MetaName.Pattern + @"): (?<kind>Concat/Stripe|RAID|Soft Partition|Trans\b.*|Logging device for \S+|\d+ hot spares?|is empty)$", Opts);
    private static readonly Regex AnyHeader = new Regex(@"^(?<name>" + MetaName.Pattern + @"): \S", Opts);
    private static readonly Regex BodyKey = new Regex(@"^(?:State|Size|Invoke|Pass|Owner|Device|WARNING|NOTICE):", Opts);

    private static readonly Regex SubmirrorRef = new Regex(@"^Submirror (?<index>\d+): (?<name>" + MetaName.Pattern + @")$", Opts);
    private static readonly Regex StateLine = new Regex(@"^State:\s*(?<state>.*)$", Opts);
    private static readonly Regex ResyncLine = new Regex(
        @"^Resync (?<what>in progress|cancelled):\s*(?<pct>\d+(?:\s*\.\s*\d+)?)\s*%\s*done", Opts);
    private static readonly Regex PassLine = new Regex(@"^Pass: (?<pass>\d+)$", Opts);
    private static readonly Regex ReadLine = new Regex(@"^Read option: (?<opt>\S+)", Opts);
    private static readonly Regex WriteLine = new Regex(@"^Write option: (?<opt>\S+)", Opts);
    private static readonly Regex ResyncOptionLine = new Regex(@"^Resync option: (?<opt>.+)$", Opts);
    private static readonly Regex OwnerLine = new Regex(@"^Owner: (?<owner>.+)$", Opts);
    private static readonly Regex SizeLine = new Regex(@"^Size: (?<blocks>\d+) blocks\b", Opts);
    private static readonly Regex InvokeLine = new Regex(@"^Invoke: (?<action>.+)$", Opts);
    private static readonly Regex HotSparePoolLine = new Regex(@"^Hot spare pool: (?<hsp>\S+)$", Opts);
    private static readonly Regex StripeLine = new Regex(@"^Stripe (?<row>\d+):(?:\s*\(interlace:\s*(?<interlace>\d+) blocks\))?$", Opts);
    private static readonly Regex TableHeader = new Regex(@"^Device\s+Start", Opts);
    private static readonly Regex ComponentRow = new Regex(
        @"^(?<name>\S+)\s+(?<start>\d+)\s+(?<dbase>Yes|No)(?:\s+(?<rest>.*))?$", Opts);
    private static readonly Regex ComponentTail = new Regex(
        @"^(?<state>Last Erred|\S+)(?:\s+(?<reloc>Yes|No)\b)?(?:\s+(?<hs>\S+))?$", Opts);
    // meta_print_time: strftime "%a %b %e %T %Y" or "(invalid time)", appended by -t.
    private static readonly Regex TimeSuffix = new Regex(
        @"\s*(?<time>[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]?\d \d{2}:\d{2}:\d{2} \d{4}|\(invalid time\))$", Opts);

    private static readonly string[] KnownStates = { "Okay", "Resyncing", "Resync cancelled", "Needs maintenance", "Unavailable" };

    /// <summary>Parses a full metastat report.</summary>
    /// <param name="text">stdout of <c>metastat [-s set] [-t] [names]</c>; stderr may be merged in.</param>
    /// <param name="computerName">Host name stored on every object.</param>
    /// <param name="diskSet">Set queried with <c>-s</c>, or null/empty for the local set; a set prefix printed on a name wins.</param>
    /// <exception cref="SvmParseException">A mirror or submirror block is malformed or incomplete.</exception>
    public static MetastatResult Parse(string text, string computerName, string? diskSet)
    {
        return new Reader(computerName ?? "", MetaName.NormalizeSet(diskSet)).Read(TextLines.Split(text));
    }

    /// <summary>Parses <c>metastat -p</c> (md.tab format) of either vintage (short or full raw member names).</summary>
    /// <exception cref="SvmParseException">A mirror or stripe line is malformed.</exception>
    public static MdTabResult ParseMdTab(string text) => MdTabParser.Parse(text);

    /// <summary>Splits a state cell into text and optional <c>-t</c> time.</summary>
    internal static void SplitState(string cell, out string state, out string? time)
    {
        cell = cell.Trim();
        time = null;
        var tm = TimeSuffix.Match(cell);
        if (tm.Success)
        {
            time = tm.Groups["time"].Value;
            cell = cell.Substring(0, tm.Index).TrimEnd();
        }
        state = cell;
    }

    internal static SvmSubmirrorState MapState(string text)
    {
        switch (text.ToLowerInvariant())
        {
            case "okay": return SvmSubmirrorState.Okay;
            case "resyncing": return SvmSubmirrorState.Resyncing;
            case "resync cancelled": return SvmSubmirrorState.ResyncCancelled;
            case "needs maintenance": return SvmSubmirrorState.NeedsMaintenance;
            case "unavailable": return SvmSubmirrorState.Unavailable;
            default: return SvmSubmirrorState.Unknown;
        }
    }

    private enum Context { None, Mirror, Submirror, Skip }

    private sealed class MirrorBuilder
    {
        public SvmMirror Mirror = null!;
        public int HeaderLine;
        public readonly List<SvmSubmirror> Submirrors = new List<SvmSubmirror>();
        public readonly HashSet<SvmSubmirror> WithDetail = new HashSet<SvmSubmirror>();
        public readonly Dictionary<SvmSubmirror, List<SvmComponent>> Components = new Dictionary<SvmSubmirror, List<SvmComponent>>();
        public bool SizeSeen;
    }

    private sealed class Reader
    {
        private readonly string _computer;
        private readonly string? _set;
        private readonly List<MirrorBuilder> _mirrors = new List<MirrorBuilder>();
        private readonly List<MetastatDevice> _others = new List<MetastatDevice>();
        private readonly List<SvmToolError> _errors = new List<SvmToolError>();
        private bool _stale;

        private Context _context;
        private MirrorBuilder? _mirror;
        private SvmSubmirror? _submirror;
        private bool _inTable;
        private bool _lastWasInvoke;
        private int _row;
        private long? _interlace;

        public Reader(string computer, string? set)
        {
            _computer = computer;
            _set = set;
        }

        public MetastatResult Read(string[] lines)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                var raw = lines[i];
                var line = raw.Trim();
                var lineNo = i + 1;
                var continuesInvoke = _lastWasInvoke;
                _lastWasInvoke = false;

                if (line.Length == 0)
                {
                    _inTable = false;
                    continue;
                }

                // Errors and headers are recognised in every context: they always start a new block.
                if (!char.IsWhiteSpace(raw[0]) && MetaErrorParser.TryParseAt(lines, ref i, out var error))
                {
                    _errors.Add(error!);
                    continue;
                }
                Match m;
                if ((m = MirrorHeader.Match(line)).Success)
                {
                    StartMirror(m.Groups["name"].Value, lineNo);
                    continue;
                }
                if ((m = SubmirrorHeader.Match(line)).Success)
                {
                    StartSubmirror(m.Groups["name"].Value, m.Groups["mirror"].Value, lineNo, raw);
                    continue;
                }
                if ((m = OtherHeader.Match(line)).Success)
                {
                    MetaName.Split(m.Groups["name"].Value, _set, out var set, out var name);
                    _others.Add(new MetastatDevice(set, name, m.Groups["kind"].Value));
                    Enter(Context.Skip);
                    continue;
                }
                if (line.StartsWith("WARNING: Stale state database replicas", StringComparison.Ordinal))
                {
                    _stale = true;
                    continue;
                }
                if (line == "Device Relocation Information:")
                {
                    Enter(Context.Skip);
                    continue;
                }
                // An unknown "name: something" at column 0 is a new object we do not know: stop attributing lines.
                if (!char.IsWhiteSpace(raw[0]) && AnyHeader.IsMatch(line) && !BodyKey.IsMatch(line))
                {
                    Enter(Context.Skip);
                    continue;
                }

                switch (_context)
                {
                    case Context.Mirror:
                        MirrorLine(line, lineNo, raw);
                        break;
                    case Context.Submirror:
                        SubmirrorLine(line, lineNo, raw, continuesInvoke);
                        break;
                }
            }

            var mirrors = new List<SvmMirror>();
            foreach (var b in _mirrors)
                mirrors.Add(Finish(b));
            return new MetastatResult(mirrors.AsReadOnly(), _others.AsReadOnly(), _errors.AsReadOnly(), _stale);
        }

        private void Enter(Context context)
        {
            _context = context;
            _inTable = false;
            _submirror = null;
            if (context != Context.Mirror)
                _mirror = context == Context.Submirror ? _mirror : null;
        }

        private void StartMirror(string printed, int lineNo)
        {
            MetaName.Split(printed, _set, out var set, out var name);
            var builder = new MirrorBuilder
            {
                HeaderLine = lineNo,
                Mirror = new SvmMirror { ComputerName = _computer, DiskSet = set, Name = name },
            };
            _mirrors.Add(builder);
            Enter(Context.Mirror);
            _mirror = builder;
        }

        private void StartSubmirror(string printed, string printedMirror, int lineNo, string raw)
        {
            MetaName.Split(printedMirror, _set, out var mset, out var mname);
            MetaName.Split(printed, mset, out _, out var sname);
            // The latest mirror of that name wins (metastat -a repeats nothing, but be deterministic).
            var owner = _mirrors.LastOrDefault(b => b.Mirror.Name == mname && b.Mirror.DiskSet == mset);
            var sub = owner?.Submirrors.FirstOrDefault(s => s.Name == sname);
            Enter(Context.Submirror);
            if (owner == null || sub == null)
            {
                // "metastat d10" prints a submirror on its own: nothing to attach it to.
                if (owner != null)
                    throw new SvmParseException($"Mirror '{owner.Mirror.FullName}' does not list submirror '{printed}'.", lineNo, raw);
                _context = Context.Skip;
                return;
            }
            if (owner.WithDetail.Contains(sub))
                throw new SvmParseException($"Submirror '{printed}' is described twice.", lineNo, raw);
            owner.WithDetail.Add(sub);
            owner.Components[sub] = new List<SvmComponent>();
            _mirror = owner;
            _submirror = sub;
            _row = 0;
            _interlace = null;
        }

        private void MirrorLine(string line, int lineNo, string raw)
        {
            var b = _mirror!;
            var mirror = b.Mirror;
            Match m;
            if ((m = SubmirrorRef.Match(line)).Success)
            {
                MetaName.Split(m.Groups["name"].Value, mirror.DiskSet, out _, out var name);
                _submirror = new SvmSubmirror
                {
                    ComputerName = _computer,
                    DiskSet = mirror.DiskSet,
                    Name = name,
                    Mirror = mirror.Name,
                    Index = int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture),
                };
                b.Submirrors.Add(_submirror);
            }
            else if ((m = StateLine.Match(line)).Success)
            {
                if (_submirror == null)
                    throw new SvmParseException($"Mirror '{mirror.FullName}': State line before any 'Submirror N:' line.", lineNo, raw);
                ApplyState(_submirror, m.Groups["state"].Value);
            }
            else if ((m = ResyncLine.Match(line)).Success)
            {
                var pct = Regex.Replace(m.Groups["pct"].Value, @"\s", "");
                mirror.ResyncPercent = double.Parse(pct, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                mirror.ResyncState = m.Groups["what"].Value == "cancelled" ? SvmResyncState.Cancelled : SvmResyncState.InProgress;
            }
            else if ((m = PassLine.Match(line)).Success)
                mirror.Pass = int.Parse(m.Groups["pass"].Value, CultureInfo.InvariantCulture);
            else if ((m = ReadLine.Match(line)).Success)
                mirror.ReadOption = m.Groups["opt"].Value;
            else if ((m = WriteLine.Match(line)).Success)
                mirror.WriteOption = m.Groups["opt"].Value;
            else if ((m = ResyncOptionLine.Match(line)).Success)
                mirror.ResyncOption = m.Groups["opt"].Value.Trim();
            else if ((m = OwnerLine.Match(line)).Success)
                mirror.Owner = m.Groups["owner"].Value.Trim();
            else if ((m = SizeLine.Match(line)).Success)
            {
                mirror.SizeBlocks = ParseLong(m.Groups["blocks"].Value, lineNo, raw);
                b.SizeSeen = true;
            }
            else if (line.StartsWith("Resync ", StringComparison.Ordinal) && !line.StartsWith("Resync option", StringComparison.Ordinal))
                throw new SvmParseException($"Mirror '{mirror.FullName}': unreadable resync line.", lineNo, raw);
        }

        private void SubmirrorLine(string line, int lineNo, string raw, bool continuesInvoke)
        {
            var sub = _submirror!;
            Match m;
            // Rows of one stripe are not separated by blank lines: a new "Stripe N:" ends the table.
            if (_inTable && !StripeLine.IsMatch(line) && !TableHeader.IsMatch(line))
            {
                _mirror!.Components[sub].Add(ParseComponent(line, lineNo, raw));
                return;
            }
            if (continuesInvoke && raw.StartsWith("\t\t", StringComparison.Ordinal))
            {
                // "after replacing "Maintenance" components:\n\t\tmetareplace ..." is one action on two lines.
                sub.InvokeAction = sub.InvokeAction + " " + line;
                _lastWasInvoke = true;
            }
            else if ((m = StateLine.Match(line)).Success)
            {
                // The mirror block's state is authoritative (it alone can say Unavailable); use this one only as a fallback.
                if (sub.StateText.Length == 0)
                    ApplyState(sub, m.Groups["state"].Value);
            }
            else if ((m = InvokeLine.Match(line)).Success)
            {
                sub.InvokeAction = m.Groups["action"].Value.Trim();
                _lastWasInvoke = true;
            }
            else if ((m = HotSparePoolLine.Match(line)).Success)
                sub.HotSparePool = m.Groups["hsp"].Value;
            else if ((m = SizeLine.Match(line)).Success)
                sub.SizeBlocks = ParseLong(m.Groups["blocks"].Value, lineNo, raw);
            else if ((m = StripeLine.Match(line)).Success)
            {
                _inTable = false;
                _row = int.Parse(m.Groups["row"].Value, CultureInfo.InvariantCulture);
                _interlace = m.Groups["interlace"].Success ? ParseLong(m.Groups["interlace"].Value, lineNo, raw) : (long?)null;
            }
            else if (TableHeader.IsMatch(line))
                _inTable = true;
        }

        private SvmComponent ParseComponent(string line, int lineNo, string raw)
        {
            var m = ComponentRow.Match(line);
            if (!m.Success)
                throw new SvmParseException($"Submirror '{_submirror!.FullName}': unreadable component row.", lineNo, raw);
            var rest = m.Groups["rest"].Value.Trim();
            var tm = TimeSuffix.Match(rest);
            if (tm.Success)
                rest = rest.Substring(0, tm.Index).TrimEnd();
            var t = ComponentTail.Match(rest);
            if (!t.Success)
                throw new SvmParseException($"Submirror '{_submirror!.FullName}': component row without a readable State column.", lineNo, raw);
            return new SvmComponent
            {
                Name = m.Groups["name"].Value,
                Stripe = _row,
                InterlaceBlocks = _interlace,
                StartBlock = ParseLong(m.Groups["start"].Value, lineNo, raw),
                HasStateDatabase = m.Groups["dbase"].Value == "Yes",
                StateText = t.Groups["state"].Value,
                Relocation = t.Groups["reloc"].Value == "Yes",
                HotSpare = t.Groups["hs"].Success ? t.Groups["hs"].Value : null,
            };
        }

        private static void ApplyState(SvmSubmirror sub, string cell)
        {
            cell = cell.Trim();
            // Known states first: with -t the time follows the padded state and may be the only separator.
            foreach (var known in KnownStates)
            {
                if (cell.StartsWith(known, StringComparison.OrdinalIgnoreCase)
                    && (cell.Length == known.Length || char.IsWhiteSpace(cell[known.Length])))
                {
                    var tail = cell.Substring(known.Length).Trim();
                    sub.StateText = cell.Substring(0, known.Length);
                    sub.StateTime = tail.Length > 0 ? tail : null;
                    sub.State = MapState(sub.StateText);
                    return;
                }
            }
            SplitState(cell, out var state, out var time);
            sub.StateText = state;
            sub.StateTime = time;
            sub.State = MapState(state);
        }

        private static long ParseLong(string digits, int lineNo, string raw)
        {
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                throw new SvmParseException("Number out of range: " + digits, lineNo, raw);
            return value;
        }

        private static SvmMirror Finish(MirrorBuilder b)
        {
            var mirror = b.Mirror;
            string Where() => $"Mirror '{mirror.FullName}' (line {b.HeaderLine})";
            if (b.Submirrors.Count == 0)
                throw new SvmParseException(Where() + " lists no submirrors.", 0, null);
            if (!b.SizeSeen)
                throw new SvmParseException(Where() + " has no Size line.", 0, null);
            foreach (var sub in b.Submirrors)
            {
                if (sub.StateText.Length == 0)
                    throw new SvmParseException(Where() + $": submirror '{sub.FullName}' has no State.", 0, null);
                if (!b.WithDetail.Contains(sub))
                    throw new SvmParseException(Where() + $": no '{sub.FullName}: Submirror of {mirror.FullName}' block (truncated output?).", 0, null);
                var components = b.Components[sub];
                if (components.Count == 0)
                    throw new SvmParseException(Where() + $": submirror '{sub.FullName}' has no component rows.", 0, null);
                sub.Components = components.ToArray();
            }
            mirror.Submirrors = b.Submirrors.ToArray();
            return mirror;
        }
    }
}
