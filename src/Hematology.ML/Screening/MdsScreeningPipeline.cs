using Hematology.ML.Adaptation;
using Hematology.ML.Explain;
using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Imaging;
using Hematology.ML.Models;

namespace Hematology.ML.Screening;

/// <summary>
/// The thesis's modular system (ch. 6): every cell image of a smear goes through the eight-class model
/// (with "other" rejection), only the cells it calls neutrophils go to DysplasiaNet, each is dysplastic
/// when its score reaches the per-cell cut-off, and the smear's dysplastic fraction against the smear
/// threshold gives the decision, unless too few neutrophils or an understained smear (eosinophils and
/// the other non-neutrophil granulocytes as the stain control) forbid one.
/// </summary>
/// <param name="classifier">An eight-class cell model (e.g. the catalog's default).</param>
/// <param name="scorer">DysplasiaNet.</param>
/// <param name="thresholds">Cut-off, smear threshold, stain minimum, minimum neutrophil count.</param>
/// <param name="simulatedTraining">Whether DysplasiaNet or the thresholds came from simulated data (reported on every result).</param>
public sealed class MdsScreeningPipeline(ICellClassifier classifier, DysplasiaScorer scorer, ScreeningThresholds thresholds, bool simulatedTraining)
{
    private const string NeutrophilClass = "neutrophil";

    private static readonly HashSet<string> SidecarExtensions = new(StringComparer.OrdinalIgnoreCase) { ".md", ".txt", ".csv", ".json" };

    /// <summary>The thresholds in use.</summary>
    public ScreeningThresholds Thresholds { get; } = thresholds.Validate();

    /// <summary>
    /// Grad-CAM overlays (PNG, <paramref name="size"/> pixels plus a colour bar) of the flagged neutrophils of a
    /// result, by file: where DysplasiaNet saw hypogranulation, for the pathologist checking the flag. They are drawn on
    /// the pixels the screen decoded (the result keeps those of its flagged cells), so no file is read again.
    /// </summary>
    public IReadOnlyDictionary<string, byte[]> ExplainFlagged(SmearScreeningResult result, int size = 128, CancellationToken cancellationToken = default)
    {
        var flagged = result.Neutrophils.Where(n => n.Dysplastic && result.FlaggedCellImages.ContainsKey(n.File))
            .Select(n => (n.File, Image: result.FlaggedCellImages[n.File])).ToArray();
        var maps = scorer.ExplainDysplastic(flagged.Select(f => f.Image).ToArray(), cancellationToken);
        return flagged.Zip(maps).ToDictionary(x => x.First.File, x => CellImageDecoder.EncodePng(HeatmapColours.Overlay(x.First.Image, x.Second, size)));
    }

    /// <summary>Screens every image of a smear folder (searched recursively; non-images skipped and listed).</summary>
    /// <exception cref="HematologyException">Missing folder or no readable image.</exception>
    public SmearScreeningResult Screen(string smearFolder, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(smearFolder)) throw new HematologyException($"Smear folder '{smearFolder}' does not exist.");
        var images = CellImageFolder.FromPaths([smearFolder]);
        // A smear folder may hold its own documentation and manifests (README.md, cells.csv): not cells, not worth a warning.
        var skipped = images.Skipped.Where(s => !SidecarExtensions.Contains(Path.GetExtension(s.Path))).ToArray();
        return Screen(images.Samples.Select(s => s.Path).ToArray(), skipped, progress, cancellationToken);
    }

    /// <summary>Screens the given cell images of one smear.</summary>
    /// <exception cref="HematologyException">No readable image.</exception>
    public SmearScreeningResult Screen(IReadOnlyList<string> imagePaths, IReadOnlyList<SkippedFile>? skippedBefore = null, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var skipped = new List<SkippedFile>(skippedBefore ?? []);
        if (imagePaths.Count == 0)
            throw new HematologyException($"The smear holds no readable cell images ({skipped.Count} file(s) skipped).");
        // Each cell is read once and held at the resolution the models learned from; every stage takes it from there.
        var cells = SmearCells.Decode(imagePaths, Math.Max(classifier.SourceResolution, scorer.Header.InputSize), skipped, cancellationToken);
        var raw = classifier.ClassifyImages(cells.Files.Select(f => (f, cells.Image(f))).ToArray(), progress, cancellationToken)
            .Predictions.OfType<CellPrediction>().ToArray();
        var predictions = raw.Select(p => OtherRejection.Apply(p, Thresholds.OtherThreshold)).ToArray();
        if (predictions.Length == 0)
            throw new HematologyException($"The smear holds no readable cell images ({skipped.Count} file(s) skipped).");
        var differential = classifier.Classes.Append(OtherRejection.Label).Distinct()
            .ToDictionary(c => c, c => predictions.Count(p => p.PredictedClass == c));

        var neutrophilLabel = classifier.LabelOf(NeutrophilClass)
            ?? throw new HematologyException("The cell model has no neutrophil class, so it cannot feed DysplasiaNet.");
        var neutrophilFiles = predictions.Where(p => p.PredictedClass == neutrophilLabel).Select(p => p.Source).ToArray();
        cancellationToken.ThrowIfCancellationRequested();
        var scores = scorer.Score(neutrophilFiles.Select(cells.Image).ToArray());
        var neutrophils = neutrophilFiles.Zip(scores, (f, s) => new NeutrophilScore(f, s, s >= Thresholds.DysplasiaCutoff)).ToArray();
        var fraction = neutrophils.Length == 0 ? 0 : neutrophils.Count(n => n.Dysplastic) / (double)neutrophils.Length;

        var controlLabels = StainQualityControl.ControlClasses.Select(classifier.LabelOf).OfType<string>().Where(l => l != neutrophilLabel).ToHashSet();
        var controlIndices = predictions.Where(p => controlLabels.Contains(p.PredictedClass))
            .Select(p => cells.Image(p.Source)).AsParallel().AsOrdered().Select(StainQualityControl.CellStainIndex).ToArray();
        var stain = StainQualityControl.Check(controlIndices, Thresholds.StainIndexMinimum);

        var decision = ScreeningDecisions.Decide(neutrophils.Length, fraction, stain, Thresholds);
        // The screen takes the smear as it is (its thresholds were set that way), so it measures the lab's zoom and
        // colours only to say whether the decision stands on a lab the models know.
        var lab = classifier.Adaptation?.ModelAdaptation ?? DomainCheck.Measure(cells.Files.Select(cells.Image).ToArray());
        return new SmearScreeningResult(decision, differential, neutrophils, fraction, stain, Thresholds, simulatedTraining, skipped)
        {
            Domain = new DomainCheck(lab, raw),
            ClassifiedCells = raw.Zip(predictions, (r, p) => new ClassifiedCell(r.Source, p.PredictedClass, r.Probability, r.PredictedClass)).ToArray(),
            FlaggedCellImages = neutrophils.Where(n => n.Dysplastic).ToDictionary(n => n.File, n => cells.Image(n.File)),
        };
    }
}
