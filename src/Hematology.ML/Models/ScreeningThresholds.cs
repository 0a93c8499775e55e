using System.Text.Json.Serialization;
using Hematology.ML.Cells;

namespace Hematology.ML.Models;

/// <summary>
/// The numbers that turn scores into a smear decision, chosen by <c>hemato dysplasia calibrate</c> on data
/// that the proof of concept never sees. They belong to the model they were calibrated with, so its
/// <see cref="ModelManifest"/> carries them (<see cref="ModelManifest.Screening"/>, <c>"screening"</c> in the
/// DysplasiaNet manifest); the screening namespace reads them from there.
/// </summary>
/// <param name="DysplasiaCutoff">Per-cell cut-off on P(dysplastic) (Youden, on labelled validation cells).</param>
/// <param name="SmearThreshold">Threshold on the smear's dysplastic fraction (Youden, on tuning smears).</param>
/// <param name="StainIndexMinimum">
/// Lowest acceptable stain index of the control granulocytes (<see cref="Hematology.ML.Screening.StainQualityControl"/>); a smear
/// at or below it is <c>stain-quality-insufficient</c>. Null: no stain control was calibrated.
/// </param>
public sealed record ScreeningThresholds(
    [property: JsonPropertyName("dysplasia_cutoff")] double DysplasiaCutoff,
    [property: JsonPropertyName("smear_threshold")] double SmearThreshold,
    [property: JsonPropertyName("stain_index_minimum")] double? StainIndexMinimum)
{
    /// <summary>
    /// Fewest neutrophils a smear needs for a decision. At 20 one cell moves the fraction by 5 points, and
    /// the 95 % interval of a fraction near a threshold of ~0.2 spans about ±0.17 (Wilson); below that the
    /// count says too little. The thesis's smears had far more (CellaVision counts 100+ leukocytes).
    /// </summary>
    public const int DefaultMinimumNeutrophils = 20;

    /// <summary>Fewest neutrophils for a decision (<see cref="DefaultMinimumNeutrophils"/>).</summary>
    [JsonPropertyName("minimum_neutrophils")] public int MinimumNeutrophils { get; init; } = DefaultMinimumNeutrophils;

    /// <summary>Top-probability threshold below which the eight-class model's answer is "other" (thesis ch. 6.4).</summary>
    [JsonPropertyName("other_threshold")] public double OtherThreshold { get; init; } = OtherRejection.DefaultThreshold;

    /// <summary>True when the thresholds were chosen on simulated data.</summary>
    [JsonPropertyName("simulated")] public bool Simulated { get; init; }

    /// <summary>
    /// The eight-class model the smear threshold was calibrated with (a shipped name or a file). The
    /// dysplastic fraction depends on which cells that model calls neutrophils, so a screen uses the same
    /// model unless told otherwise.
    /// </summary>
    [JsonPropertyName("classifier")] public string? Classifier { get; init; }

    /// <summary>The command that chose them.</summary>
    [JsonPropertyName("command")] public string? Command { get; init; }

    /// <summary>UTC date of calibration.</summary>
    [JsonPropertyName("date")] public string? Date { get; init; }

    /// <summary>Refuses values no screen could use.</summary>
    /// <exception cref="HematologyException">A value outside its range.</exception>
    public ScreeningThresholds Validate()
    {
        if (DysplasiaCutoff is < 0 or > 1 || double.IsNaN(DysplasiaCutoff)) throw new HematologyException($"The dysplasia cut-off must be in [0, 1], got {DysplasiaCutoff}.");
        if (SmearThreshold is < 0 or > 1 || double.IsNaN(SmearThreshold)) throw new HematologyException($"The smear threshold must be in [0, 1], got {SmearThreshold}.");
        if (MinimumNeutrophils < 1) throw new HematologyException($"The minimum neutrophil count must be at least 1, got {MinimumNeutrophils}.");
        if (OtherThreshold is < 0 or > 1) throw new HematologyException($"The 'other' threshold must be in [0, 1], got {OtherThreshold}.");
        return this;
    }
}
