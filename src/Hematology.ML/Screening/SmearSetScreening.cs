using Hematology.ML.Models;

namespace Hematology.ML.Screening;

/// <summary>A labelled smear and what the screen found in it.</summary>
internal sealed record ScreenedSmear(LabelledSmear Smear, SmearScreeningResult Result);

/// <summary>
/// Screens every smear of a labelled set, and turns the results into the thresholds (on tuning smears)
/// or the figures (on proof-of-concept smears). Decisions can be re-made from a result's numbers, so a
/// set is screened once even when the threshold is chosen from it.
/// </summary>
internal static class SmearSetScreening
{
    /// <summary>Screens each smear; <paramref name="progress"/> hears the number of smears done.</summary>
    public static IReadOnlyList<ScreenedSmear> Screen(MdsScreeningPipeline pipeline, SmearSet set, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var screened = new List<ScreenedSmear>();
        foreach (var smear in set.Smears)
        {
            cancellationToken.ThrowIfCancellationRequested();
            screened.Add(new ScreenedSmear(smear, pipeline.Screen(smear.Folder, null, cancellationToken)));
            progress?.Report(screened.Count);
        }
        return screened;
    }

    /// <summary>
    /// Thresholds from tuning smears: the smear threshold separates MDS from non-MDS among the well-stained
    /// smears with enough neutrophils; the stain minimum separates understained smears from the others
    /// (when the set has understained smears).
    /// </summary>
    /// <exception cref="HematologyException">The tuning set lacks a diagnosis, or nothing separates.</exception>
    public static ScreeningThresholds Calibrate(IReadOnlyList<ScreenedSmear> tuning, ScreeningThresholds start)
    {
        var usable = tuning.Where(s => !s.Smear.Understained && s.Result.Neutrophils.Count >= start.MinimumNeutrophils).ToArray();
        var threshold = SmearThreshold.Choose(usable.Select(s => s.Result.DysplasticFraction).ToArray(), usable.Select(s => s.Smear.IsMds).ToArray());
        double? stainMinimum = null;
        if (tuning.Any(s => s.Smear.Understained))
            stainMinimum = StainQualityControl.Calibrate(tuning.Select(s => s.Result.Stain.StainIndex).ToArray(), tuning.Select(s => s.Smear.Understained).ToArray());
        return start with { SmearThreshold = threshold.Threshold, StainIndexMinimum = stainMinimum };
    }

    /// <summary>The decision of a screened smear under other thresholds.</summary>
    public static ScreeningDecision Redecide(SmearScreeningResult result, ScreeningThresholds thresholds)
    {
        var stain = StainQualityControl.Check(result.Stain.StainIndex is { } index ? [index] : [], thresholds.StainIndexMinimum)
            with { StainIndex = result.Stain.StainIndex, ControlCells = result.Stain.ControlCells };
        return ScreeningDecisions.Decide(result.Neutrophils.Count, result.DysplasticFraction, stain, thresholds);
    }
}
