using Hematology.ML.Database;

namespace Hematology.ML.Tests.Database;

/// <summary>
/// A lab's material for one test: a smears folder built from the shipped real PBC images
/// (<c>&lt;request&gt;/&lt;cell-type folder&gt;/*.jpg</c>), a sheet, a managed store and a secret.
/// </summary>
internal sealed class LabScenario
{
    public const string HistoryHeader = "nhc,peticion,fecha,entidad,purpose";
    private readonly List<string> _sheetLines = [HistoryHeader];

    public LabScenario()
    {
        Root = TestPaths.NewTempFolder();
        Smears = Path.Combine(Root, "smears");
        Store = Path.Combine(Root, "store");
        Directory.CreateDirectory(Smears);
    }

    public string Root { get; }
    public string Smears { get; }
    public string Store { get; }
    public string SheetPath => Path.Combine(Root, "sheet.csv");
    public string LogPath => Path.Combine(Store, "import-log.jsonl");

    public static LabSecret Secret { get; } = LabSecret.FromText("a-test-lab-secret-0123456789", "test");

    /// <summary>The n-th shipped image (ordinal order) of a PBC class.</summary>
    public static string Sample(string pbcClass, int index) =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.SampleImages, pbcClass)).Order(StringComparer.Ordinal).ElementAt(index);

    /// <summary>Adds a smear folder holding copies of the given images, per cell-type folder name.</summary>
    public LabScenario Smear(string request, params (string Folder, string[] Images)[] cellFolders)
    {
        foreach (var (folder, images) in cellFolders)
        {
            var dir = Path.Combine(Smears, request, folder);
            Directory.CreateDirectory(dir);
            foreach (var image in images) File.Copy(image, Path.Combine(dir, Path.GetFileName(image)));
        }
        return this;
    }

    /// <summary>Adds a sheet line (raw CSV fields, so tests can leave fields out).</summary>
    public LabScenario Row(string line)
    {
        _sheetLines.Add(line);
        File.WriteAllLines(SheetPath, _sheetLines);
        return this;
    }

    /// <summary>Three smears of two NORMAL patients and one CLL patient, 2-3 images per cell type.</summary>
    public static LabScenario ThreeSmears() => new LabScenario()
        .Smear("P1001", ("SNE", [Sample("neutrophil", 5), Sample("neutrophil", 6)]), ("lymphocyte", [Sample("lymphocyte", 0), Sample("lymphocyte", 1)]))
        .Smear("P1002", ("Segmented neutrophil", [Sample("neutrophil", 7)]), ("MO", [Sample("monocyte", 0), Sample("monocyte", 1), Sample("monocyte", 2)]))
        .Smear("P1003", ("LY", [Sample("lymphocyte", 2), Sample("lymphocyte", 3)]))
        .Row("HC-0001,P1001,2024-03-01,NORMAL,training")
        .Row("HC-0002,P1002,02/03/2024,NORMAL,testing")
        .Row("HC-0003,P1003,2024-03-05,CLL,training");

    public SmearImporter Importer(CellImageDatabase database, bool move = false) =>
        new(database, Secret, new ImportOptions(Smears, Store, move, LogFile: LogPath));

    public ImportReport Import(CellImageDatabase database) => Importer(database).Import(LabSheet.Read(SheetPath));

    public string[] StoredFiles() => Directory.Exists(Store)
        ? Directory.EnumerateFiles(Store, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".jsonl", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray()
        : [];
}
