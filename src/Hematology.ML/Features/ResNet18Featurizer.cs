using Hematology.ML.Imaging;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hematology.ML.Features;

/// <summary>
/// The 512 deep features of the ImageNet ResNet-18 that <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c>
/// ships (the global-average-pool output, before the classifier), computed by an ML.NET
/// <c>DnnFeaturizeImage</c> pipeline over ONNX Runtime. Images are decoded by this library (SkiaSharp)
/// and handed over as planar RGB floats, because ML.NET's own image loader is built against an older
/// SkiaSharp and breaks with the one the rest of the library uses.
/// </summary>
internal sealed class ResNet18Featurizer : IDisposable
{
    /// <summary>The network's input side in pixels.</summary>
    public const int InputSize = 224;

    /// <summary>Number of features per image.</summary>
    public const int FeatureCount = 512;

    private const string PixelsColumn = "Pixels";
    private const string FeaturesColumn = "Features";
    private readonly MLContext _ml;
    private readonly ITransformer _transformer;

    private sealed class PixelsRow
    {
        [VectorType(3, InputSize, InputSize)]
        [ColumnName(PixelsColumn)]
        public float[] Pixels { get; set; } = [];
    }

    private sealed class FeaturesRow
    {
        [ColumnName(FeaturesColumn)]
        public float[] Features { get; set; } = [];
    }

    /// <summary>Builds the pipeline; <paramref name="modelDirectory"/> defaults to <see cref="LocateModelDirectory"/>.</summary>
    public ResNet18Featurizer(string? modelDirectory = null, int? seed = 0)
    {
        var directory = modelDirectory ?? LocateModelDirectory();
        _ml = new MLContext(seed);
        var estimator = _ml.Transforms.DnnFeaturizeImage(FeaturesColumn,
            m => m.ModelSelector.ResNet18(_ml, m.OutputColumn, m.InputColumn, directory), PixelsColumn);
        _transformer = estimator.Fit(_ml.Data.LoadFromEnumerable(Array.Empty<PixelsRow>()));
    }

    /// <summary>
    /// Finds the folder that holds <c>ResNet18Onnx/ResNet18.onnx</c>: the environment variable
    /// <c>HEMATOLOGY_ML_DNN_MODELS</c>, then <c>DnnImageModels</c> beside the application (where the
    /// NuGet package copies it at build), then the NuGet package cache.
    /// </summary>
    public static string LocateModelDirectory()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("HEMATOLOGY_ML_DNN_MODELS") is { Length: > 0 } fromEnv) candidates.Add(fromEnv);
        candidates.Add(Path.Combine(AppContext.BaseDirectory, "DnnImageModels"));
        var nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        candidates.Add(Path.Combine(nugetRoot, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels"));
        foreach (var candidate in candidates)
            if (File.Exists(Path.Combine(candidate, "ResNet18Onnx", "ResNet18.onnx"))) return candidate;
        throw new HematologyException(
            "The ImageNet ResNet-18 (ResNet18Onnx/ResNet18.onnx) was not found. It comes with the NuGet package " +
            "Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1; set HEMATOLOGY_ML_DNN_MODELS to the folder holding ResNet18Onnx. Looked in: " +
            string.Join("; ", candidates));
    }

    /// <summary>How the benchmarks name this network.</summary>
    public const string Description = "resnet18 (ONNX Runtime, ML.NET DnnFeaturizeImage)";

    /// <summary>A cell image as the network reads it: Lanczos-resized to 224x224, planar RGB floats (0-255).</summary>
    public static float[] ToInput(RgbImage image) => LanczosResampler.Resize(image, InputSize, InputSize).ToPlanarFloats();

    /// <summary>Features of a batch of 224x224 planar RGB images (values 0-255).</summary>
    public float[][] Featurize(IReadOnlyList<float[]> planarPixels)
    {
        foreach (var p in planarPixels)
            if (p.Length != 3 * InputSize * InputSize)
                throw new ArgumentException($"ResNet-18 takes 3x{InputSize}x{InputSize} planar pixels, got {p.Length} values.");
        // ONNX Runtime already spreads one image over every core (intra-op threads); several cursors
        // in parallel oversubscribe the cores and were measured ~3x slower.
        return FeaturizeSlice(planarPixels);
    }

    private float[][] FeaturizeSlice(IEnumerable<float[]> planarPixels)
    {
        var input = _ml.Data.LoadFromEnumerable(planarPixels.Select(p => new PixelsRow { Pixels = p }));
        return _ml.Data.CreateEnumerable<FeaturesRow>(_transformer.Transform(input), reuseRowObject: false)
            .Select(r => r.Features).ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => (_transformer as IDisposable)?.Dispose();
}
