using System.Text.Json.Nodes;
using Hematology.ML.Evaluation;

namespace Hematology.ML.Screening;

/// <summary>A proportion with its 95 % confidence interval.</summary>
internal sealed record Estimate(double Value, double Lower, double Upper, int Successes, int Trials)
{
    /// <summary>Successes out of trials, Wilson interval.</summary>
    public static Estimate Wilson(int successes, int trials)
    {
        var (lower, upper) = WilsonInterval.Compute(successes, trials);
        return new Estimate(trials == 0 ? 0 : successes / (double)trials, lower, upper, successes, trials);
    }

    /// <summary>As results JSON: <c>{value, ci95: [lower, upper], n: "successes/trials"}</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["value"] = Math.Round(Value, 4), ["ci95"] = new JsonArray(Math.Round(Lower, 4), Math.Round(Upper, 4)), ["n"] = $"{Successes}/{Trials}",
    };
}

/// <summary>
/// The thesis's smear-level figures (ch. 5.4): sensitivity, specificity, precision and accuracy of
/// "MDS-suspected" against the diagnosis, each with a Wilson 95 % interval, and the AUC of the dysplastic
/// fraction with a stratified bootstrap 95 % interval (percentile, seeded, so a rerun gives the same).
/// </summary>
internal sealed record ScreeningMetrics(Estimate Sensitivity, Estimate Specificity, Estimate Precision, Estimate Accuracy,
    double Auc, double AucLower, double AucUpper, int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>Bootstrap resamples of the AUC interval.</summary>
    public const int BootstrapResamples = 2000;

    /// <summary>Computes the figures from calls, diagnoses and fractions (one entry per smear).</summary>
    public static ScreeningMetrics Compute(IReadOnlyList<bool> calledMds, IReadOnlyList<bool> isMds, IReadOnlyList<double> fractions, int seed = 1)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < isMds.Count; i++)
        {
            if (isMds[i]) { if (calledMds[i]) tp++; else fn++; }
            else if (calledMds[i]) fp++; else tn++;
        }
        var auc = RocCurve.Compute(fractions, isMds).Auc;
        var (lower, upper) = BootstrapAuc(fractions, isMds, seed);
        return new ScreeningMetrics(Estimate.Wilson(tp, tp + fn), Estimate.Wilson(tn, tn + fp), Estimate.Wilson(tp, tp + fp),
            Estimate.Wilson(tp + tn, isMds.Count), auc, lower, upper, tp, fp, tn, fn);
    }

    /// <summary>Resamples positives and negatives separately (their counts stay fixed) and takes the 2.5 and 97.5 percentiles.</summary>
    private static (double Lower, double Upper) BootstrapAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> positive, int seed)
    {
        var pos = Enumerable.Range(0, scores.Count).Where(i => positive[i]).Select(i => scores[i]).ToArray();
        var neg = Enumerable.Range(0, scores.Count).Where(i => !positive[i]).Select(i => scores[i]).ToArray();
        if (pos.Length == 0 || neg.Length == 0) return (0, 0);
        var random = new Random(seed);
        var aucs = new double[BootstrapResamples];
        for (var b = 0; b < BootstrapResamples; b++)
        {
            var p = Enumerable.Range(0, pos.Length).Select(_ => pos[random.Next(pos.Length)]).ToArray();
            var n = Enumerable.Range(0, neg.Length).Select(_ => neg[random.Next(neg.Length)]).ToArray();
            aucs[b] = MannWhitneyAuc(p, n);
        }
        Array.Sort(aucs);
        return (aucs[(int)(0.025 * (BootstrapResamples - 1))], aucs[(int)Math.Ceiling(0.975 * (BootstrapResamples - 1))]);
    }

    /// <summary>P(positive outscores negative), ties 1/2: the same value as the ROC trapezoid area.</summary>
    private static double MannWhitneyAuc(double[] positives, double[] negatives)
    {
        var sortedNeg = negatives.Order().ToArray();
        double sum = 0;
        foreach (var s in positives)
        {
            var below = LowerBound(sortedNeg, s);
            var notAbove = UpperBound(sortedNeg, s);
            sum += below + 0.5 * (notAbove - below);
        }
        return sum / (positives.Length * (double)negatives.Length);
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { var mid = (lo + hi) / 2; if (sorted[mid] < value) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { var mid = (lo + hi) / 2; if (sorted[mid] <= value) lo = mid + 1; else hi = mid; }
        return lo;
    }
}
