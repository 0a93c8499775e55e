using Hematology.ML.Datasets;
using Hematology.ML.Explain.Embedding;
using Hematology.ML.Imaging;
using Hematology.ML.Networks;

namespace Hematology.ML.Explain;

/// <summary>One view of the cells in the comparison: its dimension, its 2-D t-SNE and how well classes stay together.</summary>
/// <param name="Name">"raw pixels" or "learned features".</param>
/// <param name="Dimensions">Values per cell before t-SNE.</param>
/// <param name="Embedding">The 2-D t-SNE, one point per cell.</param>
/// <param name="KnnAccuracy2D">Leave-one-out k-NN accuracy of the class in the 2-D embedding.</param>
/// <param name="KnnAccuracyOriginal">The same in the original space (what t-SNE had to work with).</param>
internal sealed record EmbeddingView(string Name, int Dimensions, float[][] Embedding, double KnnAccuracy2D, double KnnAccuracyOriginal);

/// <summary>The cells compared (file names and classes) and the two views.</summary>
/// <param name="Files">File name of each cell (names only: folders may carry identifiers).</param>
/// <param name="Labels">Class of each cell.</param>
/// <param name="Classes">Classes in plot order.</param>
/// <param name="Pixels">The raw-pixel view.</param>
/// <param name="Features">The learned-feature view.</param>
/// <param name="K">The k of the k-NN accuracies.</param>
/// <param name="Skipped">Files that could not be read.</param>
/// <param name="Perplexity">The perplexity used (the one asked for, or less for a small set).</param>
internal sealed record EmbeddingComparison(string[] Files, string[] Labels, IReadOnlyList<string> Classes, EmbeddingView Pixels, EmbeddingView Features,
    int K, IReadOnlyList<SkippedFile> Skipped, double Perplexity);

/// <summary>
/// The thesis's t-SNE argument (ch. 4.6.1, 5.4.2): embedded in 2-D, raw pixels do not separate the cell classes
/// and a trained network's features do. Measured here rather than only drawn: the k-NN accuracy of the class
/// among each cell's 2-D neighbours, for both views.
/// </summary>
internal static class TsneComparison
{
    /// <summary>Runs both t-SNEs on labelled cells (read in chunks: thousands of full-size images do not fit at once).</summary>
    public static EmbeddingComparison Run(NetworkCellClassifier model, IReadOnlyList<CellSample> cells, TsneOptions options, int k = 5, int pixelSide = 32,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var features = new List<float[]>();
        var pixels = new List<float[]>();
        var kept = new List<CellSample>();
        var skipped = new List<SkippedFile>();
        const int chunk = 256;
        for (var start = 0; start < cells.Count; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var part = cells.Skip(start).Take(chunk).ToArray();
            var images = CellImageDecoder.TryDecodeAll(part.Select(c => c.Path).ToArray(), skipped);
            var readable = Enumerable.Range(0, part.Length).Where(i => images[i] is not null).ToArray();
            features.AddRange(LearnedFeatures.Extract(model, readable.Select(i => images[i]!).ToArray(), cancellationToken));
            pixels.AddRange(readable.Select(i => LearnedFeatures.RawPixels(images[i]!, pixelSide)));
            kept.AddRange(readable.Select(i => part[i]));
            progress?.Report($"features of {kept.Count}/{cells.Count} cells");
        }
        if (kept.Count < 4) throw new HematologyException($"t-SNE needs at least 4 readable cells; {kept.Count} were read.");
        var labels = kept.Select(c => c.CellClass).ToArray();
        var classes = labels.Distinct().Order(StringComparer.Ordinal).ToArray();
        // Small sets get a smaller perplexity instead of an error: the effective neighbourhood cannot exceed the set.
        var fitted = options with { Perplexity = Math.Min(options.Perplexity, (kept.Count - 1) / 3.0) };
        EmbeddingView View(string name, List<float[]> values)
        {
            progress?.Report($"t-SNE of the {name} ({values[0].Length} values per cell)");
            var embedding = new Tsne(fitted).FitTransform(values, null, cancellationToken);
            return new EmbeddingView(name, values[0].Length, embedding,
                EmbeddingKnn.LeaveOneOutAccuracy(embedding, labels, k, cancellationToken), EmbeddingKnn.LeaveOneOutAccuracy(values, labels, k, cancellationToken));
        }
        return new EmbeddingComparison(kept.Select(c => c.FileName).ToArray(), labels, classes, View("raw pixels", pixels), View("learned features", features), k, skipped, fitted.Perplexity);
    }
}
