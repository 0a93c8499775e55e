using System.CommandLine;
using System.Text.Json;
using Hematology.ML;
using Hematology.ML.Models;
using Hematology.ML.Screening;

namespace Hematology.Cli.Commands;

/// <summary>The options every screening command shares, and how they become a pipeline.</summary>
internal sealed class ScreeningOptions
{
    public Option<string?> Classifier { get; } = new("--classifier") { Description = "Eight-class cell model (file or shipped name; default: the shipped default)" };
    public Option<string?> DysplasiaModel { get; } = new("--dysplasia-model") { Description = "DysplasiaNet model file or shipped name (default: the shipped dysplasia model)" };
    public Option<string?> Thresholds { get; } = new("--thresholds") { Description = "Screening thresholds JSON (default: those in the DysplasiaNet manifest)" };
    public Option<string> Device { get; } = CommonOptions.Device();
    public Option<string?> Cache { get; } = CommonOptions.Cache();

    public IEnumerable<Option> All => [Classifier, DysplasiaModel, Thresholds, Device, Cache];

    /// <summary>The DysplasiaNet file and its manifest.</summary>
    public (string Path, ModelManifest? Manifest) ResolveDysplasia(ParseResult result) =>
        DysplasiaModels.Resolve(ModelCatalog.Shipped(), result.GetValue(DysplasiaModel));

    /// <summary>Thresholds from --thresholds, else the model's manifest.</summary>
    public ScreeningThresholds LoadThresholds(ParseResult result, ModelManifest? manifest)
    {
        if (result.GetValue(Thresholds) is { } path)
        {
            if (!File.Exists(path)) throw new HematologyException($"Thresholds file '{path}' does not exist.");
            try
            {
                return (JsonSerializer.Deserialize<ScreeningThresholds>(File.ReadAllText(path)) ?? throw new JsonException("empty")).Validate();
            }
            catch (JsonException e) { throw new HematologyException($"Thresholds file '{path}' is not valid: {e.Message}"); }
        }
        return manifest?.Screening?.Validate() ?? throw new HematologyException(
            "The DysplasiaNet model has no calibrated screening thresholds; run 'hemato dysplasia calibrate' or give --thresholds.");
    }

    /// <summary>
    /// The pipeline: eight-class model, DysplasiaNet, thresholds; simulated when the model's manifest, its
    /// file or the thresholds say so. Dispose the returned parts.
    /// </summary>
    public (MdsScreeningPipeline Pipeline, bool Simulated, IDisposable Parts) Build(ParseResult result, ScreeningThresholds thresholds, string dysplasiaPath, ModelManifest? manifest)
    {
        var device = result.GetValue(Device)!;
        var scorer = DysplasiaScorer.Load(dysplasiaPath, device);
        var simulated = thresholds.Simulated || manifest?.SimulatedTraining == true
            || (scorer.Header.Training?.TryGetValue("simulated_training", out var value) == true && value is JsonElement { ValueKind: JsonValueKind.True });
        var classifier = ModelCatalog.Shipped().LoadClassifier(ClassifierName(result, thresholds), device);
        // Feature models: cache only when asked (calibration and evaluation screen the same smears again).
        if (result.GetValue(Cache) is { } cache) CommonOptions.UseCache(classifier, cache);
        return (new MdsScreeningPipeline(classifier, scorer, thresholds, simulated), simulated, new Parts(classifier, scorer));
    }

    /// <summary>
    /// --classifier, else the model the thresholds were calibrated with when it is still there, else the
    /// catalog's default (null).
    /// </summary>
    public string? ClassifierName(ParseResult result, ScreeningThresholds thresholds)
    {
        if (result.GetValue(Classifier) is { } given) return given;
        if (thresholds.Classifier is not { } calibrated) return null;
        var catalog = ModelCatalog.Shipped();
        if (File.Exists(calibrated) || catalog.Models.Any(m => string.Equals(m.Name, calibrated, StringComparison.OrdinalIgnoreCase)))
            return calibrated;
        Console.Error.WriteLine($"note: the thresholds were calibrated with '{calibrated}', which is not here; screening with the default model.");
        return null;
    }

    private sealed class Parts(params IDisposable[] parts) : IDisposable
    {
        public void Dispose() { foreach (var p in parts) p.Dispose(); }
    }
}
