using Hematology.ML.Cells;

namespace Hematology.ML.Adaptation;

/// <summary>
/// Whether a set of images looks unlike the training lab's, in plain words: the magnification their red cells show,
/// the stain's optical density against PBC's, and how confident the model is. A lab that is not PBC's must hear that
/// accuracy on its images is not established, and how to establish it, before it reads a differential.
/// </summary>
/// <remarks>
/// The limits leave PBC's own cells unflagged: neither PBC's test split nor the 320 in-domain cells of the shifted
/// validation set are flagged, and the default model's mean top probability on the latter is 0.89 (its training used
/// label smoothing, so its probabilities stay below 1). See docs/generalisation.md.
/// </remarks>
public sealed class DomainCheck
{
    /// <summary>Stain gains outside [1/this, this] in any channel count as another stain.</summary>
    public const double StainGainLimit = 1.25;

    /// <summary>A mean top probability below this counts as a model unsure of these images.</summary>
    public const double ConfidenceLimit = 0.8;

    /// <summary>Checks one classified set.</summary>
    public DomainCheck(LabAdaptationSummary? adaptation, IReadOnlyList<CellPrediction> predictions)
    {
        var differences = new List<string>();
        if (adaptation is { Zoom: not 1 } a)
            differences.Add($"the red cells show a magnification {1 / a.Zoom:0.##} times the training lab's (the cells were rescaled by {a.Zoom:0.##})");
        if (adaptation?.StainGain is { } gains && gains.Any(g => g > StainGainLimit || g < 1 / StainGainLimit))
            differences.Add($"the stain differs from the training lab's (optical-density gains R {gains[0]:0.##}, G {gains[1]:0.##}, B {gains[2]:0.##} to match it)");
        MeanConfidence = predictions.Count == 0 ? 1 : predictions.Average(p => p.Probability);
        if (predictions.Count > 0 && MeanConfidence < ConfidenceLimit)
            differences.Add($"the model is unsure of these cells (mean top probability {MeanConfidence:0.00}; about 0.89 on the training lab's own cells)");
        Differences = differences;
    }

    /// <summary>Mean top probability of the predictions.</summary>
    public double MeanConfidence { get; }

    /// <summary>What differs from the training lab, one plain sentence each; empty when nothing does.</summary>
    public IReadOnlyList<string> Differences { get; }

    /// <summary>Whether anything differs.</summary>
    public bool UnlikeTrainingLab => Differences.Count > 0;

    /// <summary>The warning to print, or null when the images look like the training lab's.</summary>
    public string? Warning => UnlikeTrainingLab
        ? "These images are unlike the training lab's: " + string.Join("; ", Differences) + ". The model's accuracy on them is not established. "
          + "Label 5-20 cells per class in class folders and run 'hemato adapt --model <model> --data <folder> --output lab.hmlm', then use --model lab.hmlm."
        : null;
}
