namespace Hematology.ML.Evaluation;

/// <summary>
/// Receiver operating characteristic curve of a binary (or one-versus-all) scorer, and its area.
/// </summary>
/// <remarks>
/// Samples are sorted by decreasing score and one point is emitted per <em>distinct</em> score, so
/// tied samples enter the positive set together. The curve therefore draws a diagonal segment across
/// a tie, and the trapezoid area equals the Mann-Whitney probability that a random positive outscores
/// a random negative with ties counting 1/2. The curve starts at (0, 0) (threshold +inf) and ends at (1, 1).
/// When there are no positives (or no negatives) the corresponding rate is 0 throughout
/// (division-by-zero convention), which makes the AUC 0.
/// </remarks>
public sealed class RocCurve
{
    private readonly RocPoint[] _points;

    private RocCurve(RocPoint[] points, int positives, int negatives)
    {
        _points = points;
        Positives = positives;
        Negatives = negatives;
        double auc = 0;
        for (int i = 1; i < points.Length; i++)
            auc += (points[i].Fpr - points[i - 1].Fpr) * (points[i].Tpr + points[i - 1].Tpr) / 2;
        Auc = auc;
    }

    /// <summary>Computes the curve from scores (higher = more likely positive) and binary truths.</summary>
    /// <exception cref="ArgumentException">Lengths differ or a score is NaN.</exception>
    public static RocCurve Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> isPositive)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(isPositive);
        if (scores.Count != isPositive.Count)
            throw new ArgumentException($"{scores.Count} scores but {isPositive.Count} labels.", nameof(isPositive));

        int n = scores.Count;
        var order = new int[n];
        int positives = 0;
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(scores[i])) throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
            order[i] = i;
            if (isPositive[i]) positives++;
        }
        int negatives = n - positives;
        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]));

        var points = new List<RocPoint>(n + 1) { new(0, 0, double.PositiveInfinity) };
        int tp = 0, fp = 0;
        for (int i = 0; i < n;)
        {
            double s = scores[order[i]];
            // Consume the whole tie group before emitting a point.
            for (; i < n && scores[order[i]] == s; i++)
            {
                if (isPositive[order[i]]) tp++; else fp++;
            }
            points.Add(new RocPoint(SafeMath.Ratio(fp, negatives), SafeMath.Ratio(tp, positives), s));
        }
        return new RocCurve(points.ToArray(), positives, negatives);
    }

    /// <summary>Points from (0, 0) to (1, 1) in order of decreasing threshold.</summary>
    public IReadOnlyList<RocPoint> Points => _points;

    /// <summary>Area under the curve by the trapezoid rule (0-1).</summary>
    public double Auc { get; }

    /// <summary>Number of positive samples.</summary>
    public int Positives { get; }

    /// <summary>Number of negative samples.</summary>
    public int Negatives { get; }

    /// <summary>False-positive rates of <see cref="Points"/>, for plotting and JSON.</summary>
    public double[] FalsePositiveRates => _points.Select(p => p.Fpr).ToArray();

    /// <summary>True-positive rates of <see cref="Points"/>, for plotting and JSON.</summary>
    public double[] TruePositiveRates => _points.Select(p => p.Tpr).ToArray();

    /// <summary>
    /// The cut-off maximising Youden's J = TPR - FPR. Ties are broken towards the highest threshold
    /// (the more specific operating point). If no point beats the (0, 0) start, its +inf threshold is
    /// returned, meaning "never predict positive".
    /// </summary>
    internal RocCutoff YoudenOptimal()
    {
        var best = _points[0];
        foreach (var p in _points)
            if (p.Tpr - p.Fpr > best.Tpr - best.Fpr) best = p;
        return new RocCutoff(best.Threshold, best.Tpr, best.Fpr);
    }
}
