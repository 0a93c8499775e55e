using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hematology.ML.Imaging;

namespace Hematology.ML.Screening;

/// <summary>
/// A smear's screening result as JSON (the keys <c>decision</c>, <c>differential</c>, <c>neutrophils</c>
/// [{file, score, dysplastic}], <c>dysplastic_fraction</c>, <c>threshold</c>, <c>simulated_training</c>, the
/// stain control, <c>domain</c> with the <c>decision_warning</c> it gives when the smear is unlike the training lab, and <c>cells</c> [{file, class, probability, most_likely}]) and as an HTML page with thumbnails
/// of the flagged neutrophils. Files are named by their file name only: a smear folder's path may carry a
/// patient identifier.
/// </summary>
public static class ScreeningReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The JSON object of a result.</summary>
    public static JsonObject ToJson(SmearScreeningResult result) => new()
    {
        ["decision"] = result.Decision.ToText(),
        ["decision_warning"] = result.Domain?.Warning,
        ["differential"] = new JsonObject(result.Differential.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["n_cells"] = result.Cells,
        ["n_neutrophils"] = result.Neutrophils.Count,
        ["neutrophils"] = new JsonArray(result.Neutrophils.Select(n => (JsonNode)new JsonObject
        {
            ["file"] = Path.GetFileName(n.File), ["score"] = Math.Round(n.Score, 4), ["dysplastic"] = n.Dysplastic,
        }).ToArray()),
        ["cells"] = new JsonArray(result.ClassifiedCells.Select(c => (JsonNode)new JsonObject
        {
            ["file"] = Path.GetFileName(c.File), ["class"] = c.Class, ["probability"] = Math.Round(c.Probability, 4), ["most_likely"] = c.MostLikely,
        }).ToArray()),
        ["dysplastic_fraction"] = Math.Round(result.DysplasticFraction, 4),
        ["threshold"] = result.Thresholds.SmearThreshold,
        ["dysplasia_cutoff"] = result.Thresholds.DysplasiaCutoff,
        ["minimum_neutrophils"] = result.Thresholds.MinimumNeutrophils,
        ["stain_control"] = new JsonObject
        {
            ["status"] = result.Stain.Status switch { StainStatus.Adequate => "adequate", StainStatus.Insufficient => "insufficient", _ => "not-checked" },
            ["stain_index"] = result.Stain.StainIndex is { } i ? Math.Round(i, 2) : null,
            ["minimum"] = result.Thresholds.StainIndexMinimum is { } m ? Math.Round(m, 2) : null,
            ["control_cells"] = result.Stain.ControlCells,
        },
        ["simulated_training"] = result.SimulatedTraining,
        ["domain"] = result.Domain?.ToJson(),
        ["skipped"] = new JsonArray(result.Skipped.Select(s => (JsonNode)new JsonObject { ["file"] = Path.GetFileName(s.Path), ["reason"] = s.Reason }).ToArray()),
        ["note"] = "Research software, not a medical device." + (result.SimulatedTraining ? " DysplasiaNet and the thresholds were trained on SIMULATED dysplasia: not clinical." : ""),
    };

    /// <summary>Writes the JSON report.</summary>
    public static void WriteJson(SmearScreeningResult result, string path)
    {
        EnsureDirectory(path);
        File.WriteAllText(path, ToJson(result).ToJsonString(Indented) + "\n");
    }

    /// <summary>
    /// The HTML page: decision, differential, fraction, stain control, thumbnails of the flagged neutrophils with
    /// their scores and, where <paramref name="overlays"/> has one for the file, its Grad-CAM overlay beside it.
    /// </summary>
    public static string ToHtml(SmearScreeningResult result, IReadOnlyDictionary<string, byte[]>? overlays = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>MDS screening report</title><style>")
            .Append("body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px}")
            .Append(".banner{background:#b00;color:#fff;padding:10px;font-weight:bold;font-size:1.2em}.cell{display:inline-block;margin:4px;text-align:center;font-size:.85em}")
            .Append(".cell img{width:128px;height:128px;border:3px solid #b00}.cell img.cam{width:144px;border-color:#fff}.warning{background:#fff3cd;border:1px solid #c90;padding:10px;margin:8px 0}</style></head><body>");
        if (result.SimulatedTraining)
            html.Append("<div class=\"banner\">SIMULATED TRAINING: DysplasiaNet and the thresholds learned from simulated hypogranulation. Not clinical.</div>");
        html.Append($"<h1>MDS screening: {Encode(result.Decision.ToText())}</h1>");
        if (result.Domain?.Warning is { } warning)
            html.Append($"<div class=\"warning\"><b>Unlike the training lab.</b> {Encode(warning)}</div>");
        html
            .Append($"<p>{result.Neutrophils.Count} neutrophils of {result.Cells} cells; {result.DysplasticNeutrophils} dysplastic (score &ge; {result.Thresholds.DysplasiaCutoff:F3}); ")
            .Append($"dysplastic fraction <b>{result.DysplasticFraction:P1}</b> against the threshold {result.Thresholds.SmearThreshold:P1}; ")
            .Append($"minimum {result.Thresholds.MinimumNeutrophils} neutrophils.</p>")
            .Append($"<p>Stain control: {Encode(result.Stain.Status.ToString())}, index {(result.Stain.StainIndex is { } i ? i.ToString("F1") : "-")} ")
            .Append($"(minimum {(result.Thresholds.StainIndexMinimum is { } m ? m.ToString("F1") : "not calibrated")}) over {result.Stain.ControlCells} control granulocyte(s).</p>")
            .Append("<h2>Differential count</h2><table><tr><th>class</th><th>cells</th><th>%</th></tr>");
        foreach (var (cls, n) in result.Differential)
            html.Append($"<tr><td>{Encode(cls)}</td><td>{n}</td><td>{(result.Cells > 0 ? 100.0 * n / result.Cells : 0):F1}</td></tr>");
        html.Append("</table><h2>Flagged neutrophils</h2>");
        if (overlays is { Count: > 0 })
            html.Append("<p>Beside each cell, DysplasiaNet's Grad-CAM for the dysplastic class: red where the evidence for hypogranulation was strongest, blue where there was none (scale per cell, bar on the right).</p>");
        var flagged = result.Neutrophils.Where(n => n.Dysplastic).OrderByDescending(n => n.Score).ToArray();
        if (flagged.Length == 0) html.Append("<p>None.</p>");
        foreach (var n in flagged)
        {
            var thumbnail = Thumbnail(result, n.File);
            var heat = overlays?.GetValueOrDefault(n.File) is { } png
                ? $" <img class=\"cam\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" alt=\"Grad-CAM of {Encode(Path.GetFileName(n.File))}\">" : "";
            html.Append($"<div class=\"cell\"><img src=\"{thumbnail}\" alt=\"{Encode(Path.GetFileName(n.File))}\">{heat}<br>{Encode(Path.GetFileName(n.File))}<br>score {n.Score:F3}</div>");
        }
        html.Append("<p><small>Research software, not a medical device.</small></p></body></html>");
        return html.ToString();
    }

    // The flagged cell as the screen decoded it (and the models saw it); a result without its pixels shows none.
    private static string Thumbnail(SmearScreeningResult result, string file) => result.FlaggedCellImages.GetValueOrDefault(file) is { } cell
        ? $"data:image/jpeg;base64,{Convert.ToBase64String(CellImageDecoder.EncodeJpeg(cell, CellImagePreprocessor.WorkingSetJpegQuality))}" : "";

    /// <summary>Writes the HTML report.</summary>
    public static void WriteHtml(SmearScreeningResult result, string path, IReadOnlyDictionary<string, byte[]>? overlays = null)
    {
        EnsureDirectory(path);
        File.WriteAllText(path, ToHtml(result, overlays));
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static void EnsureDirectory(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory) Directory.CreateDirectory(directory);
    }
}
