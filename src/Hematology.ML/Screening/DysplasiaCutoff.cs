using Hematology.ML.Evaluation;

namespace Hematology.ML.Screening;

/// <summary>
/// The per-cell cut-off on DysplasiaNet's P(dysplastic): a neutrophil is dysplastic when its score is
/// &gt;= the cut-off. Chosen on labelled cells that took no part in training (the thesis's
/// "test-by-cell" set; here the validation split), never on the proof-of-concept smears.
/// </summary>
internal static class DysplasiaCutoff
{
    /// <summary>The Youden-optimal cut-off of scores against truths (true = dysplastic).</summary>
    /// <exception cref="HematologyException">One class only, NaN scores, or scores that do not separate the classes.</exception>
    public static RocCutoff Choose(IReadOnlyList<double> scores, IReadOnlyList<bool> isDysplastic) =>
        YoudenSelection.Choose(scores, isDysplastic, "per-cell", "dysplastic neutrophils", "normal neutrophils");
}
