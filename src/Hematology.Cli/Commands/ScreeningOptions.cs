using System.CommandLine;
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
    public ScreeningThresholds LoadThresholds(ParseResult result, ModelManifest? manifest) =>
        ScreeningModels.LoadThresholds(result.GetValue(Thresholds), manifest);

    /// <summary>
    /// The pipeline: eight-class model, DysplasiaNet, thresholds; simulated when the model's manifest, its
    /// file or the thresholds say so. Dispose the returned parts.
    /// </summary>
    public (MdsScreeningPipeline Pipeline, bool Simulated, IDisposable Parts) Build(ParseResult result, ScreeningThresholds thresholds, string dysplasiaPath, ModelManifest? manifest)
    {
        var models = Load(result, thresholds, dysplasiaPath, manifest);
        return (models.Pipeline, models.Simulated, models);
    }

    /// <summary>The models behind <see cref="Build"/>, with the feature cache when --cache asks for one. Dispose them.</summary>
    public ScreeningModels Load(ParseResult result, ScreeningThresholds thresholds, string dysplasiaPath, ModelManifest? manifest)
    {
        var models = ScreeningModels.Load(thresholds, dysplasiaPath, manifest, ClassifierName(result, thresholds), result.GetValue(Device)!);
        // Feature models: cache only when asked (calibration and evaluation screen the same smears again).
        if (result.GetValue(Cache) is { } cache) CommonOptions.UseCache(models.Classifier, cache);
        return models;
    }

    /// <summary>
    /// --classifier, else the model the thresholds were calibrated with when it is still there, else the
    /// catalog's default (null).
    /// </summary>
    public string? ClassifierName(ParseResult result, ScreeningThresholds thresholds) =>
        ScreeningModels.ChooseClassifier(result.GetValue(Classifier), thresholds, note => Console.Error.WriteLine($"note: {note}"));
}
