namespace Hematology.ML.Evaluation;

/// <summary>
/// All classification metrics of one evaluation: accuracy, per-class one-versus-all metrics, their
/// macro averages and, when class scores are given, one-versus-all ROC curves with AUCs.
/// Definitions follow the thesis (Acevedo, UPC 2021, ch. 4.5); every ratio with a zero denominator is 0.
/// </summary>
public sealed class ClassificationMetrics
{
    private ClassificationMetrics(ConfusionMatrix matrix, IReadOnlyList<ClassMetrics> perClass,
        MacroMetrics macro, IReadOnlyList<RocCurve>? rocCurves)
    {
        Matrix = matrix;
        PerClass = perClass;
        Macro = macro;
        RocCurves = rocCurves;
        Accuracy = SafeMath.Ratio(matrix.Correct, matrix.Total);
    }

    /// <summary>The confusion matrix the metrics come from.</summary>
    public ConfusionMatrix Matrix { get; }

    /// <summary>Class names in index order.</summary>
    public IReadOnlyList<string> ClassNames => Matrix.ClassNames;

    /// <summary>Accuracy = correctly classified / total (0-1).</summary>
    public double Accuracy { get; }

    /// <summary>Per-class metrics in class-index order.</summary>
    public IReadOnlyList<ClassMetrics> PerClass { get; }

    /// <summary>Unweighted means over classes.</summary>
    public MacroMetrics Macro { get; }

    /// <summary>One-versus-all ROC curve per class (class-index order), or null when no scores were given.</summary>
    public IReadOnlyList<RocCurve>? RocCurves { get; }

    /// <summary>95 % Wilson score interval of <see cref="Accuracy"/>.</summary>
    public (double Lower, double Upper) AccuracyCi95 => WilsonInterval.Compute(Matrix.Correct, Matrix.Total);

    /// <summary>Metrics of the class called <paramref name="className"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such class.</exception>
    public ClassMetrics ForClass(string className) =>
        PerClass.FirstOrDefault(m => m.ClassName == className)
        ?? throw new KeyNotFoundException($"Unknown class '{className}'.");

    /// <summary>Metrics from a confusion matrix alone (no ROC/AUC).</summary>
    public static ClassificationMetrics Compute(ConfusionMatrix matrix) => Build(matrix, null);

    /// <summary>
    /// Metrics from a confusion matrix plus per-sample class scores (probabilities) for the ROC curves.
    /// </summary>
    /// <param name="matrix">Confusion matrix of the same samples.</param>
    /// <param name="trueLabels">True class index per sample.</param>
    /// <param name="scores">Per sample, one score per class (class-index order); higher = more likely.</param>
    /// <exception cref="ArgumentException">Sizes disagree with each other or with the matrix.</exception>
    public static ClassificationMetrics Compute(ConfusionMatrix matrix, IReadOnlyList<int> trueLabels,
        IReadOnlyList<IReadOnlyList<double>> scores)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(trueLabels);
        ArgumentNullException.ThrowIfNull(scores);
        int k = matrix.ClassCount;
        if (trueLabels.Count != scores.Count)
            throw new ArgumentException($"{trueLabels.Count} labels but {scores.Count} score vectors.", nameof(scores));
        if (trueLabels.Count != matrix.Total)
            throw new ArgumentException($"{trueLabels.Count} labels but the matrix holds {matrix.Total} samples.", nameof(trueLabels));
        for (int i = 0; i < scores.Count; i++)
        {
            if (scores[i].Count != k)
                throw new ArgumentException($"Sample {i} has {scores[i].Count} scores, expected {k}.", nameof(scores));
            if ((uint)trueLabels[i] >= (uint)k)
                throw new ArgumentException($"True label {trueLabels[i]} at sample {i} is outside 0..{k - 1}.", nameof(trueLabels));
        }

        // The labels must describe the same samples as the matrix, or the ROC and the counts would disagree.
        var perClass = new int[k];
        foreach (var t in trueLabels) perClass[t]++;
        for (int c = 0; c < k; c++)
            if (perClass[c] != matrix.RowTotal(c))
                throw new ArgumentException($"Class {c} has {perClass[c]} labels but {matrix.RowTotal(c)} matrix samples.", nameof(trueLabels));

        var curves = new RocCurve[k];
        var column = new double[scores.Count];
        var positive = new bool[scores.Count];
        for (int c = 0; c < k; c++)
        {
            // One-versus-all: class c is positive, every other class negative, scored by P(c).
            for (int i = 0; i < scores.Count; i++)
            {
                column[i] = scores[i][c];
                positive[i] = trueLabels[i] == c;
            }
            curves[c] = RocCurve.Compute(column, positive);
        }
        return Build(matrix, curves);
    }

    /// <summary>Convenience: builds the confusion matrix from labels and predictions, then the metrics.</summary>
    /// <param name="classNames">Class names in index order.</param>
    /// <param name="trueLabels">True class index per sample.</param>
    /// <param name="predictedLabels">Predicted class index per sample.</param>
    /// <param name="scores">Optional per-sample class scores for ROC/AUC.</param>
    public static ClassificationMetrics FromPredictions(IReadOnlyList<string> classNames, IReadOnlyList<int> trueLabels,
        IReadOnlyList<int> predictedLabels, IReadOnlyList<IReadOnlyList<double>>? scores = null)
    {
        var matrix = new ConfusionMatrix(classNames, trueLabels, predictedLabels);
        return scores is null ? Compute(matrix) : Compute(matrix, trueLabels, scores);
    }

    private static ClassificationMetrics Build(ConfusionMatrix matrix, RocCurve[]? curves)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int k = matrix.ClassCount;
        var perClass = new ClassMetrics[k];
        for (int c = 0; c < k; c++)
        {
            double tp = matrix.TruePositives(c), fn = matrix.FalseNegatives(c);
            double fp = matrix.FalsePositives(c), tn = matrix.TrueNegatives(c);
            double sensitivity = SafeMath.Ratio(tp, tp + fn);
            double precision = SafeMath.Ratio(tp, tp + fp);
            perClass[c] = new ClassMetrics(
                matrix.ClassNames[c],
                sensitivity,
                SafeMath.Ratio(tn, tn + fp),
                precision,
                SafeMath.Ratio(2 * precision * sensitivity, precision + sensitivity),
                matrix.RowTotal(c),
                curves?[c].Auc);
        }

        var macro = new MacroMetrics(
            SafeMath.Mean(perClass.Select(m => m.Sensitivity).ToArray()),
            SafeMath.Mean(perClass.Select(m => m.Specificity).ToArray()),
            SafeMath.Mean(perClass.Select(m => m.Precision).ToArray()),
            SafeMath.Mean(perClass.Select(m => m.F1).ToArray()),
            curves is null ? null : SafeMath.Mean(curves.Select(r => r.Auc).ToArray()));
        return new ClassificationMetrics(matrix, perClass, macro, curves);
    }
}
