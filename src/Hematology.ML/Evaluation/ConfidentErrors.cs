namespace Hematology.ML.Evaluation;

/// <summary>
/// The error analysis of the thesis: for each confusion (true t, predicted p, t ≠ p) the images the model
/// was surest about. A confident error says more than a hesitant one: either the label is wrong or the
/// network learned something misleading, and its Grad-CAM shows which.
/// </summary>
internal static class ConfidentErrors
{
    /// <summary>Errors kept per confusion cell unless told otherwise.</summary>
    public const int DefaultPerCell = 3;

    /// <summary>
    /// The confusion cells that hold at least one error, most errors first (ties in class order), each with
    /// its <paramref name="perCell"/> most confident errors; correctly classified images never appear.
    /// </summary>
    /// <param name="files">Image paths, one per evaluated image.</param>
    /// <param name="trueLabels">Index into <paramref name="classNames"/> of each image's labelled class.</param>
    /// <param name="predictedLabels">Index of each image's predicted class.</param>
    /// <param name="probabilities">Each image's probability per class, in class order.</param>
    /// <param name="classNames">Class names in index order.</param>
    /// <param name="perCell">Errors kept per cell (0 keeps none, but still counts the cells).</param>
    /// <exception cref="ArgumentException">The lists differ in length, or a label or probability vector does not fit the classes.</exception>
    public static IReadOnlyList<ConfusionCellErrors> Select(IReadOnlyList<string> files, IReadOnlyList<int> trueLabels,
        IReadOnlyList<int> predictedLabels, IReadOnlyList<IReadOnlyList<double>> probabilities, IReadOnlyList<string> classNames,
        int perCell = DefaultPerCell)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(trueLabels);
        ArgumentNullException.ThrowIfNull(predictedLabels);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentOutOfRangeException.ThrowIfNegative(perCell);
        var n = files.Count;
        if (trueLabels.Count != n || predictedLabels.Count != n || probabilities.Count != n)
            throw new ArgumentException($"{n} files, {trueLabels.Count} true labels, {predictedLabels.Count} predictions and {probabilities.Count} probability vectors: one each per image.");

        var errors = new List<(int True, int Predicted, ConfidentError Error)>();
        for (var i = 0; i < n; i++)
        {
            int t = trueLabels[i], p = predictedLabels[i];
            if ((uint)t >= (uint)classNames.Count || (uint)p >= (uint)classNames.Count)
                throw new ArgumentException($"Image {i} has labels {t} and {p}, outside the {classNames.Count} classes.");
            if (probabilities[i].Count != classNames.Count)
                throw new ArgumentException($"Image {i} has {probabilities[i].Count} probabilities for {classNames.Count} classes.");
            if (t != p) errors.Add((t, p, new ConfidentError(classNames[t], classNames[p], files[i], probabilities[i][p])));
        }

        // OrderBy is stable: equal probabilities keep the input order, so the same run always shows the same files.
        return errors.GroupBy(e => (e.True, e.Predicted))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.True).ThenBy(g => g.Key.Predicted)
            .Select(g => new ConfusionCellErrors(classNames[g.Key.True], classNames[g.Key.Predicted], g.Count(),
                g.Select(e => e.Error).OrderByDescending(e => e.Probability).Take(perCell).ToArray()))
            .ToArray();
    }
}
