using System.Text.Json;
using Hematology.ML.Cells;
using Hematology.ML.Models;

namespace Hematology.ML.Tests.Cli;

/// <summary>The shipped 11-class model: its manifest, and the left shift that classify reports with it.</summary>
public class FineModelCliTests
{
    [Fact]
    public void The_shipped_fine_model_has_the_eleven_classes_and_test_metrics_in_its_manifest()
    {
        var manifest = ModelCatalog.FromDirectory(Path.Combine(TestPaths.RepositoryRoot, "models")).Models.Single(m => m.Classes.Contains("neutrophil_band"));

        Assert.Equal(PbcFineClass.All, manifest.Classes);
        Assert.False(manifest.IsDefault);
        Assert.Contains("--labels pbc11", manifest.Command);
        Assert.True((double)manifest.Metrics["test_balanced_accuracy"]! >= 0.88, "issue 20's bar over the 11 classes");
        Assert.True(File.Exists(Path.Combine(TestPaths.RepositoryRoot, "benchmarks", "results", "pbc11-fast-test.json")), "the confusion matrix of the test figure");
    }

    [Fact]
    public void Classify_with_the_fine_model_splits_the_sample_band_neutrophils_and_reports_the_left_shift()
    {
        var run = HematoProcess.Run("classify", Path.Combine(TestPaths.SampleImages, "neutrophil"), "--model", "pbc11-fast", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var differential = json.RootElement.GetProperty("differential");
        // The 20 sample neutrophils are real PBC test-split band neutrophils (BNE_).
        Assert.True(differential.GetProperty("neutrophil_band").GetInt32() >= 10, run.Output);
        Assert.False(differential.TryGetProperty("neutrophil", out _));
        var shift = json.RootElement.GetProperty("left_shift");
        Assert.True(shift.GetProperty("band_percent").GetDouble() >= 50, run.Output);
        Assert.Equal(0, shift.GetProperty("immature_granulocyte_percent").GetDouble());
    }
}
