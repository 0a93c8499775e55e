using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hematology.ML.Evaluation;
using Hematology.ML.Models;

namespace Hematology.ML.Screening;

/// <summary>
/// The screen's figures on a labelled smear set, evaluated once with fixed thresholds. MDS vs non-MDS is
/// measured on the well-stained smears: a smear counts as called MDS only when its decision is
/// <c>mds-suspected</c> (an MDS smear answered insufficient-neutrophils or stain-quality-insufficient is a
/// miss). Known understained smears are reported apart: how many the stain control caught, and how many
/// were wrongly called MDS.
/// </summary>
internal sealed record ScreeningEvaluation(IReadOnlyList<ScreenedSmear> Smears, ScreeningThresholds Thresholds, ScreeningMetrics? Metrics, bool Simulated)
{
    /// <summary>Evaluates screened smears under <paramref name="thresholds"/> (metrics null when the set has only one diagnosis).</summary>
    public static ScreeningEvaluation Compute(IReadOnlyList<ScreenedSmear> smears, ScreeningThresholds thresholds, bool simulated)
    {
        var main = smears.Where(s => !s.Smear.Understained).ToArray();
        ScreeningMetrics? metrics = null;
        if (main.Any(s => s.Smear.IsMds) && main.Any(s => !s.Smear.IsMds))
            metrics = ScreeningMetrics.Compute(main.Select(s => Decision(s, thresholds) == ScreeningDecision.MdsSuspected).ToArray(),
                main.Select(s => s.Smear.IsMds).ToArray(), main.Select(s => s.Result.DysplasticFraction).ToArray());
        return new ScreeningEvaluation(smears, thresholds, metrics, simulated);
    }

    /// <summary>Decision counts of a group of smears (e.g. the non-MDS ones, or the understained ones).</summary>
    public IReadOnlyDictionary<string, int> DecisionCounts(Func<LabelledSmear, bool> which) => Enum.GetValues<ScreeningDecision>()
        .ToDictionary(d => d.ToText(), d => Smears.Count(s => which(s.Smear) && Decision(s, Thresholds) == d));

    private static ScreeningDecision Decision(ScreenedSmear s, ScreeningThresholds thresholds) => SmearSetScreening.Redecide(s.Result, thresholds);

    /// <summary>The JSON of the evaluation (<c>simulated</c> says whether the smears are a simulation).</summary>
    public JsonObject ToJson(string setName, string command, string? dysplasiaModel)
    {
        static JsonObject Ci(Estimate e) => e.ToJson();
        var json = new JsonObject
        {
            ["simulated"] = Simulated,
            ["smear_set"] = setName,
            ["command"] = command,
            ["dysplasia_model"] = dysplasiaModel,
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            ["thresholds"] = JsonSerializer.SerializeToNode(Thresholds),
            ["smears"] = Smears.Count,
            ["mds_smears"] = Smears.Count(s => !s.Smear.Understained && s.Smear.IsMds),
            ["non_mds_smears"] = Smears.Count(s => !s.Smear.Understained && !s.Smear.IsMds),
            ["understained_smears"] = Smears.Count(s => s.Smear.Understained),
        };
        if (Metrics is { } m)
        {
            json["sensitivity"] = Ci(m.Sensitivity);
            json["specificity"] = Ci(m.Specificity);
            json["precision"] = Ci(m.Precision);
            json["accuracy"] = Ci(m.Accuracy);
            json["auc"] = new JsonObject { ["value"] = Math.Round(m.Auc, 4), ["ci95"] = new JsonArray(Math.Round(m.AucLower, 4), Math.Round(m.AucUpper, 4)), ["method"] = $"stratified bootstrap, {ScreeningMetrics.BootstrapResamples} resamples" };
            json["confusion"] = new JsonObject { ["tp"] = m.TruePositives, ["fp"] = m.FalsePositives, ["tn"] = m.TrueNegatives, ["fn"] = m.FalseNegatives };
        }
        // The rates the screen must show apart from MDS vs non-MDS: non-MDS smears called no-mds, understained ones caught.
        var nonMds = Smears.Where(s => !s.Smear.Understained && !s.Smear.IsMds).ToArray();
        var pale = Smears.Where(s => s.Smear.Understained).ToArray();
        if (nonMds.Length > 0) json["no_mds_rate_of_non_mds"] = Ci(Estimate.Wilson(nonMds.Count(s => Decision(s, Thresholds) == ScreeningDecision.NoMds), nonMds.Length));
        if (pale.Length > 0)
        {
            json["understained_flagged_stain_quality"] = Ci(Estimate.Wilson(pale.Count(s => Decision(s, Thresholds) == ScreeningDecision.StainQualityInsufficient), pale.Length));
            json["understained_called_mds"] = pale.Count(s => Decision(s, Thresholds) == ScreeningDecision.MdsSuspected);
        }
        json["decisions_mds"] = Counts(s => !s.Understained && s.IsMds);
        json["decisions_non_mds"] = Counts(s => !s.Understained && !s.IsMds);
        json["decisions_understained"] = Counts(s => s.Understained);
        json["per_smear"] = new JsonArray(Smears.Select(s => (JsonNode)new JsonObject
        {
            ["smear"] = s.Smear.Id, ["diagnosis"] = s.Smear.IsMds ? "mds" : "normal", ["understained"] = s.Smear.Understained,
            ["neutrophils"] = s.Result.Neutrophils.Count, ["dysplastic_fraction"] = Math.Round(s.Result.DysplasticFraction, 4),
            ["stain_index"] = s.Result.Stain.StainIndex is { } i ? Math.Round(i, 2) : null,
            ["decision"] = Decision(s, Thresholds).ToText(),
        }).ToArray());
        return json;
    }

    /// <summary>The HTML page: figures with intervals and the ROC of the dysplastic fraction.</summary>
    public string ToHtml(string setName)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>MDS screening evaluation</title><style>body{font-family:sans-serif;margin:2em;max-width:1000px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px}.banner{background:#b00;color:#fff;padding:10px;font-weight:bold}</style></head><body>");
        if (Simulated) html.Append("<div class=\"banner\">SIMULATED: these smears and the dysplasia in them are a simulation. Not clinical figures.</div>");
        html.Append($"<h1>MDS screening on '{WebUtility.HtmlEncode(setName)}'</h1><p>{Smears.Count} smears; smear threshold {Thresholds.SmearThreshold:F4}, per-cell cut-off {Thresholds.DysplasiaCutoff:F4}.</p>");
        if (Metrics is { } m)
        {
            html.Append("<table><tr><th>figure</th><th>value</th><th>95 % CI</th><th>n</th></tr>");
            foreach (var (name, e) in new[] { ("sensitivity", m.Sensitivity), ("specificity", m.Specificity), ("precision", m.Precision), ("accuracy", m.Accuracy) })
                html.Append($"<tr><td>{name}</td><td>{e.Value:P1}</td><td>{e.Lower:P1} - {e.Upper:P1}</td><td>{e.Successes}/{e.Trials}</td></tr>");
            html.Append($"<tr><td>AUC</td><td>{m.Auc:F3}</td><td>{m.AucLower:F3} - {m.AucUpper:F3}</td><td>bootstrap</td></tr></table>");
            var main = Smears.Where(s => !s.Smear.Understained).ToArray();
            var roc = RocCurve.Compute(main.Select(s => s.Result.DysplasticFraction).ToArray(), main.Select(s => s.Smear.IsMds).ToArray());
            var png = EvaluationPlots.RocCurvesPng([("dysplastic fraction" + (Simulated ? " (simulated)" : ""), roc.FalsePositiveRates, roc.TruePositiveRates, roc.Auc)]);
            html.Append($"<h2>ROC of the dysplastic fraction</h2><img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" width=\"600\">");
        }
        html.Append("<h2>Decisions</h2><table><tr><th>smears</th>");
        foreach (var d in Enum.GetValues<ScreeningDecision>()) html.Append($"<th>{d.ToText()}</th>");
        html.Append("</tr>");
        foreach (var (label, which) in new (string, Func<LabelledSmear, bool>)[] { ("MDS", s => !s.Understained && s.IsMds), ("non-MDS", s => !s.Understained && !s.IsMds), ("understained", s => s.Understained) })
            html.Append($"<tr><td>{label}</td>{string.Concat(DecisionCounts(which).Values.Select(v => $"<td>{v}</td>"))}</tr>");
        html.Append("</table><p><small>Research software, not a medical device.</small></p></body></html>");
        return html.ToString();
    }

    private JsonObject Counts(Func<LabelledSmear, bool> which) =>
        new(DecisionCounts(which).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
}
