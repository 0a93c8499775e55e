using System.Text.Json;
using Hematology.ML.Cells;
using Hematology.ML.Models;

namespace Hematology.ML.Screening;

/// <summary>
/// The models a screen runs on, loaded together: DysplasiaNet, its thresholds and the eight-class model the
/// thresholds were calibrated with, as one <see cref="MdsScreeningPipeline"/>. The command line and the web
/// app both build their pipeline here, so a smear gets the same answer from either. Dispose it to free the networks.
/// </summary>
public sealed class ScreeningModels : IDisposable
{
    private readonly ICellClassifier _classifier;
    private readonly DysplasiaScorer _scorer;

    private ScreeningModels(ICellClassifier classifier, string classifierName, string dysplasiaModel, DysplasiaScorer scorer, ScreeningThresholds thresholds,
        bool simulated)
    {
        _classifier = classifier;
        ClassifierName = classifierName;
        DysplasiaModel = dysplasiaModel;
        _scorer = scorer;
        Simulated = simulated;
        Pipeline = new MdsScreeningPipeline(classifier, scorer, thresholds, simulated);
    }

    /// <summary>The screening pipeline over the loaded models.</summary>
    public MdsScreeningPipeline Pipeline { get; }

    /// <summary>The eight-class model in front of DysplasiaNet.</summary>
    public ICellClassifier Classifier => _classifier;

    /// <summary>The eight-class model's name (its manifest's, else its file name without extension).</summary>
    public string ClassifierName { get; }

    /// <summary>The DysplasiaNet model file.</summary>
    public string DysplasiaModel { get; }

    /// <summary>Whether DysplasiaNet or its thresholds came from simulated data.</summary>
    public bool Simulated { get; }

    /// <summary>
    /// Thresholds from a thresholds JSON file when one is given, else the <c>screening</c> block of the DysplasiaNet manifest.
    /// </summary>
    /// <exception cref="HematologyException">The file is missing or invalid, or there are no calibrated thresholds.</exception>
    public static ScreeningThresholds LoadThresholds(string? file, ModelManifest? manifest)
    {
        if (file is not null)
        {
            if (!File.Exists(file)) throw new HematologyException($"Thresholds file '{file}' does not exist.");
            try
            {
                return (JsonSerializer.Deserialize<ScreeningThresholds>(File.ReadAllText(file)) ?? throw new JsonException("empty")).Validate();
            }
            catch (JsonException e) { throw new HematologyException($"Thresholds file '{file}' is not valid: {e.Message}"); }
        }
        return manifest?.Screening?.Validate() ?? throw new HematologyException(
            "The DysplasiaNet model has no calibrated screening thresholds; run 'hemato dysplasia calibrate' or give --thresholds.");
    }

    /// <summary>
    /// The eight-class model to screen with: <paramref name="given"/>, else the one the thresholds were calibrated
    /// with when it is still there (the dysplastic fraction depends on which cells it calls neutrophils), else null
    /// (the catalog's default), with a note through <paramref name="note"/> saying so.
    /// </summary>
    public static string? ChooseClassifier(string? given, ScreeningThresholds thresholds, Action<string>? note = null, ModelCatalog? catalog = null)
    {
        if (given is not null) return given;
        if (thresholds.Classifier is not { } calibrated) return null;
        if (File.Exists(calibrated) || (catalog ?? ModelCatalog.Shipped()).Models.Any(m => string.Equals(m.Name, calibrated, StringComparison.OrdinalIgnoreCase)))
            return calibrated;
        note?.Invoke($"the thresholds were calibrated with '{calibrated}', which is not here; screening with the default model.");
        return null;
    }

    /// <summary>
    /// Loads DysplasiaNet from <paramref name="dysplasiaPath"/> and the eight-class model <paramref name="classifier"/>
    /// (a file or a name in <paramref name="catalog"/>, by default the shipped one; null: the catalog's default) on
    /// <paramref name="device"/>. The result is simulated when the manifest, the model file's own header or the
    /// thresholds say so.
    /// </summary>
    public static ScreeningModels Load(ScreeningThresholds thresholds, string dysplasiaPath, ModelManifest? manifest, string? classifier, string device = "cpu",
        ModelCatalog? catalog = null)
    {
        var scorer = DysplasiaScorer.Load(dysplasiaPath, device);
        try
        {
            var simulated = thresholds.Simulated || manifest?.SimulatedTraining == true
                || (scorer.Header.Training?.TryGetValue("simulated_training", out var value) == true && value is JsonElement { ValueKind: JsonValueKind.True });
            catalog ??= ModelCatalog.Shipped();
            var file = catalog.ResolvePath(classifier);
            var name = catalog.Models.FirstOrDefault(m => m.ModelPath == file)?.Name ?? Path.GetFileNameWithoutExtension(file);
            return new ScreeningModels(catalog.LoadClassifier(classifier, device), name, dysplasiaPath, scorer, thresholds, simulated);
        }
        catch
        {
            scorer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The screen as it ships (what <c>hemato screen</c> runs without options), or the one named: DysplasiaNet (file or
    /// name in <paramref name="catalog"/>, by default the shipped one; null: the catalog's), its thresholds
    /// (<paramref name="thresholdsFile"/> or its manifest's) and the eight-class model they were calibrated with
    /// unless <paramref name="classifier"/> names another.
    /// </summary>
    /// <exception cref="HematologyException">No DysplasiaNet, or one without calibrated thresholds.</exception>
    public static ScreeningModels Resolve(string? dysplasiaModel = null, string? thresholdsFile = null, string? classifier = null, string device = "cpu",
        Action<string>? note = null, ModelCatalog? catalog = null)
    {
        catalog ??= ModelCatalog.Shipped();
        var (path, manifest) = DysplasiaModels.Resolve(catalog, dysplasiaModel);
        var thresholds = LoadThresholds(thresholdsFile, manifest);
        return Load(thresholds, path, manifest, ChooseClassifier(classifier, thresholds, note, catalog), device, catalog);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _classifier.Dispose();
        _scorer.Dispose();
    }
}
