namespace Hematology.ML.Database;

/// <summary>A spreadsheet as rows of text cells, each with its row number as the lab sees it (header = row 1).</summary>
/// <param name="Header">The first row.</param>
/// <param name="Rows">The data rows that are not entirely empty.</param>
internal sealed record SheetTable(IReadOnlyList<string> Header, IReadOnlyList<(int RowNumber, IReadOnlyList<string> Cells)> Rows)
{
    /// <summary>Reads a <c>.xlsx</c> workbook's first sheet, or a CSV file (comma or semicolon separated).</summary>
    public static SheetTable Read(string path)
    {
        if (!File.Exists(path)) throw new HematologyException($"Sheet '{path}' does not exist.");
        var table = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".xlsx" or ".xlsm" => XlsxSheet.Read(path),
            ".xls" => throw new HematologyException($"'{path}' is an old binary Excel file: save it as .xlsx or .csv."),
            _ => CsvSheet.Read(path),
        };
        if (table.Header.All(string.IsNullOrWhiteSpace)) throw new HematologyException($"Sheet '{path}' is empty (no header row).");
        return table;
    }
}
