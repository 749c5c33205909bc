using System.Collections;
using System.Text;

namespace SvmBackup.Tests.Support;

/// <summary>
/// A text rendering of every public property of a model object (recursively), except the session it came
/// through: two reads of the same host through different transports must render identically.
/// </summary>
public static class MirrorSnapshot
{
    public static string Of(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, int depth)
    {
        switch (value)
        {
            case null: sb.Append("null"); return;
            case string s: sb.Append('"').Append(s).Append('"'); return;
            case IEnumerable e:
                sb.Append('[');
                foreach (var item in e) { Write(sb, item, depth + 1); sb.Append(','); }
                sb.Append(']');
                return;
        }
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is decimal || value is DateTime) { sb.Append(value); return; }
        sb.Append(type.Name).Append('{');
        foreach (var p in type.GetProperties().Where(p => p.Name != "Session" && p.Name != "ReadAt" && p.GetIndexParameters().Length == 0).OrderBy(p => p.Name))
        {
            sb.Append(p.Name).Append('=');
            Write(sb, p.GetValue(value), depth + 1);
            sb.Append(';');
        }
        sb.Append('}');
    }
}
