using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Hematology.ML.Database;

namespace Hematology.ML.Tests.Database;

public class LabSheetTests
{
    [Fact]
    public void Spanish_headers_semicolons_quotes_and_day_first_dates_are_read()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "hoja.csv");
        File.WriteAllText(path, "\uFEFFNHC;Petición;Fecha;Entidad;Origen\n\"HC;1\";P-1;05/11/2023;cll;Microscopio\n\nHC2;P-2;2023-11-06;NORMAL;\n");

        var sheet = LabSheet.Read(path);

        Assert.Empty(sheet.Problems);
        Assert.Equal([2, 4], sheet.Rows.Select(r => r.RowNumber));
        Assert.Equal(new SheetRow(2, "HC;1", "P-1", "2023-11-05", "CLL", ImageOrigin.Microscope, null), sheet.Rows[0]);
        Assert.Equal("2023-11-06", sheet.Rows[1].SmearDate);
    }

    [Fact]
    public void A_sheet_without_a_required_column_names_it()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "sheet.csv");
        File.WriteAllText(path, "nhc,fecha,entidad\nHC1,2023-01-01,NORMAL\n");
        Assert.Contains("no request number column", Assert.Throws<HematologyException>(() => LabSheet.Read(path)).Message);
    }

    [Fact]
    public void Repeated_request_numbers_and_unknown_purposes_are_reported_by_row()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "sheet.csv");
        File.WriteAllText(path, "patient,request,date,entity,purpose\nA,R1,2023-01-01,NORMAL,train\nB,R1,2023-01-02,NORMAL,test\nC,R2,2023-01-02,NORMAL,fun\n");

        var sheet = LabSheet.Read(path);

        Assert.Equal(SmearPurpose.Training, Assert.Single(sheet.Rows).Purpose);
        Assert.Equal(new SheetProblem(3, "same request number as row 2"), sheet.Problems[0]);
        Assert.StartsWith("unknown purpose 'fun'", sheet.Problems[1].Reason);
    }

    [Fact]
    public void Xlsx_sheets_are_read_with_dates_typed_as_dates()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "sheet.xlsx");
        WriteXlsx(path, [["nhc", "peticion", "fecha", "entidad"], ["HC1", "P-10", 45231.0, "MDS"], ["HC2", "P-11", "", "NORMAL"]]);

        var sheet = LabSheet.Read(path);

        var row = Assert.Single(sheet.Rows);
        Assert.Equal(("P-10", "2023-11-01", "MDS"), (row.RequestNumber, row.SmearDate, row.Entity));
        Assert.Equal(new SheetProblem(3, "missing smear date"), Assert.Single(sheet.Problems));
    }

    [Theory]
    [InlineData("2024-02-29", "2024-02-29")]
    [InlineData("1/2/2024", "2024-02-01")]
    [InlineData("01.02.2024", "2024-02-01")]
    [InlineData("45292", "2024-01-01")]
    [InlineData("2024-13-01", null)]
    [InlineData("yesterday", null)]
    public void Dates_are_iso_or_day_first_or_excel_serials(string text, string? expected) =>
        Assert.Equal(expected, LabSheet.ParseDate(text)?.ToString("yyyy-MM-dd"));

    internal static void WriteXlsx(string path, object[][] rows)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var worksheet = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        for (var r = 0; r < rows.Length; r++)
        {
            var row = new Row { RowIndex = (uint)(r + 1) };
            for (var c = 0; c < rows[r].Length; c++)
            {
                var reference = $"{(char)('A' + c)}{r + 1}";
                row.Append(rows[r][c] is double number
                    ? new Cell { CellReference = reference, CellValue = new CellValue(number), DataType = CellValues.Number }
                    : new Cell { CellReference = reference, InlineString = new InlineString(new Text((string)rows[r][c])), DataType = CellValues.InlineString });
            }
            data.Append(row);
        }
        worksheet.Worksheet = new Worksheet(data);
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(worksheet), SheetId = 1, Name = "Smears" }));
    }
}
