using Hematology.ML.Models;

namespace Hematology.ML.Screening;

/// <summary>The one answer of a smear screen, as the JSON report spells it.</summary>
public enum ScreeningDecision
{
    /// <summary>Dysplastic fraction at or above the smear threshold, stain adequate.</summary>
    MdsSuspected,

    /// <summary>Dysplastic fraction below the smear threshold.</summary>
    NoMds,

    /// <summary>Fewer neutrophils than the documented minimum: no decision.</summary>
    InsufficientNeutrophils,

    /// <summary>The control granulocytes are understained: faded granules could pass for hypogranulation, so no MDS call.</summary>
    StainQualityInsufficient,
}

/// <summary>The decision rule, apart from images, so it can be tested on numbers.</summary>
public static class ScreeningDecisions
{
    /// <summary>The report's spelling: mds-suspected, no-mds, insufficient-neutrophils, stain-quality-insufficient.</summary>
    public static string ToText(this ScreeningDecision decision) => decision switch
    {
        ScreeningDecision.MdsSuspected => "mds-suspected",
        ScreeningDecision.NoMds => "no-mds",
        ScreeningDecision.InsufficientNeutrophils => "insufficient-neutrophils",
        ScreeningDecision.StainQualityInsufficient => "stain-quality-insufficient",
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    /// <summary>
    /// Too few neutrophils first (nothing else can be judged), then the stain control: an understained
    /// smear gets no MDS or no-MDS call at all, whatever its fraction (thesis ch. 5.5's concern: faded
    /// granules pass for hypogranulation, and paling changes what DysplasiaNet sees either way, so the lab
    /// should re-stain). Otherwise the fraction decides: MDS-suspected at or above the threshold.
    /// </summary>
    public static ScreeningDecision Decide(int neutrophils, double dysplasticFraction, StainCheck stain, ScreeningThresholds thresholds)
    {
        if (neutrophils < thresholds.MinimumNeutrophils) return ScreeningDecision.InsufficientNeutrophils;
        if (stain.Status == StainStatus.Insufficient) return ScreeningDecision.StainQualityInsufficient;
        return dysplasticFraction >= thresholds.SmearThreshold ? ScreeningDecision.MdsSuspected : ScreeningDecision.NoMds;
    }
}
