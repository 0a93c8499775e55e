using System.Text;

namespace Hematology.ML.Database;

/// <summary>
/// CSV as spreadsheets export it: quoted fields with doubled quotes and line breaks, comma or
/// semicolon separators (Spanish Excel writes semicolons), an optional UTF-8 byte-order mark.
/// </summary>
internal static class CsvSheet
{
    public static SheetTable Read(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        var records = Parse(text, separator);
        if (records.Count == 0) throw new HematologyException($"Sheet '{path}' is empty (no header row).");
        var rows = records.Skip(1).Where(r => r.Cells.Any(c => c.Length > 0)).Select(r => (r.Line, (IReadOnlyList<string>)r.Cells)).ToArray();
        return new SheetTable(records[0].Cells, rows);
    }

    private static List<(int Line, List<string> Cells)> Parse(string text, char separator)
    {
        var records = new List<(int, List<string>)>();
        var cells = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var line = 1;
        var recordLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') inQuotes = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"': inQuotes = true; break;
                case '\r': break;
                case '\n':
                    cells.Add(field.ToString().Trim()); field.Clear();
                    records.Add((recordLine, cells)); cells = [];
                    recordLine = ++line;
                    break;
                default:
                    if (c == separator) { cells.Add(field.ToString().Trim()); field.Clear(); }
                    else if (c != '\uFEFF') field.Append(c);
                    break;
            }
        }
        if (field.Length > 0 || cells.Count > 0) { cells.Add(field.ToString().Trim()); records.Add((recordLine, cells)); }
        return records;
    }
}
