using Hematology.ML.Cells;
using Hematology.ML.Features;
using Hematology.ML.Imaging;

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
            classifier.UseFeatureCache(null);
            classifier.Classify(paths);
        };
        // The catalog's models without stages are ensembles of several models.
        return classifier.Stages is { } stages
            ? new(stages.Kind, stages.NetworkName, stages.InputSize, stages.PassesPerCell, stages.PrepareInput, stages.RunNetwork, endToEnd)
            : new("ensemble", "several", classifier.SourceResolution, 1, null, null, endToEnd);
    }

    /// <summary>
    /// The deep-feature path alone: ImageNet ResNet-18 features of cell files (ONNX Runtime under ML.NET),
    /// with no classifier and no cache.
    /// </summary>
    public static CellModelStages DeepFeatures()
    {
        var spec = FeatureSpec.DeepOnly();
        var extractor = new CellFeatureExtractor(spec, new FeatureCache(null));
        return new("deep-features", ResNet18Featurizer.Description, ResNet18Featurizer.InputSize, spec.Views,
            extractor.DeepInputs, pixels => extractor.DeepFeatures((float[][])pixels),
            paths =>
            {
                extractor.Cache = new FeatureCache(null);
                extractor.Extract(paths);
            },
            extractor);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
        _owned.Clear();
    }
}
