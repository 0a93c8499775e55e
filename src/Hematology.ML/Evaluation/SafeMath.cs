namespace Hematology.ML.Evaluation;

/// <summary>
/// Arithmetic helpers shared by the metrics.
/// </summary>
internal static class SafeMath
{
    /// <summary>
    /// <paramref name="numerator"/> / <paramref name="denominator"/>, or 0 when the denominator is 0.
    /// The project-wide convention is that an undefined ratio (e.g. the sensitivity of a class with no
    /// samples, or the precision of a class that is never predicted) counts as 0, so that a model is
    /// never rewarded for a class it did not see or never predicted, and no NaN reaches the JSON output.
    /// </summary>
    public static double Ratio(double numerator, double denominator) =>
        denominator == 0 ? 0 : numerator / denominator;

    /// <summary>Unweighted arithmetic mean; 0 for an empty sequence (same convention as <see cref="Ratio"/>).</summary>
    public static double Mean(IReadOnlyList<double> values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        return Ratio(sum, values.Count);
    }

    /// <summary>
    /// Sample standard deviation (denominator n - 1, the unbiased variance estimator used when
    /// reporting cross-validation spread); 0 when fewer than two values are given.
    /// </summary>
    public static double SampleStandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        double mean = Mean(values);
        double ss = 0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / (values.Count - 1));
    }
}
