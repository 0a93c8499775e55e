using Hematology.ML.Imaging;
using Hematology.ML.Models;

namespace Hematology.ML.Tests.Models;

public class ClassifyImagesTests
{
    private static readonly ModelCatalog Catalog = ModelCatalog.FromDirectory(Path.Combine(TestPaths.RepositoryRoot, "models"));

    [Theory]
    [InlineData("pbc8-fast")]        // a network: scores the pixels
    [InlineData("pbc8-resnet18-tta")] // an ensemble: combines its members' pixel scores
    [InlineData("pbc8-features")]    // a feature model: features of the pixels' working set
    public void Decoded_cells_score_as_their_files_do_and_keep_their_names(string model)
    {
        var files = new[] { "neutrophil", "lymphocyte", "platelet" }.Select(TestPaths.SampleOf).ToArray();
        using var classifier = Catalog.LoadClassifier(model, "cpu");
        var fromFiles = classifier.Classify(files).Predictions;
        var fromPixels = classifier.ClassifyImages(files.Select(f => ($"cell:{Path.GetFileName(f)}", CellImageDecoder.Decode(f))).ToArray()).Predictions;
        for (var i = 0; i < files.Length; i++)
        {
            Assert.Equal($"cell:{Path.GetFileName(files[i])}", fromPixels[i]!.Source);
            Assert.Equal(fromFiles[i]!.PredictedClass, fromPixels[i]!.PredictedClass);
            Assert.Equal(fromFiles[i]!.Probability, fromPixels[i]!.Probability, 3);
        }
    }
}
