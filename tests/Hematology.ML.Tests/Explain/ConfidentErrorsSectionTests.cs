using System.Text.RegularExpressions;
using Hematology.ML.Cells;
using Hematology.ML.Evaluation;
using Hematology.ML.Explain;
using Hematology.ML.Networks;

namespace Hematology.ML.Tests.Explain;

public class ConfidentErrorsSectionTests
{
    // A model with no network inside, as the feature/SVM model: the section must not need one.
    private sealed class NotANetwork : ICellClassifier
    {
        public IReadOnlyList<string> Classes { get; } = ["ig", "monocyte"];
        public int SourceResolution => 128;
        public CellClassification ClassifyImages(IReadOnlyList<(string Source, ML.Imaging.RgbImage Image)> cells, IProgress<int>? progress = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException("the section never classifies");
        public void Dispose() { }
    }

    private static ConfusionCellErrors Cell(string truth, string predicted, int count, params (string File, double P)[] errors) =>
        new(truth, predicted, count, errors.Select(e => new ConfidentError(truth, predicted, e.File, e.P)).ToArray());

    private static ConfusionCellErrors MonocytesCalledIg() =>
        Cell("monocyte", "ig", 5, (TestPaths.SampleOf("monocyte"), 0.93), (Directory.EnumerateFiles(Path.Combine(TestPaths.SampleImages, "monocyte")).Order(StringComparer.Ordinal).ElementAt(1), 0.61));

    private static int Pngs(string html) => Regex.Matches(html, "src=\"data:image/png;base64,").Count;

    [Fact]
    public void Without_a_network_the_errors_are_listed_with_thumbnails_and_a_sentence_saying_why_there_is_no_grad_cam()
    {
        using var model = new NotANetwork();
        var html = ConfidentErrorsSection.Build([MonocytesCalledIg()], model, "pbc8-features").HtmlFragment!;

        Assert.Contains("Grad-CAM is available only for network models", html);
        Assert.Contains("true monocyte, predicted ig (p = 0.93)", html);
        Assert.Contains("true monocyte, predicted ig: 5 images (2 most confident shown)", html);
        Assert.Equal(2, Pngs(html));
        Assert.DoesNotContain("Grad-CAM for", html);
        // Folders may carry patient identifiers: the file name only.
        Assert.Contains($"<code>{Path.GetFileName(TestPaths.SampleOf("monocyte"))}</code>", html);
        Assert.DoesNotContain(TestPaths.SampleImages, html);
        Assert.DoesNotContain("pbc-sample", html);
    }

    [Fact]
    public void With_the_shipped_network_each_error_has_grad_cam_for_the_predicted_and_the_true_class()
    {
        using var model = NetworkCellClassifier.Load(Path.Combine(TestPaths.RepositoryRoot, "models", "pbc8-resnet18.hmlm"));
        var progress = new List<int>();
        var html = ConfidentErrorsSection.Build([MonocytesCalledIg()], model, "pbc8-resnet18", progress: new SynchronousProgress(progress.Add)).HtmlFragment!;

        Assert.Equal(2, Regex.Matches(html, "alt=\"Grad-CAM for ig of [^\"]+\" src=\"data:image/png;base64,").Count);
        Assert.Equal(2, Regex.Matches(html, "alt=\"Grad-CAM for monocyte of [^\"]+\" src=\"data:image/png;base64,").Count);
        Assert.Equal(6, Pngs(html));
        Assert.DoesNotContain("available only for network models", html);
        Assert.Equal(2, progress[^1]);
    }

    [Fact]
    public void Confusions_beyond_the_maximum_are_counted_rather_than_drawn()
    {
        using var model = new NotANetwork();
        var cells = new[] { MonocytesCalledIg(), Cell("ig", "monocyte", 2, (TestPaths.SampleOf("ig"), 0.7)), Cell("monocyte", "basophil", 1, (TestPaths.SampleOf("monocyte"), 0.5)) };
        var html = ConfidentErrorsSection.Build(cells, model, "m", maxCells: 1).HtmlFragment!;

        Assert.Single(Regex.Matches(html, "<h3>"));
        Assert.Contains("2 further confusions (3 images) are not shown.", html);
        Assert.Equal(2, ConfidentErrorsSection.PicturedErrors(cells, 1));
    }

    [Fact]
    public void A_file_gone_since_the_evaluation_is_listed_without_pictures_or_its_folder()
    {
        using var model = new NotANetwork();
        var gone = Path.Combine(TestPaths.NewTempFolder(), "patient-0042", "MO_1.jpg");
        var html = ConfidentErrorsSection.Build([Cell("monocyte", "ig", 1, (gone, 0.8))], model, "m").HtmlFragment!;

        Assert.Contains("<code>MO_1.jpg</code>", html);
        Assert.Contains("could not be read again", html);
        Assert.Equal(0, Pngs(html));
        Assert.DoesNotContain("patient-0042", html);
    }

    [Fact]
    public void No_errors_gives_a_sentence_instead_of_pictures()
    {
        using var model = new NotANetwork();
        var section = ConfidentErrorsSection.Build([], model, "m");
        Assert.Equal(ConfidentErrorsSection.Title, section.Title);
        Assert.Contains("No errors", section.HtmlFragment);
    }

    [Theory]
    [InlineData(0.93, "p = 0.93")]
    [InlineData(0.4449, "p = 0.44")]
    [InlineData(0.9996, "p = 0.999")] // not "1.00": the model was not certain
    [InlineData(1.0, "p = 1.000")]
    public void Caption_names_true_and_predicted_class_and_the_probability(double p, string expected) =>
        Assert.Equal($"true ig, predicted monocyte ({expected})", ConfidentErrorsSection.Caption(new ConfidentError("ig", "monocyte", "x.jpg", p)));

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
