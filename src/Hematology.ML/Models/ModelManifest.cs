using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Hematology.ML.Models;

/// <summary>
/// The manifest beside a model file: how it was made (command, seed, data split, date) and what it
/// measured, so a shipped model can always be reproduced and its figures traced to a run.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>Short name used by <c>--model</c>.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary><c>features</c>, <c>cnn</c> or <c>dysplasia</c>.</summary>
    [JsonPropertyName("kind")] public required string Kind { get; init; }

    /// <summary>Model file name, relative to the manifest.</summary>
    [JsonPropertyName("file")] public required string File { get; init; }

    /// <summary>Resolution (pixels) of the images the model learned from; inputs are brought to it first.</summary>
    [JsonPropertyName("input_size")] public int InputSize { get; init; }

    /// <summary>Class names in index order.</summary>
    [JsonPropertyName("classes")] public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>What the model is (classifier, features).</summary>
    [JsonPropertyName("description")] public string? Description { get; init; }

    /// <summary>Exact command that trained it.</summary>
    [JsonPropertyName("command")] public string? Command { get; init; }

    /// <summary>Seed of the training run.</summary>
    [JsonPropertyName("seed")] public int Seed { get; init; }

    /// <summary>Data and split used (e.g. <c>pbc-128, pbc-split.csv: train</c>).</summary>
    [JsonPropertyName("data_split")] public string? DataSplit { get; init; }

    /// <summary>UTC date of training.</summary>
    [JsonPropertyName("date")] public string? Date { get; init; }

    /// <summary>Measured figures (cross-validation, test split), each with the command that produced it.</summary>
    [JsonPropertyName("metrics")] public JsonObject Metrics { get; init; } = [];

    /// <summary>True when the model learned from simulated data (DysplasiaNet on simulated hypogranulation); null when not stated.</summary>
    [JsonPropertyName("simulated_training")] public bool? SimulatedTraining { get; init; }

    /// <summary>Screening thresholds calibrated for a <c>dysplasia</c> model (<see cref="ScreeningThresholds"/>).</summary>
    [JsonPropertyName("screening")] public ScreeningThresholds? Screening { get; init; }

    /// <summary>True for the model used when no <c>--model</c> is given.</summary>
    [JsonPropertyName("default")] public bool IsDefault { get; init; }

    /// <summary>True for eight-class cell classifiers (features, CNN, ensemble), the kinds that can be the default of <c>classify</c>.</summary>
    [JsonIgnore] public bool IsCellClassifier => Kind is "features" or "cnn" or "ensemble";

    /// <summary>Full path of the manifest this was read from (not serialised).</summary>
    [JsonIgnore] public string? ManifestPath { get; init; }

    /// <summary>Full path of the model file.</summary>
    [JsonIgnore] public string? ModelPath => ManifestPath is null ? null : Path.Combine(Path.GetDirectoryName(ManifestPath)!, File);

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Manifests are read by people: keep '+' and quotes as they are rather than \u escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a manifest; a malformed one raises a <see cref="HematologyException"/>.</summary>
    public static ModelManifest Read(string path)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<ModelManifest>(System.IO.File.ReadAllText(path), Options)
                ?? throw new JsonException("empty manifest");
            return manifest with { ManifestPath = Path.GetFullPath(path) };
        }
        catch (JsonException e)
        {
            throw new HematologyException($"Model manifest '{path}' is not valid: {e.Message}");
        }
    }

    /// <summary>
    /// Writes the manifest (atomically). A new default cell classifier takes the role from the other
    /// manifests of its folder, so <c>classify</c> without <c>--model</c> never has two candidates.
    /// </summary>
    public void Write(string path)
    {
        WriteOnly(path);
        if (!IsDefault || !IsCellClassifier) return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var other in System.IO.Directory.EnumerateFiles(folder, "*.json"))
        {
            if (Path.GetFullPath(other) == Path.GetFullPath(path)) continue;
            ModelManifest sibling;
            try { sibling = Read(other); }
            catch (HematologyException) { continue; } // not a manifest (e.g. an evaluation's JSON)
            if (sibling.IsDefault && sibling.IsCellClassifier) (sibling with { IsDefault = false }).WriteOnly(other);
        }
    }

    private void WriteOnly(string path)
    {
        var temporary = path + ".tmp";
        System.IO.File.WriteAllText(temporary, JsonSerializer.Serialize(this, Options) + "\n");
        System.IO.File.Move(temporary, path, overwrite: true);
    }
}
