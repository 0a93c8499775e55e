namespace Hematology.ML.Evaluation;

/// <summary>
/// Wilson score confidence interval for a binomial proportion (here: accuracy = correct / total).
/// Unlike the normal (Wald) interval it stays inside [0, 1] and behaves well near 100 % accuracy,
/// which is where the PBC classifiers live.
/// </summary>
internal static class WilsonInterval
{
    /// <summary>Two-sided 95 % standard-normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Interval for <paramref name="successes"/> out of <paramref name="trials"/>:
    /// (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n). With no trials it returns [0, 0]
    /// (division-by-zero convention).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative counts, or more successes than trials.</exception>
    public static (double Lower, double Upper) Compute(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0) return (0, 0);
        double n = trials, p = successes / n, z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
