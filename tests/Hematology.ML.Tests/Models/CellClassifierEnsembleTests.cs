using Hematology.ML.Cells;
using Hematology.ML.Imaging;
using Hematology.ML.Models;

namespace Hematology.ML.Tests.Models;

public class CellClassifierEnsembleTests
{
    private sealed class FixedClassifier(string[] classes, Func<string, float[]?> probabilities) : ICellClassifier
    {
        public bool Disposed { get; private set; }
        public IReadOnlyList<string> Classes => classes;
        public int SourceResolution => 128;

        // Probabilities by the cell's name; a member may still fail on a cell it was given.
        public CellClassification ClassifyImages(IReadOnlyList<(string Source, RgbImage Image)> cells, IProgress<int>? progress = null,
            CancellationToken cancellationToken = default)
        {
            var predictions = cells.Select(c => probabilities(c.Source) is { } v
                ? new CellPrediction(c.Source, classes[Array.IndexOf(v, v.Max())], v.Max(), v) : null).ToArray();
            var skipped = cells.Where(c => probabilities(c.Source) is null).Select(c => new SkippedFile(c.Source, "unreadable")).ToArray();
            return new CellClassification(predictions, skipped);
        }

        public void Dispose() => Disposed = true;
    }

    private static readonly string[] Classes = ["ig", "neutrophil"];

    private static (string, RgbImage) Cell(string name) => (name, new RgbImage(1, 1, [200, 120, 160]));

    [Fact]
    public void Members_that_disagree_are_settled_by_their_average_probability()
    {
        // One member is sure of ig, the other mildly prefers neutrophil: the average says ig.
        using var ensemble = new CellClassifierEnsemble([
            new FixedClassifier(Classes, _ => [0.9f, 0.1f]),
            new FixedClassifier(Classes, _ => [0.4f, 0.6f]),
        ]);
        var prediction = Assert.Single(ensemble.ClassifyImages([Cell("cell.jpg")]).Predictions)!;
        Assert.Equal("ig", prediction.PredictedClass);
        Assert.Equal(0.65f, prediction.Probability, 5);
    }

    [Fact]
    public void A_cell_any_member_cannot_read_is_skipped_once()
    {
        using var ensemble = new CellClassifierEnsemble([
            new FixedClassifier(Classes, p => p == "bad.jpg" ? null : [0.5f, 0.5f]),
            new FixedClassifier(Classes, p => p == "bad.jpg" ? null : [0.2f, 0.8f]),
        ]);
        var result = ensemble.ClassifyImages([Cell("good.jpg"), Cell("bad.jpg")]);
        Assert.NotNull(result.Predictions[0]);
        Assert.Null(result.Predictions[1]);
        Assert.Equal("bad.jpg", Assert.Single(result.Skipped).Path);
    }

    [Fact]
    public void Members_with_other_classes_are_refused()
    {
        var error = Assert.Throws<HematologyException>(() => new CellClassifierEnsemble([
            new FixedClassifier(Classes, _ => [1f, 0f]),
            new FixedClassifier(["lymphocyte", "monocyte"], _ => [1f, 0f]),
        ]));
        Assert.Contains("same classes", error.Message);
    }

    [Fact]
    public void Ensemble_file_names_its_members_relative_to_itself_and_reports_a_missing_one()
    {
        var folder = TestPaths.NewTempFolder();
        File.WriteAllText(Path.Combine(folder, "a.hmlm"), "x");
        File.WriteAllText(Path.Combine(folder, "b.hmlm"), "x");
        var path = Path.Combine(folder, "both.hmle");
        CellClassifierEnsemble.Save(path, [Path.Combine(folder, "a.hmlm"), Path.Combine(folder, "b.hmlm")], [2, 1]);
        Assert.True(CellClassifierEnsemble.IsEnsemble(path));
        Assert.DoesNotContain(folder, File.ReadAllText(path));

        var loaded = new List<string>();
        using (var ensemble = CellClassifierEnsemble.Load(path, p => { loaded.Add(Path.GetFileName(p)); return new FixedClassifier(Classes, _ => [1f, 0f]); }))
            Assert.Equal(2, ensemble.Members.Count);
        Assert.Equal(["a.hmlm", "b.hmlm"], loaded);

        File.Delete(Path.Combine(folder, "b.hmlm"));
        var first = new FixedClassifier(Classes, _ => [1f, 0f]);
        var error = Assert.Throws<HematologyException>(() => CellClassifierEnsemble.Load(path, _ => first));
        Assert.Contains("b.hmlm", error.Message);
        Assert.True(first.Disposed, "members loaded before the failure are released");
    }
}
