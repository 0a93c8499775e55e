using Hematology.ML.Datasets;
using Hematology.ML.Imaging;

namespace Hematology.ML.Cells;

/// <summary>
/// Classification of image files on top of the pixel entry (<see cref="ICellClassifier.ClassifyImages"/>): decode each file
/// once, bring it to the model's working set, score the readable cells together, report the rest.
/// </summary>
internal static class CellFiles
{
    // Files decoded per step: progress moves and cancelling is prompt, while decoding stays parallel.
    private const int DecodeChunk = 256;

    /// <summary>
    /// What <see cref="ICellClassifier.Classify"/> does for every model. The cells are scored in one call, so a model that
    /// adapts to its input sees the whole folder; they are held in working-set form (a 128-pixel cell is 48 KB), not as
    /// decoded originals. Progress: decoding is the first half of the images' count, scoring the second.
    /// </summary>
    public static CellClassification Classify(ICellClassifier classifier, IReadOnlyList<string> paths, IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        var skipped = new List<SkippedFile>();
        var images = new RgbImage?[paths.Count];
        for (var start = 0; start < paths.Count; start += DecodeChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = paths.Skip(start).Take(DecodeChunk).ToArray();
            CellImageDecoder.TryDecodeAll(chunk, skipped, classifier.ToWorkingSet, cancellationToken).CopyTo(images, start);
            progress?.Report((start + chunk.Length) / 2);
        }
        var readable = Enumerable.Range(0, paths.Count).Where(i => images[i] is not null).ToArray();
        var scoring = progress is null ? null : new MappedProgress(progress, done => (paths.Count + done * paths.Count / Math.Max(1, readable.Length)) / 2);
        var scored = classifier.ClassifyImages(readable.Select(i => (paths[i], images[i]!)).ToArray(), scoring, cancellationToken);
        var predictions = new CellPrediction?[paths.Count];
        for (var k = 0; k < readable.Length; k++) predictions[readable[k]] = scored.Predictions[k];
        return new CellClassification(predictions, skipped.Concat(scored.Skipped).ToArray());
    }
}

/// <summary>Progress of a part of a job, reported synchronously into the whole job's count.</summary>
internal sealed class MappedProgress(IProgress<int> whole, Func<int, int> map) : IProgress<int>
{
    /// <inheritdoc/>
    public void Report(int value) => whole.Report(map(value));
}
