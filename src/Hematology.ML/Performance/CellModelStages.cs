using Hematology.ML.Cells;
using Hematology.ML.Features;
using Hematology.ML.Imaging;
using Hematology.ML.Models;
using Hematology.ML.Networks;

namespace Hematology.ML.Performance;

/// <summary>
/// A cell model's work cut where it can be timed alone: bringing decoded images to the network input
/// (<see cref="Prepare"/>), the network on what that made (<see cref="Infer"/>), and the model's own path
/// from files to predictions (<see cref="EndToEnd"/>). An ensemble of several models has no single network,
/// so only its end-to-end path is given.
/// </summary>
internal sealed class CellModelStages : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private CellModelStages(string kind, string network, int inputSize, int testTimeViews, Func<IReadOnlyList<RgbImage>, object>? prepare,
        Action<object>? infer, Action<IReadOnlyList<string>> endToEnd, params IDisposable[] owned)
    {
        Kind = kind;
        Network = network;
        InputSize = inputSize;
        TestTimeViews = testTimeViews;
        Prepare = prepare;
        Infer = infer;
        EndToEnd = endToEnd;
        _owned.AddRange(owned);
    }

    /// <summary><c>network</c>, <c>features</c>, <c>ensemble</c> or <c>deep-features</c>.</summary>
    public string Kind { get; }

    /// <summary>The network that does the heavy arithmetic, by registry name or runtime.</summary>
    public string Network { get; }

    /// <summary>The network's input side.</summary>
    public int InputSize { get; }

    /// <summary>Forward passes per cell (test-time views).</summary>
    public int TestTimeViews { get; }

    /// <summary>Decoded images to the network's input (null for an ensemble of several models).</summary>
    public Func<IReadOnlyList<RgbImage>, object>? Prepare { get; }

    /// <summary>The network on what <see cref="Prepare"/> made (null for an ensemble of several models).</summary>
    public Action<object>? Infer { get; }

    /// <summary>Image files to predictions, as the product runs them, without any feature cache.</summary>
    public Action<IReadOnlyList<string>> EndToEnd { get; }

    /// <summary>
    /// The stages of a loaded cell classifier (network, feature model or ensemble); disposing the stages
    /// disposes the classifier when <paramref name="ownsClassifier"/>.
    /// </summary>
    public static CellModelStages Of(ICellClassifier classifier, bool ownsClassifier = false)
    {
        var stages = StagesOf(classifier);
        if (ownsClassifier) stages._owned.Add(classifier);
        return stages;
    }

    private static CellModelStages StagesOf(ICellClassifier classifier)
    {
        // A fresh cache per call: feature models remember features of images they have seen, and a timing
        // of remembered features would time nothing.
        Action<IReadOnlyList<string>> endToEnd = paths =>
        {
            (classifier as IFeatureCacheUser)?.UseCache(new FeatureCache(null));
            classifier.Classify(paths);
        };
        switch (classifier)
        {
            case NetworkCellClassifier network:
                return new("network", network.Header.Network, network.Header.InputSize, network.TestTimeViews,
                    images => network.ToInputBatch(images), batch => network.PredictProbabilities((PreparedBatch)batch), endToEnd);
            case FeatureCellClassifier features:
                var featurizer = new ResNet18Featurizer();
                return new("features", DeepNetwork, ResNet18Featurizer.InputSize, features.Spec.Views,
                    images => DeepInputs(images, features.Spec), pixels => featurizer.Featurize((float[][])pixels), endToEnd, featurizer);
            case CellClassifierEnsemble { Members.Count: 1 } single:
                var member = StagesOf(single.Members[0]);
                return new("ensemble", member.Network, member.InputSize, member.TestTimeViews, member.Prepare, member.Infer, endToEnd, member);
            default:
                return new(classifier is CellClassifierEnsemble ? "ensemble" : classifier.GetType().Name, "several", classifier.SourceResolution, 1, null, null, endToEnd);
        }
    }

    /// <summary>
    /// The deep-feature path alone: ImageNet ResNet-18 features of cell files (ONNX Runtime under ML.NET),
    /// with no classifier and no cache.
    /// </summary>
    public static CellModelStages DeepFeatures()
    {
        var spec = FeatureSpec.DeepOnly();
        var featurizer = new ResNet18Featurizer();
        var extractor = new CellFeatureExtractor(spec, new FeatureCache(null));
        return new("deep-features", DeepNetwork, ResNet18Featurizer.InputSize, spec.Views,
            images => DeepInputs(images, spec), pixels => featurizer.Featurize((float[][])pixels),
            paths =>
            {
                extractor.Cache = new FeatureCache(null);
                extractor.Extract(paths);
            },
            featurizer, extractor);
    }

    private const string DeepNetwork = "resnet18 (ONNX Runtime, ML.NET DnnFeaturizeImage)";

    // The first view only: a multi-view spec repeats the same work per view.
    private static float[][] DeepInputs(IReadOnlyList<RgbImage> images, FeatureSpec spec)
    {
        var pixels = new float[images.Count][];
        Parallel.For(0, images.Count, i => pixels[i] = ResNet18Featurizer.ToInput(
            CellImagePreprocessor.ToWorkingSet(images[i], spec.SourceResolution, spec.SourceJpegQuality)));
        return pixels;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
        _owned.Clear();
    }
}
