using Hematology.ML.Evaluation;

namespace Hematology.ML.Screening;

/// <summary>
/// How well P(dysplastic) separates labelled neutrophils: ROC AUC, accuracy at 0.5 and the Youden
/// cut-off with its sensitivity and specificity. Unreadable cells (NaN scores) are left out and counted.
/// </summary>
internal sealed record ByCellEvaluation(int Cells, int Dysplastic, double Auc, double AccuracyAtHalf, RocCutoff Cutoff, int Unscored)
{
    /// <summary>Evaluates scores against truths (true = dysplastic).</summary>
    public static ByCellEvaluation Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> isDysplastic)
    {
        var keep = Enumerable.Range(0, scores.Count).Where(i => !double.IsNaN(scores[i])).ToArray();
        var s = keep.Select(i => scores[i]).ToArray();
        var y = keep.Select(i => isDysplastic[i]).ToArray();
        var roc = RocCurve.Compute(s, y);
        var correct = Enumerable.Range(0, s.Length).Count(i => (s[i] >= 0.5) == y[i]);
        return new ByCellEvaluation(s.Length, y.Count(v => v), roc.Auc, SafeMath.Ratio(correct, s.Length),
            roc.YoudenOptimal(), scores.Count - s.Length);
    }
}
