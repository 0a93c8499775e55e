using Hematology.ML.Cells;
using Hematology.ML.Imaging;

namespace Hematology.ML.Detection;

/// <summary>A cell of a field with the class the cell model gave it (null when no model was asked).</summary>
public sealed record FieldCell(CellBox Box, FieldCellKind Kind, bool Cut, string? CellClass, float Probability);

/// <summary>The cells of one field image.</summary>
public sealed record FieldImage(string File, int Width, int Height, double RedCellDiameter, bool RedCellsMeasured, IReadOnlyList<FieldCell> Cells)
{
    /// <summary>The red-cell diameter its cells were cropped at (<see cref="FieldAnalysis.CropScales"/>).</summary>
    public double CropRedCellDiameter { get; init; } = RedCellDiameter;

    /// <summary>Nucleated cells whole in the field: those a differential counts.</summary>
    public IEnumerable<FieldCell> CountedCells => Cells.Where(c => c.Kind == FieldCellKind.Nucleated && !c.Cut);
}

/// <summary>The fields of a folder: their cells, and the files that could not be read.</summary>
public sealed record FieldAnalysisResult(IReadOnlyList<FieldImage> Images, IReadOnlyList<SkippedFile> Skipped);

/// <summary>
/// Finds the cells of microscope-camera fields (<see cref="FieldDetector"/>) and classifies each nucleated one with a cell
/// model, from a crop at the training lab's framing (<see cref="CellCrop"/>). Each file is decoded for its detection,
/// and a field with nucleated cells once more for their crops, at the folder's scale; the crops of all fields are
/// classified together, so a model that adapts to its input adapts to the lab's cells. A detection the
/// model calls a platelet becomes a platelet (a clump of platelets is as large as a small nucleus).
/// </summary>
public sealed class FieldAnalysis(ICellClassifier? classifier, FieldDetector? detector = null)
{
    private readonly FieldDetector _detector = detector ?? new FieldDetector();

    /// <summary>A field's own red-cell measure counts when it is within this factor of the folder's median: one lab's
    /// camera has one magnification, and the median of its fields is steadier than any one field's (whose red cells
    /// measured 0.7-1.15 of the truth on the synthetic fields).</summary>
    public const double ScaleAgreement = 1.3;

    /// <summary>Detects and classifies; <paramref name="progress"/> receives the number of fields done (twice over when a
    /// model is given: the fields are read again for the crops, at the folder's scale).</summary>
    public FieldAnalysisResult Analyse(IReadOnlyList<string> files, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var skipped = new List<SkippedFile>();
        var found = new List<(string File, FieldDetection Detection)>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (CellImageDecoder.TryDecode(file, out var reason) is { } field) found.Add((file, _detector.Detect(field)));
            else skipped.Add(new SkippedFile(file, reason ?? "unreadable image"));
            progress?.Report(found.Count + skipped.Count);
        }
        var scales = CropScales(found.Select(f => f.Detection).ToArray());
        var classes = classifier is null ? [] : Classify(found, scales, progress, cancellationToken);
        var platelet = classifier?.LabelOf("platelet");
        var images = found.Select((x, k) => new FieldImage(x.File, x.Detection.Width, x.Detection.Height, x.Detection.RedCellDiameter,
            x.Detection.RedCellsMeasured, x.Detection.Cells.Select((c, i) =>
            {
                if (!classes.TryGetValue(Key(k, i), out var p)) return new FieldCell(c.Box, c.Kind, c.Cut, c.Kind == FieldCellKind.Platelet ? "platelet" : null, 0);
                var kind = p.PredictedClass == platelet ? FieldCellKind.Platelet : c.Kind;
                return new FieldCell(c.Box, kind, c.Cut, p.PredictedClass, p.Probability);
            }).ToArray()) { CropRedCellDiameter = scales[k] }).ToArray();
        return new FieldAnalysisResult(images, skipped);
    }

    /// <summary>The red-cell diameter each field's crops are cut at: the folder's median where the field agrees with it
    /// within <see cref="ScaleAgreement"/>, the field's own otherwise (and where too few fields measured red cells).</summary>
    public static double[] CropScales(IReadOnlyList<FieldDetection> detections)
    {
        var measured = detections.Where(d => d.RedCellsMeasured).Select(d => d.RedCellDiameter).Order().ToArray();
        if (measured.Length < 3) return detections.Select(d => d.RedCellDiameter).ToArray();
        var median = measured[measured.Length / 2];
        return detections.Select(d => d.RedCellsMeasured && Math.Max(d.RedCellDiameter / median, median / d.RedCellDiameter) > ScaleAgreement
            ? d.RedCellDiameter : median).ToArray();
    }

    // The fields are read again for their crops (one at a time, so memory holds crops, not fields).
    private Dictionary<string, CellPrediction> Classify(List<(string File, FieldDetection Detection)> found, double[] scales, IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        return ClassifyCrops(classifier!, found.Select((f, k) =>
        {
            progress?.Report(found.Count + k + 1);
            return ((Func<RgbImage>)(() => CellImageDecoder.Decode(f.File)), f.Detection, scales[k]);
        }), cancellationToken);
    }

    /// <summary>
    /// The prediction for every nucleated detection of the fields, keyed by <see cref="Key"/> (the field's index in the
    /// sequence, the cell's in its detection): each cut at its field's scale, all classified together. A field's image
    /// is asked for only when it has a nucleated cell.
    /// </summary>
    internal static Dictionary<string, CellPrediction> ClassifyCrops(ICellClassifier classifier,
        IEnumerable<(Func<RgbImage> Field, FieldDetection Detection, double Scale)> fields, CancellationToken cancellationToken)
    {
        var crops = new List<(string Source, RgbImage Image)>();
        var k = 0;
        foreach (var (image, detection, scale) in fields)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var nucleated = Enumerable.Range(0, detection.Cells.Count).Where(i => detection.Cells[i].Kind == FieldCellKind.Nucleated).ToArray();
            if (nucleated.Length > 0)
            {
                var cut = CellCrop.Crops(image(), nucleated.Select(i => detection.Cells[i].Box).ToArray(), scale, classifier.SourceResolution);
                for (var j = 0; j < nucleated.Length; j++) crops.Add((Key(k, nucleated[j]), cut[j]));
            }
            k++;
        }
        return crops.Count == 0 ? [] : classifier.ClassifyImages(crops, null, cancellationToken).Predictions.OfType<CellPrediction>().ToDictionary(p => p.Source);
    }

    /// <summary>The key of a field's cell in <see cref="ClassifyCrops"/>.</summary>
    internal static string Key(int field, int cell) => $"{field}/{cell}";
}
