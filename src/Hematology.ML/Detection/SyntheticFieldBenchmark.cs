using System.Diagnostics;
using Hematology.ML.Cells;

namespace Hematology.ML.Detection;

/// <summary>Detection scores of one group of SYNTHETIC fields (one recolouring, or all).</summary>
internal sealed record FieldScoreRow(string Group, int Fields, DetectionScore Score);

/// <summary>
/// What <see cref="SyntheticFieldBenchmark"/> measured on SYNTHETIC fields: recall, precision and box IoU of the
/// nucleated cells at IoU 0.5 (platelets not counted), per recolouring and pooled; the detection time per field
/// (median, milliseconds, decoding excluded); and, when a cell model was given, the recall of each class among the
/// whole cells found, with their mean (balanced accuracy).
/// </summary>
internal sealed record SyntheticFieldResult(IReadOnlyList<FieldScoreRow> Rows, double MedianMilliseconds, double P90Milliseconds,
    IReadOnlyDictionary<string, (int Correct, int Total)>? ClassRecall)
{
    /// <summary>Mean recall over the classes found at least once (null without a model).</summary>
    public double? BalancedAccuracy => ClassRecall is { Count: > 0 } r ? r.Values.Average(v => v.Correct / (double)v.Total) : null;
}

/// <summary>Runs the detector (and optionally a cell model) on SYNTHETIC fields of known boxes.</summary>
internal static class SyntheticFieldBenchmark
{
    /// <summary>Scores <paramref name="count"/> fields of seeds <paramref name="seed"/>, <paramref name="seed"/> + 1, ...</summary>
    public static SyntheticFieldResult Run(SyntheticFields generator, int count, int seed, ICellClassifier? classifier = null,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var detector = new FieldDetector();
        var fields = new SyntheticField[count];
        var detections = new FieldDetection[count];
        var times = new double[count];
        for (var k = 0; k < count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            fields[k] = generator.Generate(seed + k);
            var clock = Stopwatch.StartNew();
            detections[k] = detector.Detect(fields[k].Image);
            times[k] = clock.Elapsed.TotalMilliseconds;
            progress?.Report(k + 1);
        }
        var classes = classifier is null ? null : Classify(fields, detections, classifier, cancellationToken);
        var platelet = classifier?.LabelOf("platelet");
        var scores = fields.Select((f, k) => DetectionScore.Match(
            detections[k].Cells.Select((c, i) => (c, i))
                .Where(x => x.c.Kind == FieldCellKind.Nucleated && (classes is null || classes[FieldAnalysis.Key(k, x.i)] != platelet))
                .Select(x => x.c.Box).ToArray(),
            f.Cells.Where(c => c.Kind == FieldCellKind.Nucleated).Select(c => c.Box).ToArray())).ToArray();
        var rows = fields.Select((f, k) => (f.Recolouring, Score: scores[k])).GroupBy(x => x.Recolouring).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new FieldScoreRow(g.Key, g.Count(), DetectionScore.Pool(g.Select(x => x.Score)))).ToList();
        rows.Add(new FieldScoreRow("all", count, DetectionScore.Pool(scores)));
        var sorted = times.Order().ToArray();
        var recall = classes is null ? null : ClassRecall(fields, detections, classes, classifier!);
        return new SyntheticFieldResult(rows, sorted[count / 2], sorted[Math.Min(count - 1, (int)(0.9 * count))], recall);
    }

    // The class the model gives each nucleated detection, keyed as FieldAnalysis keys them; each field at its own
    // scale (the synthetic fields change magnification from field to field, so a folder median does not apply).
    private static Dictionary<string, string> Classify(SyntheticField[] fields, FieldDetection[] detections, ICellClassifier classifier, CancellationToken cancellationToken) =>
        FieldAnalysis.ClassifyCrops(classifier, fields.Select((f, k) => ((Func<Imaging.RgbImage>)(() => f.Image), detections[k], detections[k].RedCellDiameter)), cancellationToken)
            .ToDictionary(kv => kv.Key, kv => kv.Value.PredictedClass);

    // Each whole true cell matched by a whole detection: was the class the model gave it its true class?
    private static Dictionary<string, (int, int)> ClassRecall(SyntheticField[] fields, FieldDetection[] detections, Dictionary<string, string> classes, ICellClassifier classifier)
    {
        var counts = new Dictionary<string, (int, int)>();
        for (var k = 0; k < fields.Length; k++)
            foreach (var cell in fields[k].Cells.Where(c => !c.Cut && c.Kind == FieldCellKind.Nucleated))
            {
                var match = detections[k].Cells.Select((d, i) => (d, i)).Where(x => !x.d.Cut && x.d.Kind == FieldCellKind.Nucleated)
                    .OrderByDescending(x => x.d.Box.IoU(cell.Box)).FirstOrDefault();
                if (match.d is null || match.d.Box.IoU(cell.Box) < 0.5) continue;
                var label = classifier.LabelOf(cell.CellClass) ?? cell.CellClass;
                var (correct, total) = counts.GetValueOrDefault(label);
                counts[label] = (correct + (classes[FieldAnalysis.Key(k, match.i)] == label ? 1 : 0), total + 1);
            }
        return counts;
    }
}
