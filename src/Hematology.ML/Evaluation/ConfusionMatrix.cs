namespace Hematology.ML.Evaluation;

/// <summary>
/// Confusion matrix of a multi-class classifier: <c>counts[true, predicted]</c>, so rows are the true
/// class and columns the predicted class (the layout of the thesis' confusion matrices, ch. 4.5).
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;
    private readonly string[] _classNames;

    /// <summary>Builds the matrix from per-sample true and predicted class indices.</summary>
    /// <param name="classNames">Class names; index <c>i</c> names class <c>i</c>.</param>
    /// <param name="trueLabels">True class index of every sample.</param>
    /// <param name="predictedLabels">Predicted class index of every sample (same length).</param>
    /// <exception cref="ArgumentException">Lengths differ, no classes, or an index is out of range.</exception>
    public ConfusionMatrix(IReadOnlyList<string> classNames, IReadOnlyList<int> trueLabels, IReadOnlyList<int> predictedLabels)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(trueLabels);
        ArgumentNullException.ThrowIfNull(predictedLabels);
        if (classNames.Count == 0) throw new ArgumentException("At least one class is required.", nameof(classNames));
        if (trueLabels.Count != predictedLabels.Count)
            throw new ArgumentException($"{trueLabels.Count} true labels but {predictedLabels.Count} predictions.", nameof(predictedLabels));

        _classNames = classNames.ToArray();
        int k = _classNames.Length;
        _counts = new int[k, k];
        for (int i = 0; i < trueLabels.Count; i++)
        {
            int t = trueLabels[i], p = predictedLabels[i];
            if ((uint)t >= (uint)k) throw new ArgumentException($"True label {t} at sample {i} is outside 0..{k - 1}.", nameof(trueLabels));
            if ((uint)p >= (uint)k) throw new ArgumentException($"Predicted label {p} at sample {i} is outside 0..{k - 1}.", nameof(predictedLabels));
            _counts[t, p]++;
            Total++;
        }
    }

    private ConfusionMatrix(string[] classNames, int[,] counts)
    {
        _classNames = classNames;
        _counts = counts;
        foreach (var c in counts) Total += c;
    }

    /// <summary>Builds a matrix directly from counts (rows = true class), e.g. read back from a report.</summary>
    /// <exception cref="ArgumentException">The counts are not square with one row per class, or a count is negative.</exception>
    public static ConfusionMatrix FromCounts(IReadOnlyList<string> classNames, IReadOnlyList<IReadOnlyList<int>> counts)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(counts);
        int k = classNames.Count;
        if (k == 0) throw new ArgumentException("At least one class is required.", nameof(classNames));
        if (counts.Count != k) throw new ArgumentException($"Expected {k} rows, got {counts.Count}.", nameof(counts));
        var m = new int[k, k];
        for (int t = 0; t < k; t++)
        {
            if (counts[t].Count != k) throw new ArgumentException($"Row {t} has {counts[t].Count} columns, expected {k}.", nameof(counts));
            for (int p = 0; p < k; p++)
            {
                if (counts[t][p] < 0) throw new ArgumentException("Counts cannot be negative.", nameof(counts));
                m[t, p] = counts[t][p];
            }
        }
        return new ConfusionMatrix(classNames.ToArray(), m);
    }

    /// <summary>Class names in index order.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>Number of classes.</summary>
    public int ClassCount => _classNames.Length;

    /// <summary>Number of samples with true class <paramref name="trueClass"/> predicted as <paramref name="predictedClass"/>.</summary>
    public int this[int trueClass, int predictedClass] => _counts[trueClass, predictedClass];

    /// <summary>Total number of samples.</summary>
    public int Total { get; }

    /// <summary>Number of correctly classified samples (the diagonal).</summary>
    public int Correct
    {
        get
        {
            int s = 0;
            for (int i = 0; i < ClassCount; i++) s += _counts[i, i];
            return s;
        }
    }

    /// <summary>Number of samples whose true class is <paramref name="trueClass"/> (the class support).</summary>
    public int RowTotal(int trueClass)
    {
        int s = 0;
        for (int p = 0; p < ClassCount; p++) s += _counts[trueClass, p];
        return s;
    }

    /// <summary>Number of samples predicted as <paramref name="predictedClass"/>.</summary>
    public int ColumnTotal(int predictedClass)
    {
        int s = 0;
        for (int t = 0; t < ClassCount; t++) s += _counts[t, predictedClass];
        return s;
    }

    /// <summary>One-versus-all true positives of class <paramref name="c"/>: the diagonal cell.</summary>
    public int TruePositives(int c) => _counts[c, c];

    /// <summary>One-versus-all false negatives of class <paramref name="c"/>: its samples predicted as another class.</summary>
    public int FalseNegatives(int c) => RowTotal(c) - _counts[c, c];

    /// <summary>One-versus-all false positives of class <paramref name="c"/>: other classes' samples predicted as <paramref name="c"/>.</summary>
    public int FalsePositives(int c) => ColumnTotal(c) - _counts[c, c];

    /// <summary>One-versus-all true negatives of class <paramref name="c"/>: samples neither of nor predicted as <paramref name="c"/>.</summary>
    public int TrueNegatives(int c) => Total - RowTotal(c) - ColumnTotal(c) + _counts[c, c];

    /// <summary>
    /// Percentage (0-100) of the true class <paramref name="trueClass"/> predicted as <paramref name="predictedClass"/>.
    /// Row percentages make classes of very different sizes comparable (the PBC classes range from
    /// about 1,200 to 3,300 images). An empty row gives 0 (division-by-zero convention).
    /// </summary>
    public double RowPercent(int trueClass, int predictedClass) =>
        100.0 * SafeMath.Ratio(_counts[trueClass, predictedClass], RowTotal(trueClass));

    /// <summary>Counts as a jagged array, rows = true class.</summary>
    public int[][] ToArray()
    {
        var rows = new int[ClassCount][];
        for (int t = 0; t < ClassCount; t++)
        {
            rows[t] = new int[ClassCount];
            for (int p = 0; p < ClassCount; p++) rows[t][p] = _counts[t, p];
        }
        return rows;
    }

    /// <summary>Row percentages (0-100) as a jagged array, rows = true class.</summary>
    public double[][] ToRowPercentArray()
    {
        var rows = new double[ClassCount][];
        for (int t = 0; t < ClassCount; t++)
        {
            rows[t] = new double[ClassCount];
            for (int p = 0; p < ClassCount; p++) rows[t][p] = RowPercent(t, p);
        }
        return rows;
    }
}
