using Hematology.ML.Features;
using Hematology.ML.Models;

namespace Hematology.ML.Tests.Features;

public class FeatureCacheSwitchTests
{
    [Fact]
    public void A_cache_given_after_the_first_classification_is_used_from_the_next()
    {
        using var model = (FeatureCellClassifier)ModelCatalog.FromDirectory(Path.Combine(TestPaths.RepositoryRoot, "models")).LoadClassifier("pbc8-features");
        var cell = TestPaths.SampleOf("monocyte");
        var first = model.Classify([cell]).Predictions.Single()!;
        var folder = TestPaths.NewTempFolder();

        ((Cells.ICellClassifier)model).UseFeatureCache(folder);
        var second = model.Classify([cell]).Predictions.Single()!;

        Assert.Equal(first.Probabilities, second.Probabilities);
        // The second call computed its features again under the new cache and stored them there.
        Assert.NotEmpty(Directory.GetFiles(folder, "*.bin"));
    }
}
