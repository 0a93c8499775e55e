using Hematology.ML.Adaptation;
using Hematology.ML.Datasets;
using Hematology.ML.Models;
using Hematology.ML.Screening;

namespace Hematology.ML.Tests.Screening;

public class MdsScreeningPipelineTests
{
    [Theory]
    [InlineData("pbc8-resnet18")] // a network: takes the cells the screen decoded
    [InlineData("pbc8-features")] // a feature model: features of the same pixels
    public void Every_readable_cell_is_classified_once_and_an_unreadable_file_is_listed_once(string firstStage)
    {
        var folder = Datasets.CellImageFolderTests.CopyOfSample(2);
        File.WriteAllText(Path.Combine(folder, "neutrophil", "corrupt.jpg"), "not a picture");
        var catalog = ModelCatalog.FromDirectory(Path.Combine(TestPaths.RepositoryRoot, "models"));
        var (dysplasiaPath, manifest) = DysplasiaModels.Resolve(catalog, null);
        using var classifier = catalog.LoadClassifier(firstStage);
        using var scorer = DysplasiaScorer.Load(dysplasiaPath);

        var result = new MdsScreeningPipeline(classifier, scorer, manifest!.Screening!, simulatedTraining: true).Screen(folder);

        Assert.Equal(16, result.Cells);
        Assert.Equal(16, result.ClassifiedCells.Select(c => c.File).Distinct().Count());
        Assert.Equal("corrupt.jpg", Path.GetFileName(Assert.Single(result.Skipped).Path));
        Assert.Equal(result.Differential["neutrophil"], result.Neutrophils.Count);
        Assert.True(result.ClassifiedCells.Count(c => Path.GetFileName(Path.GetDirectoryName(c.File)) == c.MostLikely) >= 13,
            "the sample cells are real PBC test-split cells: nearly all should be recognised");
        Assert.All(result.Neutrophils, n => Assert.InRange(n.Score, 0, 1));
    }

    [Fact]
    public void A_smear_from_another_lab_carries_the_warning_in_its_decision_and_reports_and_a_pbc_smear_does_not()
    {
        var root = TestPaths.NewTempFolder();
        ShiftedValidationSet.Write(CellImageFolder.Load(TestPaths.SampleImages).Samples, root, perClass: 20);
        var catalog = ModelCatalog.FromDirectory(Path.Combine(TestPaths.RepositoryRoot, "models"));
        var (dysplasiaPath, manifest) = DysplasiaModels.Resolve(catalog, null);
        using var classifier = catalog.LoadClassifier("pbc8-resnet18");
        using var scorer = DysplasiaScorer.Load(dysplasiaPath);
        var pipeline = new MdsScreeningPipeline(classifier, scorer, manifest!.Screening!, simulatedTraining: true);

        var pbc = pipeline.Screen(Path.Combine(root, "in-domain"));
        var other = pipeline.Screen(Path.Combine(root, "lab-b"));

        Assert.False(pbc.Domain!.UnlikeTrainingLab, string.Join("; ", pbc.Domain.Differences));
        Assert.Null(ScreeningReport.ToJson(pbc)["decision_warning"]);
        Assert.Contains(other.Domain!.Differences, d => d.Contains("magnification"));
        Assert.Contains("hemato adapt", (string)ScreeningReport.ToJson(other)["decision_warning"]!);
        Assert.Contains("Unlike the training lab", ScreeningReport.ToHtml(other));
        Assert.DoesNotContain("Unlike the training lab", ScreeningReport.ToHtml(pbc));
    }

    [Fact]
    public void The_report_and_grad_cam_of_flagged_cells_come_from_the_pixels_the_screen_decoded_not_from_the_files_again()
    {
        var folder = TestPaths.NewTempFolder();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "samples", "smear-sample"), "*.jpg"))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        var catalog = ModelCatalog.FromDirectory(Path.Combine(TestPaths.RepositoryRoot, "models"));
        var (dysplasiaPath, manifest) = DysplasiaModels.Resolve(catalog, null);
        using var classifier = catalog.LoadClassifier("pbc8-fast");
        using var scorer = DysplasiaScorer.Load(dysplasiaPath);
        var pipeline = new MdsScreeningPipeline(classifier, scorer, manifest!.Screening!, simulatedTraining: true);

        var result = pipeline.Screen(folder);
        // The cells are gone from disk before the report is drawn.
        Directory.Delete(folder, recursive: true);
        var overlays = pipeline.ExplainFlagged(result);
        var html = ScreeningReport.ToHtml(result, overlays);

        Assert.True(result.DysplasticNeutrophils > 0, "the shipped sample smear (SIMULATED) has flagged cells");
        Assert.Equal(result.DysplasticNeutrophils, overlays.Count);
        Assert.Equal(result.DysplasticNeutrophils, System.Text.RegularExpressions.Regex.Matches(html, "<img src=\"data:image/jpeg;base64,").Count);
    }
}
