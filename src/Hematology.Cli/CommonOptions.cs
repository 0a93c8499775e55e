using System.CommandLine;
using Hematology.ML.Datasets;
using Hematology.ML.Features;
using Hematology.ML.Imaging;
using Hematology.ML.Models;

namespace Hematology.Cli;

/// <summary>Options several commands share, defined once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Data(bool required = true) => new("--data")
    {
        Description = "Folder of cell images in <class>/<image> layout (PBC layout), at any resolution",
        Required = required,
    };

    public static Option<string?> Split() => new("--split")
    {
        Description = "Split manifest CSV (file,class,subtype,split), e.g. ../shared/datasets/pbc-split.csv",
    };

    public static Option<string?> Subset(string? defaultValue = null) => new("--subset")
    {
        Description = "Subset of the split to use: train, val or test",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<string?> Cache() => new("--cache")
    {
        Description = $"Feature cache folder (default {FeatureCache.DefaultDirectory}; 'none' disables it)",
    };

    public static Option<string> Device() => new("--device")
    {
        Description = "Where networks run: cpu, cuda or cuda:N",
        DefaultValueFactory = _ => "cpu",
    };

    public static Option<bool> Json() => new("--json") { Description = "Write machine-readable JSON to standard output" };

    public static Option<bool> NoAdaptation() => new("--no-adaptation")
    {
        Description = "Classify with the training lab's normalisation as it is: no label-free adaptation of magnification and "
            + "batch statistics to the images given (docs/generalisation.md)",
    };

    /// <summary>
    /// The model's confidence on its training lab's validation cells by predicted class, from the manifest of a shipped model
    /// (<c>val_confidence_by_class</c>, written by <c>hemato evaluate --subset val --record-in-manifest</c>); null otherwise.
    /// </summary>
    public static IReadOnlyDictionary<string, double>? OwnLabConfidence(ModelCatalog catalog, string modelPath)
    {
        var manifest = catalog.Models.FirstOrDefault(m => m.ModelPath is { } p && Path.GetFullPath(p) == Path.GetFullPath(modelPath));
        return manifest?.Metrics["val_confidence_by_class"] is System.Text.Json.Nodes.JsonObject byClass
            ? byClass.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => (double)c.Value!)
            : null;
    }

    /// <summary>Turns label-free adaptation to the input on, unless <c>--no-adaptation</c> was given.</summary>
    public static void UseAdaptation(Hematology.ML.Cells.ICellClassifier classifier, bool off)
    {
        if (classifier.Adaptation is { } adaptable) adaptable.AdaptToInput = !off;
    }

    public static Option<string?> Model() => new("--model")
    {
        Description = "Model file, or the name of a shipped model (see 'hemato models'); default: the best shipped eight-class model",
    };

    public static Option<string> Blocks() => new("--blocks")
    {
        Description = $"Feature blocks joined by '+' ({string.Join(", ", FeatureBlocks.All)})",
        DefaultValueFactory = _ => string.Join('+', FeatureSpec.DeepAndQuantitative().Blocks),
    };

    public static Option<int> Views() => new("--views")
    {
        Description = "Fixed views per cell: flips and rotations used as extra training examples and averaged at prediction (1-5)",
        DefaultValueFactory = _ => 1,
    };

    public static FeatureCache OpenCache(string? folder) => new(CacheFolder(folder));

    // --cache: a folder, "none" for no cache on disk, or nothing for the default folder.
    private static string? CacheFolder(string? folder) =>
        string.Equals(folder, "none", StringComparison.OrdinalIgnoreCase) ? null : folder ?? FeatureCache.DefaultDirectory;

    /// <summary>Gives the feature models in <paramref name="classifier"/> (itself or ensemble members) the <c>--cache</c> folder.</summary>
    public static void UseCache(Hematology.ML.Cells.ICellClassifier classifier, string? folder) => classifier.UseFeatureCache(CacheFolder(folder));

    public static CellImageFolder LoadFolder(string data, string? split, string? subset)
    {
        var manifest = split is null ? null : PbcSplitManifest.Load(split);
        var folder = CellImageFolder.Load(data, manifest, subset);
        ReportSkipped(folder.Skipped);
        return folder;
    }

    public static void ReportSkipped(IReadOnlyList<SkippedFile> skipped)
    {
        foreach (var s in skipped.Take(20)) Console.Error.WriteLine($"warning: skipped '{s.Path}': {s.Reason}");
        if (skipped.Count > 20) Console.Error.WriteLine($"warning: ... and {skipped.Count - 20} more skipped files");
    }

    /// <summary>Writes a results JSON (indented; its folder made) and says where.</summary>
    public static void WriteResults(string path, System.Text.Json.Nodes.JsonNode json)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        File.WriteAllText(path, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"Results: {path}");
    }
}
