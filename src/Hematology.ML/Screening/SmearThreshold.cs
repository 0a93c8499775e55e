using Hematology.ML.Evaluation;

namespace Hematology.ML.Screening;

/// <summary>
/// The threshold on a smear's dysplastic fraction (dysplastic neutrophils / neutrophils): a smear is
/// MDS-suspected when its fraction is &gt;= the threshold. Chosen on tuning smears (MDS vs non-MDS;
/// understained smears are for the stain control and stay out), never on proof-of-concept smears.
/// </summary>
internal static class SmearThreshold
{
    /// <summary>The Youden-optimal threshold of fractions against diagnoses (true = MDS).</summary>
    /// <exception cref="HematologyException">One diagnosis only, NaN fractions, or fractions that do not separate the diagnoses.</exception>
    public static RocCutoff Choose(IReadOnlyList<double> dysplasticFractions, IReadOnlyList<bool> isMds) =>
        YoudenSelection.Choose(dysplasticFractions, isMds, "smear", "MDS smears", "non-MDS smears");
}
