using System.Management.Automation;
using System.Text;
using System.Xml.Linq;

namespace SvmBackup.Examples;

/// <summary>
/// Prints objects the way pwsh's default table view would, from the TableControl views of the module's
/// Format.ps1xml: consecutive objects of one type share a table. Other objects are printed as lists.
/// </summary>
internal sealed class TableRenderer
{
    private readonly Dictionary<string, (string[] Labels, Func<PSObject, string>[] Cells)> _views = new();
    private readonly Dictionary<string, (string[] Labels, Func<PSObject, string>[] Cells)> _lists = new();
    private readonly List<PSObject> _pending = new();
    private string? _pendingType;

    public TableRenderer(string formatFile)
    {
        if (!File.Exists(formatFile)) return;
        foreach (var view in XDocument.Load(formatFile).Descendants("View"))
        {
            var table = view.Element("TableControl");
            var type = view.Element("ViewSelectedBy")?.Element("TypeName")?.Value;
            var list = view.Element("ListControl");
            if (list != null && type != null && !_lists.ContainsKey(type))
            {
                var items = list.Descendants("ListItem").ToArray();
                _lists[type] = (items.Select(i => i.Element("Label")?.Value ?? i.Element("PropertyName")?.Value ?? "").ToArray(), items.Select(Cell).ToArray());
            }
            if (table == null || type == null) continue;
            var labels = table.Descendants("TableColumnHeader").Select(h => h.Element("Label")?.Value ?? "").ToArray();
            var cells = table.Descendants("TableColumnItem").Select(Cell).ToArray();
            _views[type] = (labels, cells);
        }
    }

    private static Func<PSObject, string> Cell(XElement item)
    {
        var prop = item.Element("PropertyName")?.Value;
        if (prop != null) return o => Text(o.Properties[prop]?.Value);
        var block = ScriptBlock.Create(item.Element("ScriptBlock")?.Value ?? "");
        return o => string.Join(" ", block.InvokeWithContext(null, new List<PSVariable> { new("_", o) }).Select(r => Text(r)));
    }

    private static string Text(object? v) => v switch
    {
        null => "",
        PSObject p => p.ToString(),
        bool b => b ? "True" : "False",
        System.Collections.IEnumerable e when v is not string => string.Join(", ", e.Cast<object?>().Select(Text)),
        _ => v.ToString() ?? "",
    };

    public void Add(PSObject o)
    {
        var type = o.BaseObject.GetType().FullName ?? "";
        if (type != _pendingType) Flush();
        _pendingType = type;
        _pending.Add(o);
    }

    public void Flush()
    {
        if (_pending.Count == 0) return;
        if (_pendingType != null && _views.TryGetValue(_pendingType, out var view)) PrintTable(view.Labels, view.Cells);
        else if (_pendingType != null && _lists.TryGetValue(_pendingType, out var list)) foreach (var o in _pending) PrintListView(o, list.Labels, list.Cells);
        else foreach (var o in _pending) PrintList(o);
        _pending.Clear();
        _pendingType = null;
    }

    private void PrintTable(string[] labels, Func<PSObject, string>[] cells)
    {
        var rows = _pending.Select(o => cells.Select(c => c(o)).ToArray()).ToList();
        var widths = labels.Select((l, i) => Math.Max(l.Length, rows.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder("\n");
        sb.AppendLine(string.Join(" ", labels.Select((l, i) => l.PadRight(widths[i]))).TrimEnd());
        sb.AppendLine(string.Join(" ", labels.Select((l, i) => new string('-', Math.Max(l.Length, 1)).PadRight(widths[i]))).TrimEnd());
        foreach (var r in rows) sb.AppendLine(string.Join(" ", r.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        Console.Write(sb.ToString());
    }

    private static void PrintListView(PSObject o, string[] labels, Func<PSObject, string>[] cells)
    {
        Console.WriteLine();
        var w = labels.Max(l => l.Length);
        for (var i = 0; i < labels.Length; i++) Console.WriteLine(labels[i].PadRight(w) + " : " + cells[i](o).Replace("\n", "\n" + new string(' ', w + 3)));
    }

    private static void PrintList(PSObject o)
    {
        if (o.BaseObject is string or ValueType) { Console.WriteLine(o.ToString()); return; }
        Console.WriteLine();
        var props = o.Properties.ToList();
        var w = props.Count == 0 ? 0 : props.Max(p => p.Name.Length);
        foreach (var p in props)
        {
            string value;
            try { value = Text(p.Value); } catch (GetValueException) { value = ""; }
            Console.WriteLine(p.Name.PadRight(w) + " : " + value);
        }
    }
}
