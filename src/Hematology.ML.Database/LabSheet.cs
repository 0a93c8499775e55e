using System.Globalization;

namespace Hematology.ML.Database;

/// <summary>How a smear's images were captured.</summary>
public static class ImageOrigin
{
    /// <summary>CellaVision DM96 analyser.</summary>
    public const string CellaVision = "CELLAVISION";
    /// <summary>Camera on a microscope.</summary>
    public const string Microscope = "MICROSCOPE";
}

/// <summary>What a smear's images are for.</summary>
public static class SmearPurpose
{
    /// <summary>Training a model.</summary>
    public const string Training = "training";
    /// <summary>Testing a model.</summary>
    public const string Testing = "testing";
    /// <summary>Proof-of-concept studies.</summary>
    public const string ProofOfConcept = "proof-of-concept";

    /// <summary>All purposes.</summary>
    public static IReadOnlyList<string> All { get; } = [Training, Testing, ProofOfConcept];
}

/// <summary>One usable row of the lab's sheet. The identifiers stay in memory only; the database gets their keyed hashes.</summary>
public sealed record SheetRow(int RowNumber, string HistoryNumber, string RequestNumber, string SmearDate, string Entity, string? Origin, string? Purpose);

/// <summary>A row that was not imported and why (never with the patient's identifiers).</summary>
public sealed record SheetProblem(int RowNumber, string Reason);

/// <summary>
/// The lab's spreadsheet of smears (thesis Fig. 2.2): patient history number, request number, smear
/// date and entity, under English or the thesis's Spanish headers (nhc, peticion, fecha, entidad),
/// optionally image origin and purpose. Rows with a missing or unreadable field are listed in
/// <see cref="Problems"/> with their row number; nothing is dropped silently.
/// </summary>
public sealed class LabSheet
{
    private static readonly string[] PatientHeaders = ["nhc", "patient", "patient-history-number", "history-number", "historia", "patient-id"];
    private static readonly string[] RequestHeaders = ["peticion", "request", "request-number", "petition", "petition-number", "numero-peticion"];
    private static readonly string[] DateHeaders = ["fecha", "date", "smear-date", "fecha-frotis"];
    private static readonly string[] EntityHeaders = ["entidad", "entity", "diagnosis", "diagnostico"];
    private static readonly string[] OriginHeaders = ["origin", "image-origin", "origen"];
    private static readonly string[] PurposeHeaders = ["purpose", "proposito", "finalidad"];
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "dd-MM-yyyy", "d-M-yyyy", "dd.MM.yyyy", "d.M.yyyy", "yyyy/MM/dd"];

    private LabSheet(string fileName, IReadOnlyList<SheetRow> rows, IReadOnlyList<SheetProblem> problems)
    {
        FileName = fileName;
        Rows = rows;
        Problems = problems;
    }

    /// <summary>The sheet's file name (without its folder), for the log.</summary>
    public string FileName { get; }

    /// <summary>Rows with every required field readable.</summary>
    public IReadOnlyList<SheetRow> Rows { get; }

    /// <summary>Rows that were skipped, with the reason.</summary>
    public IReadOnlyList<SheetProblem> Problems { get; }

    /// <summary>Reads a CSV or .xlsx sheet.</summary>
    public static LabSheet Read(string path)
    {
        var table = SheetTable.Read(path);
        var header = table.Header.Select(CellTypeSynonyms.Normalise).ToArray();
        int Column(string[] names, string what, bool required = true)
        {
            var index = Array.FindIndex(header, h => names.Contains(h));
            if (index < 0 && required)
                throw new HematologyException($"Sheet '{path}' has no {what} column (accepted headers: {string.Join(", ", names)}).");
            return index;
        }
        int patient = Column(PatientHeaders, "patient history number"), request = Column(RequestHeaders, "request number"),
            date = Column(DateHeaders, "smear date"), entity = Column(EntityHeaders, "entity"),
            origin = Column(OriginHeaders, "", false), purpose = Column(PurposeHeaders, "", false);

        var rows = new List<SheetRow>();
        var problems = new List<SheetProblem>();
        var firstRowOfRequest = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (number, cells) in table.Rows)
        {
            string Cell(int i) => i >= 0 && i < cells.Count ? cells[i].Trim() : "";
            var missing = new[] { (patient, "patient history number"), (request, "request number"), (date, "smear date"), (entity, "entity") }
                .Where(c => Cell(c.Item1).Length == 0).Select(c => c.Item2).ToArray();
            if (missing.Length > 0) { problems.Add(new(number, $"missing {string.Join(", ", missing)}")); continue; }
            var smearDate = ParseDate(Cell(date));
            if (smearDate is null) { problems.Add(new(number, $"unreadable smear date '{Cell(date)}' (use yyyy-mm-dd or dd/mm/yyyy)")); continue; }
            var originValue = Cell(origin).Length == 0 ? null : ParseOrigin(Cell(origin));
            if (Cell(origin).Length > 0 && originValue is null) { problems.Add(new(number, $"unknown image origin '{Cell(origin)}' (CELLAVISION or MICROSCOPE)")); continue; }
            var purposeValue = Cell(purpose).Length == 0 ? null : ParsePurpose(Cell(purpose));
            if (Cell(purpose).Length > 0 && purposeValue is null) { problems.Add(new(number, $"unknown purpose '{Cell(purpose)}' ({string.Join(", ", SmearPurpose.All)})")); continue; }
            if (firstRowOfRequest.TryGetValue(Cell(request), out var first)) { problems.Add(new(number, $"same request number as row {first}")); continue; }
            firstRowOfRequest[Cell(request)] = number;
            rows.Add(new SheetRow(number, Cell(patient), Cell(request), smearDate.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Cell(entity).ToUpperInvariant(), originValue, purposeValue));
        }
        return new LabSheet(Path.GetFileName(path), rows, problems);
    }

    /// <summary>A date as labs type it (ISO or day first), or an Excel serial day number.</summary>
    public static DateOnly? ParseDate(string text)
    {
        if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        // Excel stores dates as days since 1899-12-30; a cell formatted as a date arrives that way.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2958466)
            return DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime) && text.Contains(':'))
            return DateOnly.FromDateTime(dateTime);
        return null;
    }

    private static string? ParseOrigin(string text) => CellTypeSynonyms.Normalise(text) switch
    {
        "cellavision" or "cella-vision" => ImageOrigin.CellaVision,
        "microscope" or "microscopio" => ImageOrigin.Microscope,
        _ => null,
    };

    private static string? ParsePurpose(string text) => CellTypeSynonyms.Normalise(text) switch
    {
        "training" or "train" or "entrenamiento" => SmearPurpose.Training,
        "testing" or "test" or "prueba" => SmearPurpose.Testing,
        "proof-of-concept" or "poc" or "prueba-de-concepto" => SmearPurpose.ProofOfConcept,
        _ => null,
    };
}
