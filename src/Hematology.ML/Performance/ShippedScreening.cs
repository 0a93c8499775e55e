using Hematology.ML.Models;
using Hematology.ML.Screening;

namespace Hematology.ML.Performance;

/// <summary>
/// The screening pipeline as it ships: the catalog's DysplasiaNet with the thresholds of its manifest, after
/// the eight-class model those thresholds were calibrated with (the catalog's default when that one is
/// not there). What <c>hemato screen</c> runs without options.
/// </summary>
public sealed class ShippedScreening : IDisposable
{
    private readonly IDisposable _classifier;
    private readonly DysplasiaScorer _scorer;

    private ShippedScreening(MdsScreeningPipeline pipeline, string classifier, string dysplasiaModel, IDisposable classifierModel, DysplasiaScorer scorer)
    {
        Pipeline = pipeline;
        Classifier = classifier;
        DysplasiaModel = dysplasiaModel;
        _classifier = classifierModel;
        _scorer = scorer;
    }

    /// <summary>The pipeline.</summary>
    public MdsScreeningPipeline Pipeline { get; }

    /// <summary>The eight-class model's name.</summary>
    public string Classifier { get; }

    /// <summary>The DysplasiaNet model file.</summary>
    public string DysplasiaModel { get; }

    /// <summary>Loads the shipped pipeline from <paramref name="catalog"/>; networks run on <paramref name="device"/>.</summary>
    /// <exception cref="HematologyException">No shipped DysplasiaNet, or one without calibrated thresholds.</exception>
    public static ShippedScreening Load(ModelCatalog catalog, string device = "cpu")
    {
        var (path, manifest) = DysplasiaModels.Resolve(catalog, null);
        var thresholds = manifest?.Screening?.Validate()
            ?? throw new HematologyException($"The shipped DysplasiaNet '{path}' has no calibrated screening thresholds.");
        var calibrated = thresholds.Classifier is { } name && catalog.Models.Any(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)) ? name : null;
        var scorer = DysplasiaScorer.Load(path, device);
        try
        {
            var classifier = catalog.LoadClassifier(calibrated, device);
            var pipeline = new MdsScreeningPipeline(classifier, scorer, thresholds, thresholds.Simulated || manifest.SimulatedTraining == true);
            return new ShippedScreening(pipeline, calibrated ?? catalog.Models.First(m => m.IsCellClassifier).Name, path, classifier, scorer);
        }
        catch
        {
            scorer.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _classifier.Dispose();
        _scorer.Dispose();
    }
}
