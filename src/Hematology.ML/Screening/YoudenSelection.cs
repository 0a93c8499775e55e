using Hematology.ML.Evaluation;

namespace Hematology.ML.Screening;

/// <summary>
/// The one place a screening operating point is chosen: the ROC point that maximises Youden's
/// J = sensitivity + specificity - 1 (thesis ch. 5.4, both for the per-cell cut-off and the smear
/// threshold). Predict positive when the value is &gt;= the threshold; ties in the values move together
/// (<see cref="RocCurve"/>), and among equal J the higher, more specific threshold wins.
/// </summary>
internal static class YoudenSelection
{
    /// <exception cref="HematologyException">Empty, mismatched, NaN, one class only, or no separation at all.</exception>
    public static RocCutoff Choose(IReadOnlyList<double> values, IReadOnlyList<bool> positive, string what, string positiveName, string negativeName)
    {
        if (values.Count != positive.Count) throw new HematologyException($"{values.Count} {what} values but {positive.Count} labels.");
        if (values.Any(double.IsNaN)) throw new HematologyException($"A {what} value is missing (NaN); score every item before choosing a threshold.");
        var positives = positive.Count(p => p);
        if (positives == 0 || positives == positive.Count)
            throw new HematologyException(
                $"Choosing the {what} threshold needs both {positiveName} and {negativeName} examples; got {positives} {positiveName} and {positive.Count - positives} {negativeName}.");
        var cutoff = RocCurve.Compute(values, positive).YoudenOptimal();
        if (double.IsPositiveInfinity(cutoff.Threshold) || cutoff.YoudenJ <= 0)
            throw new HematologyException($"The {what} values do not separate {positiveName} from {negativeName} (best Youden J = {cutoff.YoudenJ:F3}); no threshold can be chosen.");
        return cutoff;
    }
}
