using Hematology.ML.Adaptation;
using Hematology.ML.Imaging;
using Hematology.ML.Models;

namespace Hematology.ML.Screening;

/// <summary>DysplasiaNet's verdict on one neutrophil of a smear.</summary>
/// <param name="File">The image file.</param>
/// <param name="Score">P(dysplastic), the granularity score (high = hypogranulated).</param>
/// <param name="Dysplastic">Score at or above the per-cell cut-off.</param>
public sealed record NeutrophilScore(string File, double Score, bool Dysplastic);

/// <summary>The eight-class model's call on one cell of a smear.</summary>
/// <param name="File">The image file.</param>
/// <param name="Class">The class it counts as in the differential (<c>other</c> when the top probability is below the threshold).</param>
/// <param name="Probability">The top class probability: how sure the model was.</param>
/// <param name="MostLikely">The class of that top probability (differs from <paramref name="Class"/> only for <c>other</c>).</param>
public sealed record ClassifiedCell(string File, string Class, double Probability, string MostLikely);

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

    /// <summary>
    /// Every classified cell with its class and probability, in input order, so a reviewer can see what the model
    /// was unsure of (empty for results made without it).
    /// </summary>
    public IReadOnlyList<ClassifiedCell> ClassifiedCells { get; init; } = [];

    /// <summary>
    /// Whether the smear looks unlike the lab the models learned from (magnification, stain, confidence), with the
    /// plain-words warning the decision carries (null for results made without it).
    /// </summary>
    public DomainCheck? Domain { get; init; }

    /// <summary>
    /// The flagged neutrophils as the screen decoded them (working-set form), by file: Grad-CAM and the report draw on them
    /// instead of reading the files again. Not part of the JSON.
    /// </summary>
    internal IReadOnlyDictionary<string, Imaging.RgbImage> FlaggedCellImages { get; init; } = new Dictionary<string, Imaging.RgbImage>();

    /// <summary>Neutrophils flagged dysplastic.</summary>
    public int DysplasticNeutrophils => Neutrophils.Count(n => n.Dysplastic);
}
