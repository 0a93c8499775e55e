using Hematology.ML.Datasets;

namespace Hematology.ML.Screening;

/// <summary>DysplasiaNet's verdict on one neutrophil of a smear.</summary>
/// <param name="File">The image file.</param>
/// <param name="Score">P(dysplastic), the granularity score (high = hypogranulated).</param>
/// <param name="Dysplastic">Score at or above the per-cell cut-off.</param>
public sealed record NeutrophilScore(string File, double Score, bool Dysplastic);

/// <summary>
/// What the screen found in one smear: the differential count of the eight-class model (with "other"),
/// every neutrophil's score, the dysplastic fraction, the stain control and the one decision.
/// </summary>
public sealed record SmearScreeningResult(
    ScreeningDecision Decision,
    IReadOnlyDictionary<string, int> Differential,
    IReadOnlyList<NeutrophilScore> Neutrophils,
    double DysplasticFraction,
    StainCheck Stain,
    ScreeningThresholds Thresholds,
    bool SimulatedTraining,
    IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>Cells the eight-class model classified (readable images).</summary>
    public int Cells => Differential.Values.Sum();

    /// <summary>Neutrophils flagged dysplastic.</summary>
    public int DysplasticNeutrophils => Neutrophils.Count(n => n.Dysplastic);
}
