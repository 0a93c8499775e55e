namespace Hematology.ML.Cells;

/// <summary>
/// The thesis's "other" class (ch. 6.4): a smear holds cells none of the eight classes describe
/// (smudge cells, giant platelets, artefacts), and a classifier must not force them into one. A cell
/// whose top probability is below a threshold is reported as <see cref="Label"/>; its probabilities are
/// kept so a reviewer sees what the model hesitated between.
/// </summary>
public static class OtherRejection
{
    /// <summary>The label of rejected cells.</summary>
    public const string Label = "other";

    /// <summary>The thesis's threshold on the top probability.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>The prediction, relabelled <see cref="Label"/> when its top probability is below <paramref name="threshold"/>.</summary>
    /// <exception cref="HematologyException">The threshold is outside [0, 1].</exception>
    public static CellPrediction Apply(CellPrediction prediction, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (threshold is < 0 or > 1 || double.IsNaN(threshold))
            throw new HematologyException($"The 'other' threshold must be between 0 and 1, got {threshold}.");
        return prediction.Probability < threshold ? prediction with { PredictedClass = Label } : prediction;
    }
}
