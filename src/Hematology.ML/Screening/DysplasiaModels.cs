using Hematology.ML.Models;

namespace Hematology.ML.Screening;

/// <summary>
/// Where the screen finds DysplasiaNet and its thresholds: a model file (with its manifest beside it), or
/// a shipped model of kind <see cref="Kind"/> in the catalog. The kind keeps it from ever becoming the
/// eight-class default.
/// </summary>
internal static class DysplasiaModels
{
    /// <summary>Manifest kind of DysplasiaNet models.</summary>
    public const string Kind = "dysplasia";

    /// <summary>
    /// The model file and its manifest (null when a bare file without manifest was given) for
    /// <paramref name="nameOrPath"/>, or the shipped dysplasia model when it is null.
    /// </summary>
    /// <exception cref="HematologyException">Nothing found, or the file is missing.</exception>
    public static (string Path, ModelManifest? Manifest) Resolve(ModelCatalog catalog, string? nameOrPath)
    {
        if (nameOrPath is not null && File.Exists(nameOrPath))
        {
            var beside = System.IO.Path.ChangeExtension(nameOrPath, ".json");
            return (nameOrPath, File.Exists(beside) ? ModelManifest.Read(beside) : null);
        }
        var manifest = catalog.FindKind(Kind, nameOrPath) ?? throw new HematologyException(nameOrPath is null
            ? "No DysplasiaNet model given (--dysplasia-model) and none is shipped (a manifest of kind 'dysplasia' in models/)."
            : $"DysplasiaNet model '{nameOrPath}' is neither a file nor a shipped dysplasia model.");
        if (!File.Exists(manifest.ModelPath))
            throw new HematologyException($"Shipped model '{manifest.Name}' is listed but its file '{manifest.ModelPath}' is missing.");
        return (manifest.ModelPath!, manifest);
    }
}
