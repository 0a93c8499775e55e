using System.Globalization;
using System.Net;
using System.Text;

namespace Hematology.ML.Evaluation;

/// <summary>
/// Self-contained HTML page of an evaluation: summary table, confusion-matrix heatmap, per-class
/// metrics, one-versus-all ROC curves and optional extra sections. Images are embedded as base64 PNG
/// so the single file can be mailed or archived. Every string taken from data (class names, model,
/// dataset, titles) is HTML-encoded.
/// </summary>
internal sealed class HtmlReport
{
    private readonly List<ReportSection> _sections = [];

    /// <summary>Creates a report of <paramref name="result"/>.</summary>
    /// <param name="result">The evaluation to report.</param>
    /// <param name="title">Page title; defaults to "Hematology.ML evaluation".</param>
    public HtmlReport(EvaluationResult result, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
        Title = title ?? "Hematology.ML evaluation";
    }

    /// <summary>The reported evaluation.</summary>
    public EvaluationResult Result { get; }

    /// <summary>Page title.</summary>
    public string Title { get; }

    /// <summary>Extra sections, rendered after the standard ones in insertion order.</summary>
    public IReadOnlyList<ReportSection> Sections => _sections;

    /// <summary>Appends an extra section; returns this report for chaining.</summary>
    public HtmlReport AddSection(ReportSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        _sections.Add(section);
        return this;
    }

    /// <summary>Appends a section with a trusted HTML fragment.</summary>
    public HtmlReport AddHtmlSection(string title, string htmlFragment) => AddSection(ReportSection.FromHtml(title, htmlFragment));

    /// <summary>Appends a section with a PNG image.</summary>
    public HtmlReport AddImageSection(string title, byte[] png, string? caption = null) =>
        AddSection(ReportSection.FromPng(title, png, caption));

    /// <summary>Renders the whole page.</summary>
    public string Render()
    {
        var r = Result;
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append("<title>").Append(E(Title)).AppendLine("</title>");
        sb.AppendLine("<style>body{font-family:sans-serif;margin:2em;max-width:1100px}" +
                      "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #bbb;padding:4px 10px;text-align:right}" +
                      "th:first-child,td:first-child{text-align:left}img{max-width:100%}</style>");
        sb.AppendLine("</head><body>");
        sb.Append("<h1>").Append(E(Title)).AppendLine("</h1>");

        sb.AppendLine("<h2>Summary</h2><table>");
        if (r.Model is not null) Row(sb, "Model", E(r.Model));
        if (r.Dataset is not null) Row(sb, "Dataset", E(r.Dataset));
        string ci = r.AccuracyCi95.Length == 2 ? $" (95% CI {P(r.AccuracyCi95[0])} – {P(r.AccuracyCi95[1])})" : "";
        Row(sb, "Accuracy", P(r.Accuracy) + ci);
        Row(sb, "Macro sensitivity", P(r.Macro.Sensitivity));
        Row(sb, "Macro specificity", P(r.Macro.Specificity));
        Row(sb, "Macro precision", P(r.Macro.Precision));
        Row(sb, "Macro F1", P(r.Macro.F1));
        Row(sb, "Macro AUC", r.Macro.Auc is { } auc ? F(auc) : "n/a");
        Row(sb, "Images evaluated", r.NImages.ToString(CultureInfo.InvariantCulture));
        Row(sb, "Unreadable files skipped", r.NSkipped.ToString(CultureInfo.InvariantCulture));
        sb.AppendLine("</table>");

        sb.AppendLine("<h2>Confusion matrix</h2>");
        sb.AppendLine("<p>Rows: true class; columns: predicted class. Cells show the count and the row percentage.</p>");
        if (r.Classes.Length > 0)
            Image(sb, EvaluationPlots.ConfusionMatrixPng(r), "Confusion matrix");

        sb.AppendLine("<h2>Per-class metrics (one versus all)</h2><table>");
        sb.AppendLine("<tr><th>Class</th><th>Sensitivity</th><th>Specificity</th><th>Precision</th><th>F1</th><th>AUC</th><th>Support</th></tr>");
        foreach (var name in r.Classes)
        {
            if (!r.PerClass.TryGetValue(name, out var m)) continue;
            sb.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(P(m.Sensitivity))
              .Append("</td><td>").Append(P(m.Specificity)).Append("</td><td>").Append(P(m.Precision))
              .Append("</td><td>").Append(P(m.F1)).Append("</td><td>").Append(m.Auc is { } a ? F(a) : "n/a")
              .Append("</td><td>").Append(m.Support.ToString(CultureInfo.InvariantCulture)).AppendLine("</td></tr>");
        }
        sb.AppendLine("</table>");

        if (r.Roc.Count > 0)
        {
            sb.AppendLine("<h2>ROC curves (one versus all)</h2>");
            Image(sb, EvaluationPlots.RocCurvesPng(r), "ROC curves");
        }

        foreach (var s in _sections)
        {
            sb.Append("<h2>").Append(E(s.Title)).AppendLine("</h2>");
            if (s.HtmlFragment is not null) sb.AppendLine(s.HtmlFragment);
            if (s.Png is not null) Image(sb, s.Png, s.Title);
            if (s.Caption is not null) sb.Append("<p>").Append(E(s.Caption)).AppendLine("</p>");
        }

        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    /// <summary>Writes the page to <paramref name="path"/> (UTF-8), creating the directory if needed.</summary>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllText(path, Render(), new UTF8Encoding(false));
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string P(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder sb, string header, string encodedValue) =>
        sb.Append("<tr><th>").Append(E(header)).Append("</th><td>").Append(encodedValue).AppendLine("</td></tr>");

    private static void Image(StringBuilder sb, byte[] png, string alt) => sb.AppendPng(png, alt).AppendLine();
}
