using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Hematology.ML.Database;

/// <summary>
/// The first worksheet of an <c>.xlsx</c> workbook as text. Dates typed as dates arrive as Excel
/// serial numbers (days since 1899-12-30), which <see cref="LabSheet"/> understands.
/// </summary>
internal static class XlsxSheet
{
    public static SheetTable Read(string path)
    {
        SpreadsheetDocument document;
        try { document = SpreadsheetDocument.Open(path, false); }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException)
        {
            throw new HematologyException($"Sheet '{path}' is not a readable .xlsx workbook: {e.Message}");
        }
        using (document)
        {
            var workbook = document.WorkbookPart ?? throw new HematologyException($"Sheet '{path}' has no workbook.");
            var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new HematologyException($"Sheet '{path}' has no worksheet.");
            var worksheet = (WorksheetPart)workbook.GetPartById(first.Id!);
            var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToArray() ?? [];
            var rows = new List<(int, IReadOnlyList<string>)>();
            foreach (var row in worksheet.Worksheet.Descendants<Row>())
            {
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = ColumnIndex(cell.CellReference?.Value) ?? cells.Count;
                    while (cells.Count < column) cells.Add("");
                    cells.Add(TextOf(cell, shared).Trim());
                }
                rows.Add(((int)(row.RowIndex?.Value ?? (uint)(rows.Count + 1)), cells));
            }
            if (rows.Count == 0) throw new HematologyException($"Sheet '{path}' is empty (no header row).");
            return new SheetTable(rows[0].Item2, rows.Skip(1).Where(r => r.Item2.Any(c => c.Length > 0)).ToArray());
        }
    }

    private static string TextOf(Cell cell, string[] shared)
    {
        var value = cell.CellValue?.Text ?? cell.InlineString?.InnerText ?? "";
        if (cell.DataType?.Value == CellValues.SharedString && int.TryParse(value, out var index) && index >= 0 && index < shared.Length)
            return shared[index];
        return value;
    }

    // "C7" -> 2: the column letters of a cell reference, zero-based.
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter)) index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        return index - 1;
    }
}
