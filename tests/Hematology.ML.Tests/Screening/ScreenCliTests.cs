using System.Text.Json;
using Hematology.ML.Tests.Cli;

namespace Hematology.ML.Tests.Screening;

public class ScreenCliTests
{
    private static string SampleSmear => Path.Combine(TestPaths.RepositoryRoot, "samples", "smear-sample");

    [Fact]
    public void Screen_of_the_shipped_sample_smear_writes_the_documented_report()
    {
        var folder = TestPaths.NewTempFolder();
        var json = Path.Combine(folder, "report.json");
        var html = Path.Combine(folder, "report.html");
        var result = HematoProcess.Run("screen", SampleSmear, "--output", json, "--html", html);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.DoesNotContain("warning", result.Error); // README.md and cells.csv of the smear are not cells
        Assert.Contains("SIMULATED TRAINING", result.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var root = report.RootElement;
        Assert.Contains(root.GetProperty("decision").GetString(), new[] { "mds-suspected", "no-mds", "insufficient-neutrophils", "stain-quality-insufficient" });
        Assert.True(root.GetProperty("simulated_training").GetBoolean());
        Assert.Equal(119, root.GetProperty("differential").EnumerateObject().Sum(p => p.Value.GetInt32()));
        var neutrophils = root.GetProperty("neutrophils").EnumerateArray().ToArray();
        Assert.Equal(root.GetProperty("differential").GetProperty("neutrophil").GetInt32(), neutrophils.Length);
        var flagged = neutrophils.Count(n => n.GetProperty("dysplastic").GetBoolean());
        Assert.Equal(flagged / (double)neutrophils.Length, root.GetProperty("dysplastic_fraction").GetDouble(), 3);
        Assert.InRange(root.GetProperty("threshold").GetDouble(), 0, 1);
        var page = File.ReadAllText(html);
        Assert.Contains("SIMULATED TRAINING", page);
        // Each flagged neutrophil is shown with its Grad-CAM overlay beside it.
        Assert.True(flagged > 0, "the sample smear is a simulated MDS smear with hypogranular neutrophils");
        Assert.Equal(flagged, System.Text.RegularExpressions.Regex.Matches(page, "alt=\"Grad-CAM of ").Count);
    }

    [Fact]
    public void Screen_of_an_empty_folder_or_with_a_missing_model_gives_one_line_errors()
    {
        var empty = TestPaths.NewTempFolder();
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "not a cell");
        var result = HematoProcess.Run("screen", empty);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no readable cell images", result.Error);
        Assert.DoesNotContain("   at ", result.Error);

        result = HematoProcess.Run("screen", SampleSmear, "--dysplasia-model", "/no/such/model.hmlm");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void Evaluate_refuses_a_malformed_smear_manifest()
    {
        var set = TestPaths.NewTempFolder();
        File.WriteAllText(Path.Combine(set, "smears.csv"), "smear,diagnosis\ns1,leukaemia\n");
        Directory.CreateDirectory(Path.Combine(set, "s1"));
        var result = HematoProcess.Run("dysplasia", "evaluate", "--smears", set, "--output", Path.Combine(set, "r.json"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("neither mds nor normal", result.Error);
    }
}
