namespace Hematology.ML.Screening;

/// <summary>
/// The two classes of DysplasiaNet, as the folders of a lab's labelled neutrophils are named
/// (<c>dysplastic/</c> and <c>normal/</c>). The network is trained with <see cref="Normal"/> as class 0 and
/// <see cref="Dysplastic"/> as class 1, so its single logit is the evidence for dysplasia; the scorer
/// still looks the class up by name, so a model with the other order scores the same way.
/// </summary>
internal static class DysplasiaClasses
{
    /// <summary>Hypogranulated (dysplastic) neutrophils: the positive class.</summary>
    public const string Dysplastic = "dysplastic";

    /// <summary>Normally granulated neutrophils.</summary>
    public const string Normal = "normal";

    /// <summary>Label-index order used for training: normal = 0, dysplastic = 1.</summary>
    public static IReadOnlyList<string> TrainingOrder { get; } = [Normal, Dysplastic];

    /// <summary>Refuses a labelled folder whose classes are not exactly dysplastic and normal.</summary>
    /// <exception cref="HematologyException">Other or missing classes.</exception>
    public static void Require(IEnumerable<string> classes, string where)
    {
        var found = classes.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();
        if (!found.SequenceEqual([Dysplastic, Normal], StringComparer.OrdinalIgnoreCase))
            throw new HematologyException(
                $"'{where}' must hold neutrophil images in exactly two sub-folders, dysplastic/ and normal/; found: {(found.Length == 0 ? "none" : string.Join(", ", found))}.");
    }
}
