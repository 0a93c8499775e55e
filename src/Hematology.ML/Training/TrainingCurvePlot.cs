using ScottPlot;

namespace Hematology.ML.Training;

/// <summary>The training curve of a run: accuracy (left axis) and loss (right axis) per epoch, training beside validation.</summary>
internal static class TrainingCurvePlot
{
    /// <summary>A PNG of the curve; a dotted line marks the best epoch.</summary>
    public static byte[] Png(IReadOnlyList<EpochRecord> epochs, string title, int width = 900, int height = 550)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        var plot = new Plot();
        Line(plot, x, epochs.Select(e => 100 * e.TrainAccuracy), "training accuracy (augmented)", Colors.SteelBlue, LinePattern.Solid, null);
        Line(plot, x, epochs.Select(e => 100 * e.ValidationAccuracy), "validation accuracy", Colors.DarkOrange, LinePattern.Solid, null);
        Line(plot, x, epochs.Select(e => e.TrainLoss), "training loss", Colors.SteelBlue, LinePattern.Dashed, plot.Axes.Right);
        Line(plot, x, epochs.Select(e => e.ValidationLoss), "validation loss", Colors.DarkOrange, LinePattern.Dashed, plot.Axes.Right);
        if (epochs.LastOrDefault(e => e.IsBest) is { } best) plot.Add.VerticalLine(best.Epoch, 1, Colors.Gray, LinePattern.Dotted);
        plot.Title(title);
        plot.XLabel("Epoch");
        plot.YLabel("Accuracy (%)");
        plot.Axes.Right.Label.Text = "Loss";
        plot.ShowLegend(Alignment.MiddleRight);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static void Line(Plot plot, double[] x, IEnumerable<double> y, string label, Color color, LinePattern pattern, IYAxis? axis)
    {
        var line = plot.Add.Scatter(x, y.ToArray(), color);
        line.LegendText = label;
        line.LinePattern = pattern;
        if (axis is not null) line.Axes.YAxis = axis;
    }
}
