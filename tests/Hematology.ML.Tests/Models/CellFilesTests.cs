using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Imaging;

namespace Hematology.ML.Tests.Models;

/// <summary>Classification of files is one default over the pixel entry: decode once, score the readable cells together, list the rest.</summary>
public class CellFilesTests
{
    // Records what the pixel entry was given; calls every cell its first class.
    private sealed class RecordingClassifier : ICellClassifier
    {
        public List<IReadOnlyList<(string Source, RgbImage Image)>> Calls { get; } = [];
        public IReadOnlyList<string> Classes { get; } = ["lymphocyte", "monocyte"];
        public int SourceResolution => 64;

        public CellClassification ClassifyImages(IReadOnlyList<(string Source, RgbImage Image)> cells, IProgress<int>? progress = null,
            CancellationToken cancellationToken = default)
        {
            Calls.Add(cells);
            progress?.Report(cells.Count);
            return new CellClassification(cells.Select(c => (CellPrediction?)new CellPrediction(c.Source, "lymphocyte", 0.9f, [0.9f, 0.1f])).ToArray(), []);
        }

        public void Dispose() { }
    }

    private sealed class Recorder : IProgress<int>
    {
        public List<int> Values { get; } = [];
        public void Report(int value) => Values.Add(value);
    }

    [Fact]
    public void Files_are_decoded_to_the_working_set_and_scored_in_one_call_with_the_unreadable_listed_in_place()
    {
        var folder = TestPaths.NewTempFolder();
        var broken = Path.Combine(folder, "broken.jpg");
        File.WriteAllText(broken, "not an image");
        string[] files = [TestPaths.SampleOf("lymphocyte"), broken, TestPaths.SampleOf("monocyte")];
        using var recording = new RecordingClassifier();
        ICellClassifier classifier = recording;
        var progress = new Recorder();

        var result = classifier.Classify(files, progress);

        var call = Assert.Single(recording.Calls);
        Assert.Equal([files[0], files[2]], call.Select(c => c.Source));
        Assert.All(call, c => Assert.Equal((64, 64), (c.Image.Width, c.Image.Height)));
        Assert.Equal(files[0], result.Predictions[0]!.Source);
        Assert.Null(result.Predictions[1]);
        Assert.Equal(files[2], result.Predictions[2]!.Source);
        Assert.Equal(broken, Assert.Single(result.Skipped).Path);
        // Decoding is the first half of the bar, scoring the second; it ends full.
        Assert.Equal(files.Length, progress.Values[^1]);
        Assert.True(progress.Values.SequenceEqual(progress.Values.Order()), string.Join(",", progress.Values));
    }

    [Fact]
    public void The_default_working_set_is_the_recipe_the_models_learned_from_and_leaves_a_working_set_cell_as_it_is()
    {
        using ICellClassifier classifier = new RecordingClassifier();
        var original = CellImageDecoder.Decode(TestPaths.SampleOf("eosinophil"));

        var cell = classifier.ToWorkingSet(original);

        Assert.Equal((64, 64), (cell.Width, cell.Height));
        Assert.Same(cell, classifier.ToWorkingSet(cell));
    }

    [Fact]
    public void A_folder_of_only_unreadable_files_gives_no_prediction_and_lists_them_all()
    {
        var folder = TestPaths.NewTempFolder();
        var files = Enumerable.Range(0, 3).Select(i => Path.Combine(folder, $"bad{i}.png")).ToArray();
        foreach (var f in files) File.WriteAllBytes(f, [0x89, 0x50, 0x4E, 0x47]);
        using ICellClassifier classifier = new RecordingClassifier();

        var result = classifier.Classify(files);

        Assert.All(result.Predictions, Assert.Null);
        Assert.Equal(files, result.Skipped.Select(s => s.Path));
    }
}
