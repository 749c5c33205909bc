using System.Globalization;
using System.Text;

namespace SvmBackup.Tests.Security;

/// <summary>
/// Strings an attacker (or a typo) could put into any string parameter. Every one is refused by every shared rule
/// (metadevice, disk set, host name, absolute host path): the set mixes strings that get past one layer but not
/// another — plain characters that need no quoting but are options or traversals (<c>-rf</c>, <c>/home1/../</c>),
/// absolute-looking paths with metacharacters (<c>/home1;…</c>), address look-alikes (<c>::::</c>, <c>..</c>), a long
/// name made only of valid labels, characters that look like ASCII but are not.
/// <para>
/// The simulated host is this machine's <c>/bin/sh</c>, so no payload may do harm if a defect ever let one run: the
/// command payloads create <see cref="Canary"/> (or run <c>id</c>) instead of rebooting or deleting, and the tests
/// check that the canary never appears.
/// </para>
/// </summary>
public static class HostileStrings
{
    /// <summary>The file any payload that ran would create.</summary>
    public static string Canary { get; } = Path.Combine(Path.GetTempPath(), "svmbackup-hostile-canary-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The categories every run must cover.</summary>
    public static readonly string[] Categories =
    {
        "quote", "separator", "substitution", "newline/control", "NUL", "traversal", "glob", "long", "unicode look-alike",
        "leading dash", "empty/blank", "backslash/format", "address look-alike",
    };

    public static IReadOnlyList<(string Category, string Value)> All { get; } = Build();

    /// <summary>For theories: the index into <see cref="All"/> and a printable label (the raw strings make unreadable test names).</summary>
    public static IEnumerable<object[]> Data() => All.Select((h, i) => new object[] { i, h.Category + ": " + Show(h.Value) });

    private static List<(string, string)> Build()
    {
        var touch = "touch " + Canary;
        return new List<(string, string)>
        {
            ("quote", "'"),
            ("quote", "\""),
            ("quote", "d1'; " + touch + "; echo '"),
            ("quote", "\"d1\""),
            ("quote", "d1\"$(" + touch + ")\""),

            ("separator", "d1;x"),
            ("separator", "d1; " + touch),
            ("separator", "d1 && " + touch),
            ("separator", "d1 || " + touch),
            ("separator", "d1 | sh"),
            ("separator", "d1&"),
            ("separator", "/home1;" + touch),
            ("separator", "/home1 && id"),
            ("separator", "/home1|cat"),
            ("separator", "d1^id"), // the Solaris 10 Bourne shell also takes ^ as a pipe
            ("separator", "d1>" + Canary),
            ("separator", "d1</etc/passwd"),

            ("substitution", "$(" + touch + ")"),
            ("substitution", "`id`"),
            ("substitution", "d1$(id)"),
            ("substitution", "/home1`" + touch + "`"),
            ("substitution", "$HOME"),
            ("substitution", "${IFS}"),
            ("substitution", "d1${IFS}d2"),
            ("substitution", "$((1))"),

            ("newline/control", "d1\n"),
            ("newline/control", "d1\n" + touch),
            ("newline/control", "\nd1"),
            ("newline/control", "/home1\n"),
            ("newline/control", "d1\r"),
            ("newline/control", "d1\t"),
            ("newline/control", "d1\u001b[31m"),

            ("NUL", "d1\0"),
            ("NUL", "\0"),
            ("NUL", "/home1\0;" + touch),

            ("traversal", "../etc/passwd"),
            ("traversal", "/home1/../"),
            ("traversal", "/home1/.."),
            ("traversal", "/.."),
            ("traversal", ".."),
            ("traversal", "./d1"),
            ("traversal", "/home1/../../etc/shadow"),

            ("glob", "*"),
            ("glob", "?"),
            ("glob", "[a]"),
            ("glob", "d*"),
            ("glob", "/home1/*"),
            ("glob", "~root"),
            ("glob", "~"),
            ("glob", "{d1,d2}"),

            ("long", new string('a', 2000)),
            ("long", "/" + new string('a', 2000)),
            ("long", string.Join(".", Enumerable.Repeat("a", 1000))), // 1999 characters, every label a valid one
            ("long", "d1;" + new string('x', 2000)),

            ("unicode look-alike", "\uff44\uff11"), // full-width d1
            ("unicode look-alike", "\u05011"), // Cyrillic komi de + 1
            ("unicode look-alike", "\u202ed1"), // right-to-left override
            ("unicode look-alike", "d\u200b1"), // zero-width space
            ("unicode look-alike", "d1\u00a0"), // no-break space
            ("unicode look-alike", "/home1\u2215x"), // division slash
            ("unicode look-alike", "/\uff48\uff4f\uff4d\uff45\uff11"), // full-width home1
            ("unicode look-alike", "d\u00e9"),

            ("leading dash", "-d1"),
            ("leading dash", "-rf"),
            ("leading dash", "--"),
            ("leading dash", "-"),
            ("leading dash", "-s"),
            ("leading dash", "--help"),

            ("empty/blank", ""),
            ("empty/blank", " "),
            ("empty/blank", "   "),
            ("empty/blank", "d1 "),
            ("empty/blank", " d1"),
            ("empty/blank", "d1 d2"),

            ("backslash/format", "\\"),
            ("backslash/format", "d1\\"),
            ("backslash/format", "%s"),
            ("backslash/format", "%n%n%n%n"),
            ("backslash/format", "#"),
            ("backslash/format", "d1#x"),
            ("backslash/format", "d1=x"),
            ("backslash/format", "root@d1"),

            ("address look-alike", "::::"),
            ("address look-alike", "d1:d2"),
            ("address look-alike", "1.2.3.4;id"),
            ("address look-alike", "/dev/md/rdsk/d3 /dev/md/rdsk/d2"),
            ("address look-alike", "/dev/md/rdsk/d3'"),
        };
    }

    /// <summary>A printable, bounded form: control and non-ASCII characters as \uXXXX, long strings cut.</summary>
    public static string Show(string? value)
    {
        if (value == null) return "(null)";
        var sb = new StringBuilder();
        foreach (var c in value.Length > 48 ? value[..40] : value)
            sb.Append(c < 0x20 || c > 0x7e ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString());
        if (value.Length > 48) sb.Append("…(").Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(" chars)");
        return "«" + sb + "»";
    }
}

/// <summary>
/// Splits a transcript line as a Bourne shell would, as far as needed to prove it literal: words are separated by
/// blanks; single quotes and backslash escapes are removed. Any other shell-significant character outside single
/// quotes (double quotes, <c>; &amp; | ^ &lt; &gt; ( ) ` $ * ? [ ~ #</c>, newline, …) makes the line not literal.
/// </summary>
internal static class ShellWords
{
    private static bool IsPlain(char c) => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' || "_./:@%+=,-".IndexOf(c) >= 0;

    public static (List<string> Words, bool Literal) Parse(string line)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        var inWord = false;
        var literal = true;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == ' ')
            {
                if (inWord) { words.Add(sb.ToString()); sb.Clear(); inWord = false; }
                continue;
            }
            inWord = true;
            if (c == '\'')
            {
                var end = line.IndexOf('\'', i + 1);
                if (end < 0) { literal = false; end = line.Length; }
                sb.Append(line, i + 1, end - i - 1);
                i = end;
                continue;
            }
            if (c == '\\' && i + 1 < line.Length && line[i + 1] != '\n')
            {
                sb.Append(line[++i]);
                continue;
            }
            if (!IsPlain(c)) literal = false;
            sb.Append(c);
        }
        if (inWord) words.Add(sb.ToString());
        return (words, literal);
    }
}
