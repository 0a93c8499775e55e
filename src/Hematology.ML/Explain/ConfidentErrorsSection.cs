using System.Globalization;
using System.Net;
using System.Text;
using Hematology.ML.Cells;
using Hematology.ML.Evaluation;

namespace Hematology.ML.Explain;

/// <summary>
/// The error-analysis section of an evaluation report (thesis: monocyte vs ig, ig vs neutrophil, erythroblast
/// vs lymphocyte, basophil vs eosinophil): the most confident errors of each confusion cell, most frequent
/// confusions first, each with its Grad-CAM for the predicted and for the true class. Files are named by
/// file name alone: the folders above them may carry patient identifiers.
/// </summary>
internal static class ConfidentErrorsSection
{
    /// <summary>The section's heading.</summary>
    public const string Title = "Most confident errors";

    /// <summary>Confusion cells drawn unless told otherwise; the rest are counted in one sentence.</summary>
    public const int DefaultMaxCells = 12;

    /// <summary>How many errors <see cref="Build"/> draws (and reports progress over).</summary>
    public static int PicturedErrors(IReadOnlyList<ConfusionCellErrors> cells, int maxCells = DefaultMaxCells) =>
        cells.Take(maxCells).Sum(c => c.MostConfident.Count);

    /// <summary>
    /// The section for <paramref name="cells"/> (as <see cref="ConfidentErrors.Select"/> orders them). Grad-CAM runs
    /// only on the errors drawn, and only when <paramref name="model"/> is one network (<see cref="ExplainableNetwork.Find"/>);
    /// otherwise the section says so and shows the cells alone.
    /// </summary>
    /// <param name="cells">Confusion cells with their most confident errors.</param>
    /// <param name="model">The evaluated model.</param>
    /// <param name="modelName">The model's name, for the sentence explaining a missing Grad-CAM.</param>
    /// <param name="maxCells">Confusion cells drawn at most.</param>
    /// <param name="progress">Receives the number of errors drawn so far.</param>
    /// <param name="cancellationToken">Stops between Grad-CAM passes.</param>
    public static ReportSection Build(IReadOnlyList<ConfusionCellErrors> cells, ICellClassifier model, string modelName,
        int maxCells = DefaultMaxCells, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCells);
        if (cells.Count == 0)
            return ReportSection.FromHtml(Title, "<p>No errors: every image was given its labelled class.</p>");

        var network = ExplainableNetwork.Find(model);
        var gradCam = network is null ? null : new GradCam(network);
        var html = new StringBuilder();
        html.Append("<p>For each confusion (true class, predicted class), the errors the model was surest of, the most frequent confusions first. ");
        html.AppendLine(gradCam is null
            ? $"Grad-CAM is available only for network models: {E(modelName)} is not one convolutional network (deep features into an SVM, or an ensemble of several), so the cells are shown without maps.</p>"
            : $"Grad-CAM (layer {E(gradCam.Layer)}, one upright view) shows where the network found the evidence for the class it predicted, which is why it thought so, and beside it its evidence for the true class; red is strongest, each map scaled to its own maximum.</p>");

        var drawn = cells.Take(maxCells).ToArray();
        var pictures = ConfidentErrorPictures.Render(drawn.SelectMany(c => c.MostConfident).ToArray(), gradCam,
            progress: progress, cancellationToken: cancellationToken);
        var next = 0;
        foreach (var cell in drawn)
        {
            AppendCell(html, cell, pictures.Skip(next).Take(cell.MostConfident.Count), gradCam is not null);
            next += cell.MostConfident.Count;
        }
        if (cells.Count > maxCells)
        {
            var rest = cells.Skip(maxCells).ToArray();
            html.Append("<p>").Append(rest.Length.ToString(CultureInfo.InvariantCulture)).Append(" further confusions (")
                .Append(rest.Sum(c => c.Count).ToString(CultureInfo.InvariantCulture)).AppendLine(" images) are not shown.</p>");
        }
        return ReportSection.FromHtml(Title, html.ToString());
    }

    /// <summary>The caption of an error: "true X, predicted Y (p = 0.93)".</summary>
    public static string Caption(ConfidentError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        // Rounded to two decimals, 0.996 would read as a certainty the model did not claim: three, cut rather than rounded.
        var p = error.Probability >= 0.995
            ? (Math.Floor(error.Probability * 1000) / 1000).ToString("0.000", CultureInfo.InvariantCulture)
            : error.Probability.ToString("0.00", CultureInfo.InvariantCulture);
        return $"true {error.TrueClass}, predicted {error.PredictedClass} (p = {p})";
    }

    private static void AppendCell(StringBuilder html, ConfusionCellErrors cell, IEnumerable<ConfidentErrorPictures> pictures, bool explained)
    {
        var count = cell.Count.ToString(CultureInfo.InvariantCulture);
        html.Append("<h3>true ").Append(E(cell.TrueClass)).Append(", predicted ").Append(E(cell.PredictedClass)).Append(": ")
            .Append(count).Append(cell.Count == 1 ? " image" : " images");
        if (cell.MostConfident.Count < cell.Count)
            html.Append(" (").Append(cell.MostConfident.Count.ToString(CultureInfo.InvariantCulture)).Append(" most confident shown)");
        html.AppendLine("</h3>");
        html.Append("<table><tr><th>Error</th><th>Cell</th>");
        if (explained)
            html.Append("<th>Grad-CAM for ").Append(E(cell.PredictedClass)).Append(" (predicted)</th><th>Grad-CAM for ")
                .Append(E(cell.TrueClass)).Append(" (true)</th>");
        html.AppendLine("</tr>");
        foreach (var picture in pictures)
        {
            var name = Path.GetFileName(picture.Error.File);
            html.Append("<tr><td>").Append(E(Caption(picture.Error))).Append("<br><code>").Append(E(name)).Append("</code></td>");
            if (picture.Unreadable is not null)
            {
                // Not the reason itself: an I/O message names the full path.
                html.Append("<td colspan=\"").Append(explained ? 3 : 1).AppendLine("\">the file could not be read again</td></tr>");
                continue;
            }
            Picture(html, picture.Cell, name);
            if (explained)
            {
                Picture(html, picture.PredictedMap, $"Grad-CAM for {cell.PredictedClass} of {name}");
                Picture(html, picture.TrueMap, $"Grad-CAM for {cell.TrueClass} of {name}");
            }
            html.AppendLine("</tr>");
        }
        html.AppendLine("</table>");
    }

    private static void Picture(StringBuilder html, byte[]? png, string alt)
    {
        html.Append("<td>");
        if (png is not null) html.AppendPng(png, alt);
        html.Append("</td>");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
