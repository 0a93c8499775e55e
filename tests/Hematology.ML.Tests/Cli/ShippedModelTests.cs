using System.Text.Json;
using Hematology.ML.Models;

namespace Hematology.ML.Tests.Cli;

/// <summary>The shipped default model, through the real CLI, on the shipped real sample images.</summary>
public class ShippedModelTests
{
    private static ModelManifest DefaultModel() =>
        ModelCatalog.FromDirectory(Path.Combine(TestPaths.RepositoryRoot, "models")).Models.First(m => m.IsDefault);

    [Fact]
    public void Shipped_default_model_has_a_complete_manifest()
    {
        var manifest = DefaultModel();
        Assert.True(manifest.IsCellClassifier, manifest.Kind);
        Assert.True(File.Exists(manifest.ModelPath));
        Assert.Equal(128, manifest.InputSize);
        Assert.Equal(8, manifest.Classes.Count);
        Assert.StartsWith("hemato train", manifest.Command);
        Assert.False(string.IsNullOrEmpty(manifest.DataSplit));
        Assert.False(string.IsNullOrEmpty(manifest.Date));
        Assert.True((double)manifest.Metrics["test_accuracy"]! >= 0.98, "the CNN issue's bar is 98 % on the PBC test split");
        Assert.True((double)manifest.Metrics["val_accuracy"]! > 0, "the default is chosen on the validation split");
    }

    [Fact]
    public void Shipped_screening_thresholds_name_the_shipped_classifier_they_were_calibrated_with()
    {
        // The smear threshold depends on which cells the first stage calls neutrophils: the screen must use that model.
        var catalog = ModelCatalog.FromDirectory(Path.Combine(TestPaths.RepositoryRoot, "models"));
        var (_, manifest) = ML.Screening.DysplasiaModels.Resolve(catalog, null);
        var thresholds = manifest!.Screening!;
        Assert.True(thresholds.Simulated, "the shipped thresholds were calibrated on simulated smears and must say so");
        var classifier = catalog.Models.Single(m => m.Name == thresholds.Classifier);
        Assert.True(classifier.IsCellClassifier, classifier.Kind);
        Assert.True(File.Exists(classifier.ModelPath));
    }

    [Fact]
    public void Screen_first_stage_is_cheap_enough_for_a_200_cell_smear_well_under_2_s_and_keeps_its_accuracy()
    {
        // Issue 6: a 200-cell smear screened in well under 2 s on 2 cores. The arithmetic is what a model cannot
        // negotiate: at the measured matmul peak of the development machine (164 GFLOP/s, benchmarks/README.md)
        // the first stage's network may take at most a quarter of the 2 s for 200 cells: networks reach about half
        // of that peak, and decoding, DysplasiaNet and the stain control need the rest. (The 128-px ResNet-18 needs 1.6 s.)
        var catalog = ModelCatalog.FromDirectory(Path.Combine(TestPaths.RepositoryRoot, "models"));
        var (_, dysplasia) = ML.Screening.DysplasiaModels.Resolve(catalog, null);
        var firstStage = catalog.Models.Single(m => m.Name == dysplasia!.Screening!.Classifier);
        using var model = ML.Networks.NetworkCellClassifier.Load(firstStage.ModelPath!);
        var flops = ML.Performance.NetworkFlops.Count(model.Network, model.Header.InputSize);
        Assert.True(200 * flops.Gflop / 164.3 < 0.5, $"{200 * flops.Gflop:F0} GFLOP for 200 cells");
        Assert.True((double)firstStage.Metrics["test_accuracy"]! >= MinimumFirstStageAccuracy, $"{firstStage.Name}: {firstStage.Metrics["test_accuracy"]}");
    }

    // Above the thesis's best eight-class figure (fine-tuned VGG-16, 96.2 %): speed may not buy a worse screen than the thesis's.
    private const double MinimumFirstStageAccuracy = 0.962;

    [Fact]
    public void Shipped_models_together_stay_under_30_MB()
    {
        var total = Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "models")).Sum(f => new FileInfo(f).Length);
        Assert.True(total < 30 * 1024 * 1024, $"{total / 1048576.0:F1} MiB");
    }

    [Fact]
    public void Evaluate_on_original_full_resolution_sample_matches_the_test_split_accuracy()
    {
        // 160 originals (360x363) from the test split; the model learned from 128-pixel images.
        var output = Path.Combine(TestPaths.NewTempFolder(), "metrics.json");
        var result = HematoProcess.Run("evaluate", "--data", TestPaths.SampleImages, "--output", output, "--cache", "none");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        var root = json.RootElement;
        Assert.Equal(160, root.GetProperty("n_images").GetInt32());
        Assert.Equal(0, root.GetProperty("n_skipped").GetInt32());
        Assert.Equal(8, root.GetProperty("classes").GetArrayLength());
        Assert.Equal(8, root.GetProperty("confusion").GetArrayLength());
        Assert.True(root.GetProperty("per_class").GetProperty("neutrophil").GetProperty("sensitivity").GetDouble() > 0.8);
        // Within noise of the test-split figure: with n = 160 a 95 % interval is about ±3.5 points.
        var testAccuracy = (double)DefaultModel().Metrics["test_accuracy"]!;
        Assert.InRange(root.GetProperty("accuracy").GetDouble(), testAccuracy - 0.06, 1.0);
        Assert.True(File.Exists(Path.ChangeExtension(output, ".html")));
    }

    [Fact]
    public void Classify_json_gives_each_image_a_class_and_the_differential_count()
    {
        var folder = Datasets.CellImageFolderTests.CopyOfSample(1);
        File.WriteAllText(Path.Combine(folder, "neutrophil", "corrupt.jpg"), "garbage");
        var result = HematoProcess.Run("classify", folder, "--json", "--cache", "none");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var predictions = json.RootElement.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.Equal(8, predictions.Length);
        Assert.Equal(1, json.RootElement.GetProperty("n_skipped").GetInt32());
        var correct = predictions.Count(p => Path.GetFileName(Path.GetDirectoryName(p.GetProperty("file").GetString()))
            == p.GetProperty("predicted_class").GetString());
        Assert.True(correct >= 7, $"{correct}/8 correct");
        Assert.Equal(8, json.RootElement.GetProperty("differential").EnumerateObject().Sum(p => p.Value.GetInt32()));
    }

    [Fact]
    public void Models_json_lists_the_shipped_model()
    {
        var result = HematoProcess.Run("models", "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var first = json.RootElement.EnumerateArray().First();
        Assert.Equal(DefaultModel().Name, first.GetProperty("name").GetString());
        Assert.Equal(DefaultModel().Kind, first.GetProperty("kind").GetString());
        Assert.Equal(128, first.GetProperty("input_size").GetInt32());
    }
}
