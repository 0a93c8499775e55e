using Hematology.ML.Imaging;

namespace Hematology.ML.Performance;

/// <summary>Cells per second of each stage of a model; null where the model has no such stage alone.</summary>
/// <param name="DecodePreprocessCellsPerSecond">JPEG decode and preprocessing to the network input.</param>
/// <param name="NetworkCellsPerSecond">The network alone on prepared input (all test-time views).</param>
/// <param name="EndToEndCellsPerSecond">Files to predictions, as <c>hemato classify</c> runs them.</param>
internal sealed record StageSpeeds(double? DecodePreprocessCellsPerSecond, double? NetworkCellsPerSecond, double EndToEndCellsPerSecond);

/// <summary>How fast one model classifies cells, one at a time and in batches.</summary>
/// <param name="Model">Shipped model name (or the deep-feature path).</param>
/// <param name="Kind">See <see cref="CellModelStages.Kind"/>.</param>
/// <param name="Network">See <see cref="CellModelStages.Network"/>.</param>
/// <param name="InputSize">Network input side.</param>
/// <param name="TestTimeViews">Forward passes per cell.</param>
/// <param name="BatchSize">Cells per batch in <paramref name="Batched"/>.</param>
/// <param name="BatchOfOne">One cell per call.</param>
/// <param name="Batched">A whole batch per call (decoding in parallel, as the product does).</param>
internal sealed record CellModelSpeed(string Model, string Kind, string Network, int InputSize, int TestTimeViews, int BatchSize,
    StageSpeeds BatchOfOne, StageSpeeds Batched);

/// <summary>Times a model's stages (<see cref="CellModelStages"/>) on real cell images.</summary>
internal static class CellModelThroughput
{
    /// <summary>
    /// Times every stage of <paramref name="stages"/> on <paramref name="cells"/> (image files, reused in turn
    /// when fewer than needed): the plan's single cells one by one, and one batch of its batch size; each
    /// figure the median of its runs after its warm-ups.
    /// </summary>
    public static CellModelSpeed Measure(string model, CellModelStages stages, IReadOnlyList<string> cells, PerformancePlan plan,
        CancellationToken cancellationToken = default)
    {
        var (batchSize, singleCells, runs, warmups) = (plan.BatchSize, plan.SingleCells, plan.Runs, plan.Warmups);
        if (cells.Count == 0) throw new HematologyException("No cell images to time the models on.");
        var batchFiles = Enumerable.Range(0, batchSize).Select(i => cells[i % cells.Count]).ToArray();
        var singleFiles = batchFiles.Take(Math.Min(singleCells, batchSize)).ToArray();
        StageSpeeds Speeds(IReadOnlyList<string>[] calls)
        {
            var count = calls.Sum(c => c.Count);
            double Rate(Action<IReadOnlyList<string>> work) =>
                Timing.Measure(() => { foreach (var call in calls) work(call); }, runs, warmups, cancellationToken).PerSecond(count);
            double? decode = null, network = null;
            if (stages.Prepare is { } prepare && stages.Infer is { } infer)
            {
                decode = Rate(files => prepare(Decode(files)));
                var prepared = calls.Select(files => prepare(Decode(files))).ToArray();
                network = Timing.Measure(() => { foreach (var p in prepared) infer(p); }, runs, warmups, cancellationToken).PerSecond(count);
            }
            return new StageSpeeds(decode, network, Rate(stages.EndToEnd));
        }
        var one = Speeds(singleFiles.Select(f => (IReadOnlyList<string>)[f]).ToArray());
        var batched = Speeds([batchFiles]);
        return new CellModelSpeed(model, stages.Kind, stages.Network, stages.InputSize, stages.TestTimeViews, batchSize, one, batched);
    }

    // In parallel, as classification of files (CellFiles) and CellFeatureExtractor decode a batch.
    private static RgbImage[] Decode(IReadOnlyList<string> files)
    {
        var images = new RgbImage[files.Count];
        Parallel.For(0, files.Count, i => images[i] = CellImageDecoder.Decode(files[i]));
        return images;
    }
}
