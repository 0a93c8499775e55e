using System.Text.Json;
using Hematology.ML.Adaptation;
using Hematology.ML.Datasets;
using Hematology.ML.Imaging;
using Hematology.ML.Models;
using Hematology.ML.Networks;
using Hematology.ML.Tests.Cli;

namespace Hematology.ML.Tests.Adaptation;

/// <summary>
/// Label-free adaptation to a folder and few-shot adaptation to a lab, on the shipped network and the sample cells made
/// to look like another lab (<see cref="LabShift"/>'s lab-b: a rapid stain at lower magnification).
/// </summary>
public class LabAdaptationTests
{
    private static string ShiftedSample(string family)
    {
        var root = TestPaths.NewTempFolder();
        ShiftedValidationSet.Write(CellImageFolder.Load(TestPaths.SampleImages).Samples, root, perClass: 20);
        return Path.Combine(root, family);
    }

    private static NetworkCellClassifier ShippedNetwork() =>
        NetworkCellClassifier.Load(ModelCatalog.Shipped().ResolvePath("pbc8-resnet18"));

    [Fact]
    public void Adapting_to_a_folder_leaves_the_model_as_it_was_and_does_not_hurt_in_domain_cells()
    {
        var samples = CellImageFolder.Load(TestPaths.SampleImages).Samples;
        var paths = samples.Select(s => s.Path).ToArray();
        using var model = ShippedNetwork();
        var before = model.Classify(paths);
        model.AdaptToInput = true;
        var adapted = model.Classify(paths);
        model.AdaptToInput = false;
        var after = model.Classify(paths);

        Assert.Equal(before.Predictions.Select(p => p!.Probabilities), after.Predictions.Select(p => p!.Probabilities));
        Assert.Equal(1, model.LastAdaptation!.Zoom); // PBC's own red cells: no zoom
        var plain = ShiftEvaluation.Score("in-domain", false, model, samples, before).BalancedAccuracy;
        var own = ShiftEvaluation.Score("in-domain", true, model, samples, adapted).BalancedAccuracy;
        Assert.True(own >= plain - 0.02, $"adapted {own:F3}, plain {plain:F3}");
    }

    [Fact]
    public void Adapting_to_a_lower_magnification_lab_zooms_back_and_recovers_accuracy()
    {
        var folder = CellImageFolder.Load(ShiftedSample("lab-b"));
        var paths = folder.Samples.Select(s => s.Path).ToArray();
        using var model = ShippedNetwork();
        var plain = ShiftEvaluation.Score("lab-b", false, model, folder.Samples, model.Classify(paths)).BalancedAccuracy;
        model.AdaptToInput = true;
        var adapted = ShiftEvaluation.Score("lab-b", true, model, folder.Samples, model.Classify(paths)).BalancedAccuracy;

        Assert.InRange(model.LastAdaptation!.Zoom, 1.3, 1.8); // lab-b shows cells at 0.6-0.7 of PBC's size
        Assert.True(adapted > plain + 0.2, $"adapted {adapted:F3}, plain {plain:F3}");
    }

    [Fact]
    public void Hemato_adapt_writes_a_model_with_its_manifest_that_classify_takes_and_keeps_an_unlabelled_class()
    {
        var lab = ShiftedSample("lab-b");
        var labelled = TestPaths.NewTempFolder();
        var rest = TestPaths.NewTempFolder();
        foreach (var classFolder in Directory.GetDirectories(lab))
        {
            var cellClass = Path.GetFileName(classFolder);
            var files = Directory.GetFiles(classFolder).Order(StringComparer.Ordinal).ToArray();
            // Platelets are left unlabelled: the lab did not label any, and the model must still know them.
            var shots = cellClass == "platelet" ? 0 : 5;
            Directory.CreateDirectory(Path.Combine(labelled, cellClass));
            Directory.CreateDirectory(Path.Combine(rest, cellClass));
            foreach (var f in files.Take(shots)) File.Copy(f, Path.Combine(labelled, cellClass, Path.GetFileName(f)));
            foreach (var f in files.Skip(shots)) File.Copy(f, Path.Combine(rest, cellClass, Path.GetFileName(f)));
        }
        Directory.Delete(Path.Combine(labelled, "platelet"));
        var output = Path.Combine(TestPaths.NewTempFolder(), "lab-b.hmlm");

        var adapt = HematoProcess.Run("adapt", "--model", "pbc8-resnet18", "--data", labelled, "--output", output);

        Assert.True(adapt.ExitCode == 0, adapt.Both);
        Assert.Contains("Cross-validated accuracy on the 35 labelled cells", adapt.Output);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(output, ".json")));
        Assert.Equal(35, manifest.RootElement.GetProperty("metrics").GetProperty("labelled_cells").GetInt32());
        Assert.Contains("pbc8-resnet18", manifest.RootElement.GetProperty("description").GetString());
        Assert.False(string.IsNullOrEmpty(manifest.RootElement.GetProperty("date").GetString()));
        using (var adapted = NetworkCellClassifier.Load(output))
        {
            Assert.Equal("pbc8-resnet18.hmlm", adapted.Header.Training!["adapted_from"]!.ToString());
            Assert.NotNull(adapted.Header.InputZoom);
            // The screen hands decoded cells to the model, classify hands it files: the lab's zoom and colours must
            // apply once on both roads.
            var files = Directory.GetFiles(Path.Combine(rest, "neutrophil")).Order(StringComparer.Ordinal).Take(3).ToArray();
            var byFile = adapted.Classify(files).Predictions.Select(p => p!.Probabilities).ToArray();
            var byPixels = adapted.PredictProbabilities(files.Select(CellImageDecoder.Decode).ToArray());
            for (var i = 0; i < files.Length; i++)
                for (var c = 0; c < byFile[i].Count; c++) Assert.Equal(byFile[i][c], byPixels[i][c], 4);
        }

        var classify = HematoProcess.Run("classify", "--model", output, "--json", rest);
        Assert.True(classify.ExitCode == 0, classify.Both);
        using var json = JsonDocument.Parse(classify.Output);
        var predictions = json.RootElement.GetProperty("predictions").EnumerateArray()
            .Select(p => (Truth: Path.GetFileName(Path.GetDirectoryName(p.GetProperty("file").GetString()))!, Predicted: p.GetProperty("predicted_class").GetString()!)).ToArray();
        var platelets = predictions.Where(p => p.Truth == "platelet").ToArray();
        Assert.True(platelets.Count(p => p.Predicted == "platelet") >= platelets.Length / 2, $"{platelets.Count(p => p.Predicted == "platelet")}/{platelets.Length} platelets");
        Assert.True(predictions.Count(p => p.Truth == p.Predicted) >= 0.7 * predictions.Length, $"{predictions.Count(p => p.Truth == p.Predicted)}/{predictions.Length}");
    }

    [Fact]
    public void Adapt_without_cells_or_with_an_unknown_class_says_what_is_wrong()
    {
        var none = HematoProcess.Run("adapt", "--output", Path.Combine(TestPaths.NewTempFolder(), "x.hmlm"));
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("--data", none.Error);
        var odd = TestPaths.NewTempFolder();
        Directory.CreateDirectory(Path.Combine(odd, "megakaryocyte"));
        File.Copy(TestPaths.SampleOf("platelet"), Path.Combine(odd, "megakaryocyte", "m.jpg"));
        var unknown = HematoProcess.Run("adapt", "--model", "pbc8-resnet18", "--data", odd, "--output", Path.Combine(odd, "x.hmlm"));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("'megakaryocyte'", unknown.Error);
        Assert.DoesNotContain("   at ", unknown.Both);
    }
}
