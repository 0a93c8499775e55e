using System.Diagnostics;
using System.Text.Json;
using Hematology.ML.Tests.Cli;

namespace Hematology.ML.Tests.Database;

/// <summary>
/// The walkthrough of docs/database.md with the real <c>hemato</c> executable: shipped sample images
/// and sample sheet, import, queries, select, train, evaluate (two classes, to stay quick).
/// </summary>
public class DbCliTests
{
    private readonly string _root = TestPaths.NewTempFolder();
    private readonly Dictionary<string, string> _environment;

    public DbCliTests() => _environment = new()
    {
        ["HEMATOLOGY_ML_DATA"] = Path.Combine(_root, "data"),
        ["HEMATOLOGY_ML_CACHE"] = Path.Combine(_root, "cache"),
        ["HEMATOLOGY_ML_LAB_SECRET"] = "",
        ["HEMATOLOGY_ML_LAB_SECRET_FILE"] = "",
    };

    private DotnetProcess.Result Hemato(params string[] arguments) => HematoProcess.RunWith(_environment, arguments);

    private string MakeSampleSmears()
    {
        var smears = Path.Combine(_root, "smears");
        using var script = Process.Start(new ProcessStartInfo("bash", [Path.Combine(TestPaths.RepositoryRoot, "samples", "make-sample-smears.sh"), smears]) { RedirectStandardError = true })!;
        script.WaitForExit();
        Assert.Equal(0, script.ExitCode);
        return smears;
    }

    [Fact]
    public void Sample_sheet_to_trained_and_evaluated_model_with_commands_only()
    {
        var smears = MakeSampleSmears();
        var sheet = Path.Combine(TestPaths.RepositoryRoot, "samples", "sample-sheet.csv");

        var noSecret = Hemato("db", "import", "--sheet", sheet, "--smears", smears);
        Assert.Equal(1, noSecret.ExitCode);
        Assert.Contains("No lab secret", noSecret.Error);
        Assert.Equal(0, Hemato("db", "secret", "init").ExitCode);

        var import = Hemato("db", "import", "--sheet", sheet, "--smears", smears, "--json");
        Assert.Equal(0, import.ExitCode);
        using (var report = JsonDocument.Parse(import.Output))
        {
            Assert.Equal(8, report.RootElement.GetProperty("imported").GetInt32());
            Assert.Equal(160, report.RootElement.GetProperty("images_stored").GetInt32());
        }
        Assert.Contains("0 smears imported (0 images), 8 already there", Hemato("db", "import", "--sheet", sheet, "--smears", smears).Output);
        Assert.Equal("{\"count\":7}", Hemato("db", "query", "patients", "--entity", "NORMAL", "--json").Output.Trim());
        Assert.Equal("{\"count\":20}", Hemato("db", "query", "images", "--entity", "NORMAL", "--cell", "LY", "--json").Output.Trim());
        using (var sets = JsonDocument.Parse(Hemato("db", "query", "sets", "--entity", "NORMAL", "--cell", "monocyte", "--json").Output))
            Assert.Equal(8, sets.RootElement.GetArrayLength());
        using (var perPatient = JsonDocument.Parse(Hemato("db", "query", "smears-per-patient", "--entity", "NORMAL", "--json").Output))
            Assert.Equal(2, perPatient.RootElement[0].GetProperty("smears").GetInt32()); // DEMO-HC-0001 has two smears

        var dataset = Path.Combine(_root, "dataset");
        var select = Hemato("db", "select", "--entity", "NORMAL", "--cell-types", "lymphocyte,monocyte", "--purpose", "training", "testing", "--output", dataset);
        Assert.Equal(0, select.ExitCode);
        Assert.Contains("40 images written", select.Output);
        var split = Path.Combine(dataset, "split.csv");
        var model = Path.Combine(_root, "m.hmlm");
        var labels = Path.Combine(_root, "two-classes.json");
        File.WriteAllText(labels, """{"name": "ly-mo", "groups": {"lymphocyte": "lymphocyte", "monocyte": "monocyte"}}""");
        var train = Hemato("train", "features", "--data", dataset, "--split", split, "--classifier", "maxent", "--labels", labels, "--output", model);
        Assert.True(train.ExitCode == 0, train.Error);
        var metrics = Path.Combine(_root, "metrics.json");
        var evaluate = Hemato("evaluate", "--model", model, "--data", dataset, "--split", split, "--subset", "test", "--output", metrics);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(metrics));
        Assert.Equal(8, json.RootElement.GetProperty("n_images").GetInt32()); // 2 classes x smears 7 and 8 (testing) x 2 images
        Assert.True(json.RootElement.GetProperty("accuracy").GetDouble() >= 0.75);
    }

    [Fact]
    public void Pbc_registers_once_and_its_images_are_queried_and_selected_with_their_split()
    {
        var split = Path.Combine(_root, "pbc-split.csv");
        File.WriteAllLines(split, ["file,class,subtype,split", .. Directory.EnumerateFiles(TestPaths.SampleImages, "*.jpg", SearchOption.AllDirectories)
            .Select(f => (Name: Path.GetFileName(f), Class: Path.GetFileName(Path.GetDirectoryName(f))!))
            .Select((f, i) => $"{f.Name},{f.Class},,{(i % 4 == 0 ? "test" : "train")}")]);

        Assert.Contains("Registered 160 PBC images", Hemato("db", "register-pbc", TestPaths.SampleImages, "--split", split).Output);
        Assert.Contains("already registered", Hemato("db", "register-pbc", TestPaths.SampleImages, "--split", split).Output);
        Assert.Equal("{\"count\":1}", Hemato("db", "query", "patients", "--entity", "NORMAL", "--json").Output.Trim());

        var select = Hemato("db", "select", "--cell-types", "platelet", "--output", Path.Combine(_root, "platelets"), "--json");
        Assert.Equal(0, select.ExitCode);
        using var json = JsonDocument.Parse(select.Output);
        Assert.Equal(20, json.RootElement.GetProperty("images").GetInt32());
        Assert.Equal(5, json.RootElement.GetProperty("subsets").GetProperty("test").GetInt32());
    }

    [Fact]
    public void Database_errors_are_one_line_without_identifiers_or_stack_traces()
    {
        var unknownEntity = Hemato("db", "query", "patients", "--entity", "NOPE");
        Assert.Equal(1, unknownEntity.ExitCode);
        Assert.StartsWith("error: Unknown entity 'NOPE'", unknownEntity.Error);

        var badServer = Hemato("db", "query", "patients", "--entity", "NORMAL", "--db", "mysql:Server=127.0.0.1;Port=1;User ID=u;Password=hunter2;Database=x;Connection Timeout=2");
        Assert.Equal(1, badServer.ExitCode);
        Assert.StartsWith("error: Cannot open the cell-image database (MariaDB/MySQL 127.0.0.1:1/x)", badServer.Error);
        Assert.DoesNotContain("hunter2", badServer.Error);
        Assert.DoesNotContain("   at ", badServer.Error);

        var sheet = Path.Combine(_root, "sheet.csv");
        File.WriteAllText(sheet, "nhc,peticion,fecha,entidad\nSECRET-HC-77,SECRET-REQ-77,2024-01-01,NORMAL\n");
        Directory.CreateDirectory(Path.Combine(_root, "smears"));
        _environment["HEMATOLOGY_ML_LAB_SECRET"] = "a-secret-long-enough-for-tests";
        var missingFolder = Hemato("db", "import", "--sheet", sheet, "--smears", Path.Combine(_root, "smears"));
        Assert.Equal(1, missingFolder.ExitCode);
        Assert.Contains("row 2: skipped: no smear folder for this request number", missingFolder.Error);
        Assert.DoesNotContain("SECRET-", missingFolder.Error + missingFolder.Output);
    }
}
