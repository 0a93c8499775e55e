namespace Hematology.ML.Features;

/// <summary>
/// A cell model that computes features of files and can remember them in a <see cref="FeatureCache"/> (a feature
/// model, or an ensemble that holds one): the CLI's <c>--cache</c> and the benchmarks' cold runs set it through this
/// capability instead of looking for concrete model types.
/// </summary>
internal interface IFeatureCacheUser
{
    /// <summary>Uses <paramref name="cache"/> from the next classification on.</summary>
    void UseCache(FeatureCache cache);
}
