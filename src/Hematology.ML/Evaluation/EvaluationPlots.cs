using ScottPlot;

namespace Hematology.ML.Evaluation;

/// <summary>
/// PNG charts of an evaluation (ScottPlot 5): the confusion-matrix heatmap and the one-versus-all
/// ROC curves. Used by <see cref="HtmlReport"/> and usable on their own.
/// </summary>
public static class EvaluationPlots
{
    /// <summary>
    /// Confusion-matrix heatmap, rows = true class (top to bottom in class order), columns = predicted.
    /// Cells are coloured by row percentage (so small and large classes are comparable) and show
    /// the count and the row percentage; the text is white on dark cells and black on light ones.
    /// </summary>
    /// <param name="classNames">Class names in index order.</param>
    /// <param name="counts">Counts, rows = true class.</param>
    /// <param name="rowPercent">Row percentages (0-100), rows = true class.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public static byte[] ConfusionMatrixPng(IReadOnlyList<string> classNames, int[][] counts, double[][] rowPercent,
        int width = 900, int height = 800)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(rowPercent);
        int k = classNames.Count;
        if (counts.Length != k || rowPercent.Length != k)
            throw new ArgumentException("Counts and row percentages need one row per class.");

        var plot = new Plot();
        // Intensities[row, column]: ScottPlot draws row 0 at the top, like the printed matrix.
        var intensities = new double[k, k];
        for (int t = 0; t < k; t++)
            for (int p = 0; p < k; p++)
                intensities[t, p] = rowPercent[t][p];

        // ScottPlot's Blues runs dark -> light; reversed, empty cells are white and the diagonal dark blue.
        var colormap = new ReversedColormap(new ScottPlot.Colormaps.Blues());
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = colormap;
        heatmap.ManualRange = new ScottPlot.Range(0, 100);
        // With the default centred cell alignment the extent gives the centres of the corner cells:
        // cell (row t, column p) is centred on x = p, y = k - 1 - t, one unit wide.
        heatmap.Extent = k > 1 ? new CoordinateRect(0, k - 1, 0, k - 1) : new CoordinateRect(-0.5, 0.5, -0.5, 0.5);

        float fontSize = k <= 4 ? 16 : k <= 8 ? 13 : 10;
        for (int t = 0; t < k; t++)
        {
            for (int p = 0; p < k; p++)
            {
                var fill = colormap.GetColor(Math.Clamp(rowPercent[t][p] / 100.0, 0, 1));
                var text = plot.Add.Text($"{counts[t][p]}\n{rowPercent[t][p]:0.0}%", p, k - 1 - t);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = fontSize;
                text.LabelBold = t == p;
                text.LabelFontColor = fill.Luminance < 0.5 ? Colors.White : Colors.Black;
            }
        }

        var positions = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, classNames.ToArray());
        // Long names (erythroblast, lymphocyte) would overlap horizontally: slant them downwards.
        plot.Axes.Bottom.TickLabelStyle.Rotation = 35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperLeft;
        plot.Axes.Bottom.MinimumSize = 110;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            positions, Enumerable.Range(0, k).Select(i => classNames[k - 1 - i]).ToArray());
        plot.Axes.SetLimits(-0.5, k - 0.5, -0.5, k - 0.5);
        plot.XLabel("Predicted class");
        plot.YLabel("True class");
        plot.Title("Confusion matrix (counts and row %)");
        plot.Add.ColorBar(heatmap);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>
    /// All one-versus-all ROC curves in one chart, with each class's AUC in the legend and the
    /// chance diagonal dashed.
    /// </summary>
    /// <param name="curves">Per class name: false-positive and true-positive rates, and the AUC if known.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public static byte[] RocCurvesPng(IEnumerable<(string ClassName, double[] Fpr, double[] Tpr, double? Auc)> curves,
        int width = 800, int height = 700)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var plot = new Plot();
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LineColor = Colors.Gray;
        chance.LinePattern = LinePattern.Dashed;

        foreach (var (name, fpr, tpr, auc) in curves)
        {
            var scatter = plot.Add.Scatter(fpr, tpr);
            scatter.MarkerSize = 0;
            scatter.LineWidth = 2;
            scatter.LegendText = auc is { } a ? $"{name} (AUC = {a:0.0000})" : name;
        }
        plot.Axes.SetLimits(-0.01, 1.01, -0.01, 1.01);
        plot.XLabel("False-positive rate (1 - specificity)");
        plot.YLabel("True-positive rate (sensitivity)");
        plot.Title("One-versus-all ROC curves");
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>ROC chart of an evaluation result (empty chart when it holds no ROC data).</summary>
    public static byte[] RocCurvesPng(EvaluationResult result, int width = 800, int height = 700)
    {
        ArgumentNullException.ThrowIfNull(result);
        var curves = result.Classes
            .Where(result.Roc.ContainsKey)
            .Select(c => (c, result.Roc[c].Fpr, result.Roc[c].Tpr, result.PerClass.TryGetValue(c, out var m) ? m.Auc : null));
        return RocCurvesPng(curves, width, height);
    }

    /// <summary>Confusion-matrix heatmap of an evaluation result.</summary>
    public static byte[] ConfusionMatrixPng(EvaluationResult result, int width = 900, int height = 800)
    {
        ArgumentNullException.ThrowIfNull(result);
        return ConfusionMatrixPng(result.Classes, result.Confusion, result.ConfusionRowPercent, width, height);
    }

    /// <summary>A colormap read backwards.</summary>
    private sealed class ReversedColormap(IColormap inner) : IColormap
    {
        public string Name => inner.Name + " (reversed)";

        public Color GetColor(double normalizedIntensity) => inner.GetColor(1 - normalizedIntensity);
    }
}
