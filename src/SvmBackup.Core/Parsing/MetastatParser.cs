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
    // The most frequent lines ("name: Mirror", "name: Submirror of name", "Submirror N: name", "State:", "Pass: N",
    // "Read/Write option: word") are read by index below; a regex per line cost most of the parse time and memory.
    private static readonly Regex OtherHeader = new Regex(
        @"^(?<name>" + MetaName.Pattern + @"): (?<kind>Concat/Stripe|RAID|Soft Partition|Trans\b.*|Logging device for \S+|\d+ hot spares?|is empty)$", Opts);
    private static readonly Regex AnyHeader = new Regex(@"^(?<name>" + MetaName.Pattern + @"): \S", Opts);
    private static readonly Regex BodyKey = new Regex(@"^(?:State|Size|Invoke|Pass|Owner|Device|WARNING|NOTICE):", Opts);

    private static readonly Regex ResyncLine = new Regex(
        @"^Resync (?<what>in progress|cancelled):\s*(?<pct>\d+(?:\s*\.\s*\d+)?)\s*%\s*done", Opts);
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
        return new Reader(computerName ?? "", MetaName.NormalizeSet(diskSet)).Read(text);
    }

    /// <summary>Parses <c>metastat -p</c> (md.tab format) of either vintage (short or full raw member names).</summary>
    /// <exception cref="SvmParseException">A mirror or stripe line is malformed.</exception>
    public static MdTabResult ParseMdTab(string text) => MdTabParser.Parse(text);

    /// <summary>Splits a state cell into text and optional <c>-t</c> time.</summary>
    internal static void SplitState(string cell, out string state, out string? time)
    {
        cell = cell.Trim();
        time = null;
        var tm = MatchTimeSuffix(cell);
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

    // A header is "name: kind" and a name holds no ':' or blank, so the kind starts after the first ": ".
    // Returns that index, or -1 when the line cannot be a header.
    private static int KindStart(string line)
    {
        var colon = line.IndexOf(':');
        return colon > 0 && colon + 2 < line.Length && line[colon + 1] == ' ' ? colon + 2 : -1;
    }

    // The literal starts of OtherHeader's kinds (\d is Unicode Nd, as char.IsDigit).
    private static bool MayBeOtherKind(string line, int kind) =>
        HasAt(line, kind, "Concat/Stripe") || HasAt(line, kind, "RAID") || HasAt(line, kind, "Soft Partition")
        || HasAt(line, kind, "Trans") || HasAt(line, kind, "Logging device for ") || HasAt(line, kind, "is empty")
        || char.IsDigit(line[kind]);

    private static bool HasAt(string line, int index, string literal) =>
        line.Length - index >= literal.Length && string.CompareOrdinal(line, index, literal, 0, literal.Length) == 0;

    // Each body pattern starts with a literal: comparing it first spares the regex on every other line.
    private static bool TryMatch(string line, string prefix, Regex regex, out Match m)
    {
        m = line.StartsWith(prefix, StringComparison.Ordinal) ? regex.Match(line) : Match.Empty;
        return m.Success;
    }

    private static bool IsStripeOrTableHeader(string line) =>
        (line.StartsWith("Stripe ", StringComparison.Ordinal) && StripeLine.IsMatch(line))
        || (line.StartsWith("Device", StringComparison.Ordinal) && TableHeader.IsMatch(line));

    // TimeSuffix is unanchored on the left and would be tried at every position; its time ends in a digit or ')'.
    private static Match MatchTimeSuffix(string text) =>
        text.Length > 0 && (char.IsDigit(text[text.Length - 1]) || text[text.Length - 1] == ')') ? TimeSuffix.Match(text) : Match.Empty;

    // Index readers for the frequent lines. Each accepts only text its regex would match with the same groups
    // (\d is char.IsDigit, \s is char.IsWhiteSpace); a reader that returns false leaves the line to the regex.

    // "Submirror N: name".
    private static bool TryReadSubmirrorRef(string line, out string index, out string printed)
    {
        const string Prefix = "Submirror ";
        index = printed = "";
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var end = SkipDigits(line, Prefix.Length);
        if (end == Prefix.Length || !HasAt(line, end, ": ") || !MetaName.IsName(printed = line.Substring(end + 2)))
            return false;
        index = line.Substring(Prefix.Length, end - Prefix.Length);
        return true;
    }

    // "Read option: word": the first word after the prefix, or null.
    private static string? WordAfter(string line, string prefix)
    {
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var end = SkipWord(line, prefix.Length);
        return end > prefix.Length ? line.Substring(prefix.Length, end - prefix.Length) : null;
    }

    // "Size: N blocks (...)"; a "blocks" not followed by a blank or the end is left to SizeLine's \b.
    private static bool TryReadSize(string line, out string blocks)
    {
        const string Prefix = "Size: ";
        blocks = "";
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var end = SkipDigits(line, Prefix.Length);
        var after = end + " blocks".Length;
        if (end > Prefix.Length && HasAt(line, end, " blocks") && (after == line.Length || char.IsWhiteSpace(line[after])))
        {
            blocks = line.Substring(Prefix.Length, end - Prefix.Length);
            return true;
        }
        var m = SizeLine.Match(line);
        blocks = m.Groups["blocks"].Value;
        return m.Success;
    }

    // ComponentRow "name start Yes|No [rest]".
    private static bool TrySplitComponentRow(string line, out string name, out string start, out string dbase, out string rest)
    {
        name = start = dbase = rest = "";
        var nameEnd = SkipWord(line, 0);
        var startBegin = SkipBlanks(line, nameEnd);
        var startEnd = SkipDigits(line, startBegin);
        if (nameEnd == 0 || startBegin == nameEnd || startEnd == startBegin || startEnd == line.Length || !char.IsWhiteSpace(line[startEnd]))
            return false;
        var dbBegin = SkipBlanks(line, startEnd);
        dbase = HasAt(line, dbBegin, "Yes") ? "Yes" : HasAt(line, dbBegin, "No") ? "No" : "";
        var dbEnd = dbBegin + dbase.Length;
        if (dbase.Length == 0 || (dbEnd < line.Length && !char.IsWhiteSpace(line[dbEnd])))
            return false;
        name = line.Substring(0, nameEnd);
        start = line.Substring(startBegin, startEnd - startBegin);
        rest = line.Substring(SkipBlanks(line, dbEnd));
        return true;
    }

    // ComponentTail "state [Yes|No [hot spare]]" of trimmed text; "Last Erred" and other shapes go to the regex.
    private static bool TrySplitComponentTail(string rest, out string state, out string reloc, out string? hotSpare)
    {
        state = reloc = "";
        hotSpare = null;
        var stateEnd = SkipWord(rest, 0);
        if (stateEnd == 0 || (stateEnd == "Last".Length && rest.StartsWith("Last", StringComparison.Ordinal)))
            return false;
        var relocBegin = SkipBlanks(rest, stateEnd);
        if (relocBegin < rest.Length)
        {
            reloc = HasAt(rest, relocBegin, "Yes") ? "Yes" : HasAt(rest, relocBegin, "No") ? "No" : "";
            var relocEnd = relocBegin + reloc.Length;
            if (reloc.Length == 0 || (relocEnd < rest.Length && !char.IsWhiteSpace(rest[relocEnd])))
                return false;
            var hsBegin = SkipBlanks(rest, relocEnd);
            if (hsBegin < rest.Length)
            {
                if (SkipWord(rest, hsBegin) != rest.Length)
                    return false;
                hotSpare = rest.Substring(hsBegin);
            }
        }
        state = rest.Substring(0, stateEnd);
        return true;
    }

    // One or more \d in s[start, end).
    private static bool IsDigits(string s, int start, int end)
    {
        if (start >= end)
            return false;
        for (var i = start; i < end; i++)
        {
            if (!char.IsDigit(s[i]))
                return false;
        }
        return true;
    }

    private static int SkipDigits(string s, int i)
    {
        while (i < s.Length && char.IsDigit(s[i]))
            i++;
        return i;
    }

    private static int SkipBlanks(string s, int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
            i++;
        return i;
    }

    private static int SkipWord(string s, int i)
    {
        while (i < s.Length && !char.IsWhiteSpace(s[i]))
            i++;
        return i;
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

        private string _text = "";
        private int _rawStart;
        private int _rawEnd;

        private Context _context;
        private MirrorBuilder? _mirror;
        private SvmSubmirror? _submirror;
        private bool _inTable;
        private bool _lastWasInvoke;
        private int _row;
        private long? _interlace;

        // The current line as read, for error messages.
        private string Raw => _text.Substring(_rawStart, _rawEnd - _rawStart);

        public Reader(string computer, string? set)
        {
            _computer = computer;
            _set = set;
        }

        public MetastatResult Read(string text)
        {
            // Lines are read one at a time, not split up front: an array of every line kept them all alive until the
            // end, so large reports promoted them to Gen2.
            var pos = 0;
            var lineNo = 0;
            _text = text;
            while (TextLines.NextRange(text, ref pos, out _rawStart, out _rawEnd))
            {
                // Trimmed by index: one string per line; the raw line is cut out only for errors.
                var start = _rawStart;
                var end = _rawEnd;
                while (start < end && char.IsWhiteSpace(text[start]))
                    start++;
                while (end > start && char.IsWhiteSpace(text[end - 1]))
                    end--;
                var line = text.Substring(start, end - start);
                var indented = start > _rawStart;
                lineNo++;
                var continuesInvoke = _lastWasInvoke;
                _lastWasInvoke = false;

                if (line.Length == 0)
                {
                    _inTable = false;
                    continue;
                }

                // Errors and headers are recognised in every context: they always start a new block.
                // libmeta errors start with "meta": checked first so other lines skip the error regex.
                if (!indented && line.StartsWith("meta", StringComparison.Ordinal) && TryReadError(text, ref pos, ref lineNo, Raw, out var error))
                {
                    _errors.Add(error!);
                    continue;
                }
                // Header regexes run only where "name: " leaves a kind they can match; most lines are not headers.
                var kind = KindStart(line);
                Match m;
                // "name: Mirror" and "name: Submirror of name": a name ends at the first ':'.
                string printed, printedMirror;
                if (kind > 0 && line.Length - kind == "Mirror".Length && HasAt(line, kind, "Mirror")
                    && MetaName.IsName(printed = line.Substring(0, kind - 2)))
                {
                    StartMirror(printed, lineNo);
                    continue;
                }
                if (kind > 0 && HasAt(line, kind, "Submirror of ") && MetaName.IsName(printed = line.Substring(0, kind - 2))
                    && MetaName.IsName(printedMirror = line.Substring(kind + "Submirror of ".Length)))
                {
                    StartSubmirror(printed, printedMirror, lineNo);
                    continue;
                }
                if (kind > 0 && MayBeOtherKind(line, kind) && (m = OtherHeader.Match(line)).Success)
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
                if (kind > 0 && !indented && AnyHeader.IsMatch(line) && !BodyKey.IsMatch(line))
                {
                    Enter(Context.Skip);
                    continue;
                }

                switch (_context)
                {
                    case Context.Mirror:
                        MirrorLine(line, lineNo);
                        break;
                    case Context.Submirror:
                        SubmirrorLine(line, lineNo, continuesInvoke);
                        break;
                }
            }

            var mirrors = new List<SvmMirror>();
            foreach (var b in _mirrors)
                mirrors.Add(Finish(b));
            return new MetastatResult(mirrors.AsReadOnly(), _others.AsReadOnly(), _errors.AsReadOnly(), _stale);
        }

        // MetaErrorParser reads the indented lines that continue an error too: hand it this line and those that follow.
        private static bool TryReadError(string text, ref int pos, ref int lineNo, string raw, out SvmToolError? error)
        {
            var lines = new List<string> { raw };
            var peek = pos;
            string? next;
            while ((next = TextLines.Next(text, ref peek)) != null && next.Length > 0 && char.IsWhiteSpace(next[0]) && next.Trim().Length > 0)
                lines.Add(next);
            var index = 0;
            if (!MetaErrorParser.TryParseAt(lines.ToArray(), ref index, out error))
                return false;
            for (var k = 0; k < index; k++)
                TextLines.Next(text, ref pos);
            lineNo += index;
            return true;
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

        private void StartSubmirror(string printed, string printedMirror, int lineNo)
        {
            MetaName.Split(printedMirror, _set, out var mset, out var mname);
            MetaName.Split(printed, mset, out _, out var sname);
            // The latest mirror of that name wins (metastat -a repeats nothing, but be deterministic).
            MirrorBuilder? owner = null;
            for (var k = _mirrors.Count - 1; k >= 0 && owner == null; k--)
            {
                if (_mirrors[k].Mirror.Name == mname && _mirrors[k].Mirror.DiskSet == mset)
                    owner = _mirrors[k];
            }
            var sub = owner?.Submirrors.FirstOrDefault(s => s.Name == sname);
            Enter(Context.Submirror);
            if (owner == null || sub == null)
            {
                // "metastat d10" prints a submirror on its own: nothing to attach it to.
                if (owner != null)
                    throw new SvmParseException($"Mirror '{owner.Mirror.FullName}' does not list submirror '{printed}'.", lineNo, Raw);
                _context = Context.Skip;
                return;
            }
            if (owner.WithDetail.Contains(sub))
                throw new SvmParseException($"Submirror '{printed}' is described twice.", lineNo, Raw);
            owner.WithDetail.Add(sub);
            owner.Components[sub] = new List<SvmComponent>();
            _mirror = owner;
            _submirror = sub;
            _row = 0;
            _interlace = null;
        }

        private void MirrorLine(string line, int lineNo)
        {
            var b = _mirror!;
            var mirror = b.Mirror;
            Match m;
            string? word;
            if (TryReadSubmirrorRef(line, out var index, out var printed))
            {
                MetaName.Split(printed, mirror.DiskSet, out _, out var name);
                _submirror = new SvmSubmirror
                {
                    ComputerName = _computer,
                    DiskSet = mirror.DiskSet,
                    Name = name,
                    Mirror = mirror.Name,
                    Index = int.Parse(index, CultureInfo.InvariantCulture),
                };
                b.Submirrors.Add(_submirror);
            }
            else if (line.StartsWith("State:", StringComparison.Ordinal))
            {
                if (_submirror == null)
                    throw new SvmParseException($"Mirror '{mirror.FullName}': State line before any 'Submirror N:' line.", lineNo, Raw);
                ApplyState(_submirror, line.Substring("State:".Length));
            }
            else if (TryMatch(line, "Resync ", ResyncLine, out m))
            {
                var pct = Regex.Replace(m.Groups["pct"].Value, @"\s", "");
                mirror.ResyncPercent = double.Parse(pct, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                mirror.ResyncState = m.Groups["what"].Value == "cancelled" ? SvmResyncState.Cancelled : SvmResyncState.InProgress;
            }
            else if (line.StartsWith("Pass: ", StringComparison.Ordinal) && IsDigits(line, "Pass: ".Length, line.Length))
                mirror.Pass = int.Parse(line.Substring("Pass: ".Length), CultureInfo.InvariantCulture);
            else if ((word = WordAfter(line, "Read option: ")) != null)
                mirror.ReadOption = word;
            else if ((word = WordAfter(line, "Write option: ")) != null)
                mirror.WriteOption = word;
            else if (TryMatch(line, "Resync option: ", ResyncOptionLine, out m))
                mirror.ResyncOption = m.Groups["opt"].Value.Trim();
            else if (TryMatch(line, "Owner: ", OwnerLine, out m))
                mirror.Owner = m.Groups["owner"].Value.Trim();
            else if (TryReadSize(line, out var blocks))
            {
                mirror.SizeBlocks = ParseLong(blocks, lineNo);
                b.SizeSeen = true;
            }
            else if (line.StartsWith("Resync ", StringComparison.Ordinal) && !line.StartsWith("Resync option", StringComparison.Ordinal))
                throw new SvmParseException($"Mirror '{mirror.FullName}': unreadable resync line.", lineNo, Raw);
        }

        private void SubmirrorLine(string line, int lineNo, bool continuesInvoke)
        {
            var sub = _submirror!;
            Match m;
            // Rows of one stripe are not separated by blank lines: a new "Stripe N:" ends the table.
            if (_inTable && !IsStripeOrTableHeader(line))
            {
                _mirror!.Components[sub].Add(ParseComponent(line, lineNo));
                return;
            }
            if (continuesInvoke && _rawEnd - _rawStart >= 2 && _text[_rawStart] == '\t' && _text[_rawStart + 1] == '\t')
            {
                // "after replacing "Maintenance" components:\n\t\tmetareplace ..." is one action on two lines.
                sub.InvokeAction = sub.InvokeAction + " " + line;
                _lastWasInvoke = true;
            }
            else if (line.StartsWith("State:", StringComparison.Ordinal))
            {
                // The mirror block's state is authoritative (it alone can say Unavailable); use this one only as a fallback.
                if (sub.StateText.Length == 0)
                    ApplyState(sub, line.Substring("State:".Length));
            }
            else if (TryMatch(line, "Invoke: ", InvokeLine, out m))
            {
                sub.InvokeAction = m.Groups["action"].Value.Trim();
                _lastWasInvoke = true;
            }
            else if (TryMatch(line, "Hot spare pool: ", HotSparePoolLine, out m))
                sub.HotSparePool = m.Groups["hsp"].Value;
            else if (TryReadSize(line, out var blocks))
                sub.SizeBlocks = ParseLong(blocks, lineNo);
            else if (line.StartsWith("Stripe ", StringComparison.Ordinal) && line[line.Length - 1] == ':'
                     && IsDigits(line, "Stripe ".Length, line.Length - 1))
            {
                // "Stripe N:" without an interlace.
                _inTable = false;
                _row = int.Parse(line.Substring("Stripe ".Length, line.Length - 1 - "Stripe ".Length), CultureInfo.InvariantCulture);
                _interlace = null;
            }
            else if (TryMatch(line, "Stripe ", StripeLine, out m))
            {
                _inTable = false;
                _row = int.Parse(m.Groups["row"].Value, CultureInfo.InvariantCulture);
                _interlace = m.Groups["interlace"].Success ? ParseLong(m.Groups["interlace"].Value, lineNo) : (long?)null;
            }
            else if (line.StartsWith("Device", StringComparison.Ordinal) && TableHeader.IsMatch(line))
                _inTable = true;
        }

        private SvmComponent ParseComponent(string line, int lineNo)
        {
            if (!TrySplitComponentRow(line, out var name, out var start, out var dbase, out var rest))
            {
                var m = ComponentRow.Match(line);
                if (!m.Success)
                    throw new SvmParseException($"Submirror '{_submirror!.FullName}': unreadable component row.", lineNo, Raw);
                name = m.Groups["name"].Value;
                start = m.Groups["start"].Value;
                dbase = m.Groups["dbase"].Value;
                rest = m.Groups["rest"].Value;
            }
            rest = rest.Trim();
            var tm = MatchTimeSuffix(rest);
            if (tm.Success)
                rest = rest.Substring(0, tm.Index).TrimEnd();
            if (!TrySplitComponentTail(rest, out var state, out var reloc, out var hotSpare))
            {
                var t = ComponentTail.Match(rest);
                if (!t.Success)
                    throw new SvmParseException($"Submirror '{_submirror!.FullName}': component row without a readable State column.", lineNo, Raw);
                state = t.Groups["state"].Value;
                reloc = t.Groups["reloc"].Value;
                hotSpare = t.Groups["hs"].Success ? t.Groups["hs"].Value : null;
            }
            return new SvmComponent
            {
                Name = name,
                Stripe = _row,
                InterlaceBlocks = _interlace,
                StartBlock = ParseLong(start, lineNo),
                HasStateDatabase = dbase == "Yes",
                StateText = state,
                Relocation = reloc == "Yes",
                HotSpare = hotSpare,
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

        private long ParseLong(string digits, int lineNo)
        {
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                throw new SvmParseException("Number out of range: " + digits, lineNo, Raw);
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
