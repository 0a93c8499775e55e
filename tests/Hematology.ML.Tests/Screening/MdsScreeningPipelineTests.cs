using Hematology.ML.Models;
using Hematology.ML.Screening;

namespace Hematology.ML.Tests.Screening;

public class MdsScreeningPipelineTests
{
    [Theory]
    [InlineData("pbc8-resnet18")] // a network: takes the cells the screen decoded
    [InlineData("pbc8-features")] // a feature model: reads the files itself
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
}
