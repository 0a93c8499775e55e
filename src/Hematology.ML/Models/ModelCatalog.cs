using Hematology.ML.Cells;
using Hematology.ML.Features;
using Hematology.ML.Networks;

namespace Hematology.ML.Models;

/// <summary>
/// The models that ship with Hematology.ML (the repository's <c>models/</c> folder, copied beside the
/// application at build), found through their manifests; <c>--model</c> takes one of their names or
/// a model file.
/// </summary>
public sealed class ModelCatalog
{
    private ModelCatalog(string? directory, IReadOnlyList<ModelManifest> models)
    {
        Directory = directory;
        Models = models;
    }

    /// <summary>Folder searched, or null when none was found.</summary>
    public string? Directory { get; }

    /// <summary>Shipped models, default first.</summary>
    public IReadOnlyList<ModelManifest> Models { get; }

    /// <summary>
    /// The shipped models: <c>HEMATOLOGY_ML_MODELS</c>, else <c>models/</c> beside the application.
    /// </summary>
    public static ModelCatalog Shipped()
    {
        var directory = Environment.GetEnvironmentVariable("HEMATOLOGY_ML_MODELS") is { Length: > 0 } fromEnv
            ? fromEnv : Path.Combine(AppContext.BaseDirectory, "models");
        return FromDirectory(directory);
    }

    /// <summary>Models described by the <c>*.json</c> manifests of a folder.</summary>
    public static ModelCatalog FromDirectory(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) return new ModelCatalog(null, []);
        var manifests = System.IO.Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal)
            .Select(ModelManifest.Read)
            .OrderByDescending(m => m.IsDefault).ThenBy(m => m.Name, StringComparer.Ordinal).ToArray();
        return new ModelCatalog(directory, manifests);
    }

    /// <summary>
    /// The model file for <paramref name="nameOrPath"/>: an existing file, else a shipped model's name;
    /// null asks for the default eight-class model.
    /// </summary>
    public string ResolvePath(string? nameOrPath)
    {
        if (nameOrPath is not null && File.Exists(nameOrPath)) return nameOrPath;
        // Only an eight-class kind can be the default of classify: a dysplasia model never is.
        var manifest = nameOrPath is null
            ? Models.FirstOrDefault(m => m.IsDefault && m.IsCellClassifier) ?? Models.FirstOrDefault(m => m.IsCellClassifier)
            : Models.FirstOrDefault(m => string.Equals(m.Name, nameOrPath, StringComparison.OrdinalIgnoreCase));
        if (manifest is null)
        {
            var known = Models.Count == 0 ? "no shipped models were found" : "shipped models: " + string.Join(", ", Models.Select(m => m.Name));
            throw new HematologyException(nameOrPath is null
                ? $"No model given and no default shipped model ({known})."
                : $"Model '{nameOrPath}' is neither a file nor a shipped model ({known}).");
        }
        if (!File.Exists(manifest.ModelPath))
            throw new HematologyException($"Shipped model '{manifest.Name}' is listed but its file '{manifest.ModelPath}' is missing.");
        return manifest.ModelPath!;
    }

    /// <summary>
    /// The manifest of a shipped model of <paramref name="kind"/>: by name, or the first of that kind (its
    /// default) when <paramref name="name"/> is null; null when there is none.
    /// </summary>
    public ModelManifest? FindKind(string kind, string? name = null) => Models.FirstOrDefault(m =>
        m.Kind == kind && (name is null || string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Loads a cell classifier (feature or network model) from a file or a shipped model's name; networks run on <paramref name="device"/>.</summary>
    public ICellClassifier LoadClassifier(string? nameOrPath, string device = "cpu")
    {
        var path = ResolvePath(nameOrPath);
        // Each model file declares its format; the loader is chosen by that tag.
        return ModelFileFormat.Of(path) switch
        {
            FeatureCellClassifier.Format => FeatureCellClassifier.Load(path),
            NetworkCellClassifier.Format => NetworkCellClassifier.Load(path, device),
            CellClassifierEnsemble.Format => CellClassifierEnsemble.Load(path, member => LoadClassifier(member, device)),
            var other => throw new HematologyException(
                $"'{path}' is not a model file Hematology.ML can read{(other is null ? "" : $" (it declares the format '{other}')")}."),
        };
    }
}
