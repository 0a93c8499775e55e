namespace Hematology.ML.Features;

/// <summary>The registry of feature blocks by name, with their lengths and cache versions.</summary>
internal static class FeatureBlocks
{
    /// <summary>ImageNet ResNet-18 global-pool features (512).</summary>
    public const string ResNet18 = "resnet18";
    /// <summary>512-bin RGB histogram of the central window.</summary>
    public const string ColourHistogram = "colour-histogram";
    /// <summary>Nucleus shape, colour, texture and granularity descriptors.</summary>
    public const string Morphology = "morphology";

    /// <summary>All block names.</summary>
    public static IReadOnlyList<string> All { get; } = [ResNet18, ColourHistogram, Morphology];

    /// <summary>Number of features of a block.</summary>
    public static int LengthOf(string block) => block switch
    {
        ResNet18 => ResNet18Featurizer.FeatureCount,
        ColourHistogram => ColourHistogramFeatures.FeatureCount,
        Morphology => CellMorphologyFeatures.FeatureCount,
        _ => throw new HematologyException($"Unknown feature block '{block}'; known: {string.Join(", ", All)}."),
    };

    /// <summary>
    /// The cache key of a block: bump the version when its computation changes, so stale cached
    /// features are never mixed with new ones.
    /// </summary>
    public static string CacheKey(string block, int sourceResolution, int view) => block switch
    {
        ResNet18 => $"resnet18-onnx0.23.1-v1-src{sourceResolution}-view{view}",
        ColourHistogram => $"colour-histogram-v1-src{sourceResolution}-view{view}",
        Morphology => $"morphology-v1-src{sourceResolution}-view{view}",
        _ => throw new HematologyException($"Unknown feature block '{block}'."),
    };
}
