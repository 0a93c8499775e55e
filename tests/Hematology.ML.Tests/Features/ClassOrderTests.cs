using Hematology.ML.Features.Classifiers;

namespace Hematology.ML.Tests.Features;

public class ClassOrderTests
{
    [Theory]
    [InlineData(FeatureClassifierCatalog.MaximumEntropy)]
    [InlineData(FeatureClassifierCatalog.LinearSvm)]
    [InlineData(FeatureClassifierCatalog.RbfSvm)]
    public void Probabilities_are_in_class_index_order(string classifier)
    {
        // Three well-separated clusters along x: cluster c must get its highest score in slot c.
        // (ML.NET key columns once shifted every score one slot; this pins the mapping.)
        var random = new Random(1);
        var rows = new List<float[]>();
        var labels = new List<int>();
        for (var i = 0; i < 300; i++)
        {
            var c = i % 3;
            rows.Add([c * 5 + (float)random.NextDouble(), (float)random.NextDouble()]);
            labels.Add(c);
        }
        var model = FeatureClassifierCatalog.Create(classifier, 2).Fit(rows.ToArray(), labels.ToArray(), 3);
        var probabilities = model.PredictProbabilities([[0.5f, 0.5f], [5.5f, 0.5f], [10.5f, 0.5f]]);
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(c, Array.IndexOf(probabilities[c], probabilities[c].Max()));
            Assert.Equal(1f, probabilities[c].Sum(), 3);
        }
    }
}
