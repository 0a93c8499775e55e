using System.Text.Json;
using Hematology.ML.Imaging;
using Hematology.ML.Tests.Cli;

namespace Hematology.ML.Tests.Explain;

public class ExplainCliTests
{
    private static string Sample(string cellClass, int index = 0) =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.SampleImages, cellClass)).Order(StringComparer.Ordinal).ElementAt(index);

    private static string CellsWithACorruptOne()
    {
        var folder = TestPaths.NewTempFolder();
        File.Copy(Sample("monocyte"), Path.Combine(folder, "a-monocyte.jpg"));
        File.Copy(Sample("basophil"), Path.Combine(folder, "c-basophil.jpg"));
        var bytes = File.ReadAllBytes(Sample("ig"));
        File.WriteAllBytes(Path.Combine(folder, "b-broken.jpg"), bytes[..(bytes.Length / 3)]);
        return folder;
    }

    [Fact]
    public void Gradcam_reports_a_corrupt_image_and_explains_the_others()
    {
        var output = TestPaths.NewTempFolder();
        var result = HematoProcess.Run("explain", "gradcam", CellsWithACorruptOne(), "--output", output, "--size", "128");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("b-broken.jpg", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.Equal(["001-a-monocyte-gradcam.png", "002-c-basophil-gradcam.png"], Directory.EnumerateFiles(output, "*.png").Select(Path.GetFileName).Order());
        var page = File.ReadAllText(Path.Combine(output, "index.html"));
        Assert.Contains("layer4.2", page);
        Assert.Contains("src=\"002-c-basophil-gradcam.png\"", page);
        Assert.Equal(128 + 16, CellImageDecoder.Decode(Path.Combine(output, "001-a-monocyte-gradcam.png")).Width); // cell + colour bar
    }

    [Fact]
    public void Featuremaps_put_the_fine_tuned_network_beside_its_imagenet_weights()
    {
        var output = TestPaths.NewTempFolder();
        var result = HematoProcess.Run("explain", "featuremaps", Sample("eosinophil"), "--model", "pbc8-resnet18", "--layer", "layer1.1", "--channels", "0,3,7", "--output", output);
        Assert.True(result.ExitCode == 0, result.Error);
        var grid = CellImageDecoder.Decode(Directory.EnumerateFiles(output, "*-featuremaps.png").Single());
        Assert.Equal((4 * 96 + 3 * 4, 2 * 96 + 4), (grid.Width, grid.Height)); // the cell + 3 channels, two rows
        Assert.Contains("with ImageNet weights", File.ReadAllText(Path.Combine(output, "index.html")));

        var bad = HematoProcess.Run("explain", "featuremaps", Sample("eosinophil"), "--layer", "nope", "--output", output);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("layer4.2", bad.Error); // the choices are listed
    }

    [Fact]
    public void Tsne_of_the_sample_cells_separates_classes_better_with_learned_features_than_pixels()
    {
        var output = TestPaths.NewTempFolder();
        var results = Path.Combine(output, "results.json");
        var result = HematoProcess.Run("explain", "tsne", TestPaths.SampleImages, "--model", "pbc8-resnet18", "--perplexity", "15", "--iterations", "500",
            "--output", output, "--results", results);
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(results));
        var root = json.RootElement;
        Assert.Equal(160, root.GetProperty("cells").GetInt32());
        var pixels = root.GetProperty("raw_pixels_32px").GetProperty("knn_accuracy_2d").GetDouble();
        var learned = root.GetProperty("learned_features").GetProperty("knn_accuracy_2d").GetDouble();
        Assert.True(learned > pixels + 0.2, $"learned features {learned:P1} vs raw pixels {pixels:P1}");
        Assert.True(learned > 0.9, $"learned features only {learned:P1}");
        Assert.True(File.Exists(Path.Combine(output, "tsne-learned-features.png")));
        Assert.True(File.Exists(Path.Combine(output, "tsne-raw-pixels.png")));
    }

    [Fact]
    public void A_model_that_is_not_a_network_is_refused_in_one_line()
    {
        var result = HematoProcess.Run("explain", "gradcam", Sample("neutrophil"), "--model", "pbc8-features", "--output", TestPaths.NewTempFolder());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not one convolutional network", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }
}
