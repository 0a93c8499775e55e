namespace Hematology.ML.Detection;

/// <summary>
/// Detections against true boxes, as detection benchmarks count them: each true box is matched to at most one
/// detection, greedily by overlap, and a match needs an intersection over union of at least the threshold.
/// </summary>
internal sealed record DetectionScore(int TruePositives, int FalsePositives, int FalseNegatives, double MeanMatchedIoU)
{
    /// <summary>Found true boxes over all true boxes (1 when there were none).</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : TruePositives / (double)(TruePositives + FalseNegatives);

    /// <summary>Matched detections over all detections (1 when there were none).</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);

    /// <summary>Scores one field's detections against its true boxes.</summary>
    public static DetectionScore Match(IReadOnlyList<CellBox> detections, IReadOnlyList<CellBox> truth, double iouThreshold = 0.5)
    {
        var pairs = new List<(double IoU, int Detection, int Truth)>();
        for (var d = 0; d < detections.Count; d++)
            for (var t = 0; t < truth.Count; t++)
                if (detections[d].IoU(truth[t]) is var iou && iou >= iouThreshold) pairs.Add((iou, d, t));
        var usedDetections = new bool[detections.Count];
        var usedTruth = new bool[truth.Count];
        double sum = 0;
        var matched = 0;
        foreach (var (iou, d, t) in pairs.OrderByDescending(p => p.IoU))
        {
            if (usedDetections[d] || usedTruth[t]) continue;
            usedDetections[d] = usedTruth[t] = true;
            sum += iou;
            matched++;
        }
        return new DetectionScore(matched, detections.Count - matched, truth.Count - matched, matched == 0 ? 0 : sum / matched);
    }

    /// <summary>The scores of several fields pooled (counts added, IoU averaged over all matches).</summary>
    public static DetectionScore Pool(IEnumerable<DetectionScore> scores)
    {
        int tp = 0, fp = 0, fn = 0;
        double iou = 0;
        foreach (var s in scores)
        {
            tp += s.TruePositives; fp += s.FalsePositives; fn += s.FalseNegatives;
            iou += s.MeanMatchedIoU * s.TruePositives;
        }
        return new DetectionScore(tp, fp, fn, tp == 0 ? 0 : iou / tp);
    }
}
