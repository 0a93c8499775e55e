using System.Text.Json.Nodes;
using Hematology.ML.Cells;
using Hematology.ML.Imaging;

namespace Hematology.ML.Adaptation;

/// <summary>
/// Whether a set of images looks unlike the training lab's, in plain words: the magnification their red cells and nuclei show,
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

    /// <summary>The default model's mean top probability on the training lab's own cells, the reference of <see cref="ConfidenceLimit"/>.</summary>
    private const double DefaultOwnLabConfidence = 0.89;

    /// <summary>Checks one classified set.</summary>
    public DomainCheck(LabAdaptationSummary? adaptation, IReadOnlyList<CellPrediction> predictions) : this(adaptation, predictions, null) { }

    /// <summary>
    /// Checks one classified set against the model's own confidence on its training lab's validation cells, by predicted
    /// class (<c>val_confidence_by_class</c> of its manifest): a fine model is less sure of bands and metamyelocytes than of
    /// platelets on PBC itself, so the confidence to expect depends on which cells a folder holds. Without it, the default
    /// model's 0.89 is the reference.
    /// </summary>
    internal DomainCheck(LabAdaptationSummary? adaptation, IReadOnlyList<CellPrediction> predictions, IReadOnlyDictionary<string, double>? ownLabConfidence)
    {
        Adaptation = adaptation;
        var differences = new List<string>();
        // A model adapted to a lab carries that lab's zoom and colours: they are what it expects, not a difference.
        if (adaptation is { FromModel: false, Zoom: not 1 } a)
            differences.Add($"the red cells and nuclei show a magnification {1 / a.Zoom:0.##} times the training lab's");
        if (adaptation is { FromModel: false, StainGain: { } gains } && gains.Any(g => g > StainGainLimit || g < 1 / StainGainLimit))
            differences.Add($"the stain differs from the training lab's (optical-density gains R {gains[0]:0.##}, G {gains[1]:0.##}, B {gains[2]:0.##} to match it)");
        MeanConfidence = predictions.Count == 0 ? 1 : predictions.Average(p => p.Probability);
        var expected = predictions.Count == 0 || ownLabConfidence is null ? DefaultOwnLabConfidence
            : predictions.Average(p => ownLabConfidence.GetValueOrDefault(p.PredictedClass, DefaultOwnLabConfidence));
        if (predictions.Count > 0 && MeanConfidence < ConfidenceLimit * expected / DefaultOwnLabConfidence)
            differences.Add($"the model is unsure of these cells (mean top probability {MeanConfidence:0.00}; about {expected:0.00} on the training lab's own cells{(ownLabConfidence is null ? "" : " of these classes")})");
        Differences = differences;
    }

    /// <summary>
    /// The zoom and stain gains a set of decoded cells would get (colours first, as in classification), measured
    /// without changing anything: for the screen, whose models take the smear as it is.
    /// </summary>
    internal static LabAdaptationSummary Measure(IReadOnlyList<RgbImage> cells)
    {
        // A median and six moments settle long before a smear's hundreds of cells; evenly spaced, so every part counts.
        if (cells.Count > MeasuredCells)
            cells = Enumerable.Range(0, MeasuredCells).Select(i => cells[(int)((long)i * cells.Count / MeasuredCells)]).ToArray();
        var stain = StainCalibration.Fit(cells);
        return new LabAdaptationSummary(LabScale.Zoom(stain is null ? cells : cells.Select(stain.Apply).ToArray()), stain?.Gain);
    }

    // Cells the screen's measurement looks at, at most.
    private const int MeasuredCells = 64;

    /// <summary>The zoom and stain gains the check was made on (null: not measured).</summary>
    public LabAdaptationSummary? Adaptation { get; }

    /// <summary>Mean top probability of the predictions.</summary>
    public double MeanConfidence { get; }

    /// <summary>What differs from the training lab, one plain sentence each; empty when nothing does.</summary>
    public IReadOnlyList<string> Differences { get; }

    /// <summary>Whether anything differs.</summary>
    public bool UnlikeTrainingLab => Differences.Count > 0;

    /// <summary>The warning to print, or null when the images look like the training lab's.</summary>
    public string? Warning => !UnlikeTrainingLab ? null
        : Adaptation is { FromModel: true }
            ? "The model adapted to this lab is unsure of these images: " + string.Join("; ", Differences) + ". Its accuracy on them is not established. "
              + "Label more of the lab's cells (20 per class) and run 'hemato adapt' again from the shipped model."
            : "These images are unlike the training lab's: " + string.Join("; ", Differences) + ". The model's accuracy on them is not established. "
              + "Label 5-20 cells per class in class folders and run 'hemato adapt --model <model> --data <folder> --output lab.hmlm', then use --model lab.hmlm.";

    /// <summary>The check as the JSON of classify and of the screen report (<c>domain</c>).</summary>
    public JsonObject ToJson() => new()
    {
        ["unlike_training_lab"] = UnlikeTrainingLab,
        ["differences"] = new JsonArray(Differences.Select(d => (JsonNode)d).ToArray()),
        ["warning"] = Warning,
        ["mean_confidence"] = Math.Round(MeanConfidence, 4),
        ["zoom"] = Adaptation is { } a ? Math.Round(a.Zoom, 3) : null,
        ["stain_gain"] = Adaptation?.StainGain is { } g ? new JsonArray(g.Select(x => (JsonNode)Math.Round(x, 3)).ToArray()) : null,
        ["adapted_model"] = Adaptation?.FromModel ?? false,
    };
}
