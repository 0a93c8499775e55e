using ScottPlot;

namespace Hematology.ML.Explain;

/// <summary>Scatter plots of 2-D embeddings (t-SNE), one colour per class, as PNG (ScottPlot).</summary>
internal static class EmbeddingPlots
{
    /// <summary>A scatter of <paramref name="points"/> coloured by <paramref name="labels"/>, classes in the given order.</summary>
    public static byte[] ScatterPng(IReadOnlyList<float[]> points, IReadOnlyList<string> labels, IReadOnlyList<string> classes, string title, int width = 820, int height = 600)
    {
        if (points.Count != labels.Count) throw new ArgumentException($"{points.Count} points but {labels.Count} labels.", nameof(labels));
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var c = 0; c < classes.Count; c++)
        {
            var members = Enumerable.Range(0, points.Count).Where(i => labels[i] == classes[c]).ToArray();
            if (members.Length == 0) continue;
            var scatter = plot.Add.ScatterPoints(members.Select(i => (double)points[i][0]).ToArray(), members.Select(i => (double)points[i][1]).ToArray());
            scatter.Color = palette.GetColor(c).WithAlpha(0.75);
            scatter.MarkerSize = points.Count > 1000 ? 3 : 5;
            scatter.LegendText = $"{classes[c]} ({members.Length})";
        }
        plot.Title(title);
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.ShowLegend(Edge.Right); // beside the plot: clusters fill every corner of a t-SNE
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
