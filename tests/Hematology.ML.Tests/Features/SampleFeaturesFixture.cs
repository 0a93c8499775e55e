using Hematology.ML.Datasets;
using Hematology.ML.Features;

namespace Hematology.ML.Tests.Features;

/// <summary>
/// The shipped 160 real sample images featurised once (ResNet-18 + colour + morphology) and split
/// into 10 training and 10 held-out images per class, shared by the classifier tests.
/// </summary>
public sealed class SampleFeaturesFixture
{
    public SampleFeaturesFixture()
    {
        CacheFolder = TestPaths.NewTempFolder();
        Trainer = new FeatureCellClassifierTrainer(new FeatureTrainingOptions { Cache = new FeatureCache(CacheFolder) });
        Set = Trainer.Featurize(CellImageFolder.Load(TestPaths.SampleImages).Samples);
        var byClass = Enumerable.Range(0, Set.Samples.Count).GroupBy(i => Set.Labels[i]).ToArray();
        TrainImages = byClass.SelectMany(g => g.Take(10)).ToArray();
        TestImages = byClass.SelectMany(g => g.Skip(10)).ToArray();
    }

    public string CacheFolder { get; }
    internal FeatureCellClassifierTrainer Trainer { get; }
    internal FeatureTrainingSet Set { get; }
    public int[] TrainImages { get; }
    public int[] TestImages { get; }
}

[CollectionDefinition(Name)]
public sealed class SampleFeaturesCollection : ICollectionFixture<SampleFeaturesFixture>
{
    public const string Name = "sample features";
}
