using Hematology.ML.Cells;
using Hematology.ML.Features;

namespace Hematology.ML.Models;

/// <summary>Feature caches of cell classifiers that hold feature models, alone or as ensemble members.</summary>
internal static class ClassifierCaches
{
    /// <summary>Gives every feature model in <paramref name="classifier"/> (itself or its ensemble members) <paramref name="cache"/>.</summary>
    public static void Use(ICellClassifier classifier, FeatureCache cache)
    {
        if (classifier is FeatureCellClassifier features) features.Cache = cache;
        if (classifier is CellClassifierEnsemble ensemble)
            foreach (var member in ensemble.Members) Use(member, cache);
    }
}
