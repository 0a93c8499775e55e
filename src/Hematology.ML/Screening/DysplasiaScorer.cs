using Hematology.ML.Explain;
using Hematology.ML.Imaging;
using Hematology.ML.Networks;

namespace Hematology.ML.Screening;

/// <summary>
/// DysplasiaNet as a granularity scorer (thesis ch. 5): the probability that a neutrophil is
/// dysplastic (hypogranulated), for images of any size (the model brings them to its input by the
/// working-set recipe). The column is found by class name, never by position, because a two-class
/// network trained on alphabetically sorted folders would have the opposite orientation.
/// </summary>
public sealed class DysplasiaScorer : IDisposable
{
    private readonly NetworkCellClassifier _network;
    private readonly int _dysplasticColumn;
    private GradCam? _gradCam;

    /// <summary>Wraps a loaded network whose classes include <see cref="DysplasiaClasses.Dysplastic"/>.</summary>
    /// <exception cref="HematologyException">The network has no dysplastic class.</exception>
    internal DysplasiaScorer(NetworkCellClassifier network)
    {
        _network = network;
        _dysplasticColumn = network.Classes.ToList().FindIndex(c => string.Equals(c, DysplasiaClasses.Dysplastic, StringComparison.OrdinalIgnoreCase));
        if (_dysplasticColumn < 0 || network.Classes.Count != 2)
            throw new HematologyException($"'{network.Header.Network}' is not a dysplasia model: its classes are {string.Join(", ", network.Classes)}, not dysplastic and normal.");
    }

    /// <summary>Loads a DysplasiaNet model file.</summary>
    /// <exception cref="HematologyException">Missing or not a dysplasia model.</exception>
    public static DysplasiaScorer Load(string path, string device = "cpu") => new(NetworkCellClassifier.Load(path, device));

    /// <summary>The network file's header (architecture, input size, training).</summary>
    internal NetworkModelHeader Header => _network.Header;

    /// <summary>P(dysplastic) of each decoded neutrophil image.</summary>
    public double[] Score(IReadOnlyList<RgbImage> neutrophils)
    {
        var result = new double[neutrophils.Count];
        for (var start = 0; start < neutrophils.Count; start += _network.BatchSize)
        {
            var batch = neutrophils.Skip(start).Take(_network.BatchSize).ToArray();
            var probabilities = _network.PredictProbabilities(batch);
            for (var i = 0; i < batch.Length; i++) result[start + i] = probabilities[i][_dysplasticColumn];
        }
        return result;
    }

    /// <summary>P(dysplastic) of image files, in order; an unreadable file gets NaN and is listed in <paramref name="skipped"/>.</summary>
    public double[] ScoreFiles(IReadOnlyList<string> paths, List<SkippedFile> skipped, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var scores = new double[paths.Count];
        var step = _network.BatchSize * 4;
        for (var start = 0; start < paths.Count; start += step)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(step, paths.Count - start);
            var images = CellImageDecoder.TryDecodeAll(paths.Skip(start).Take(count).ToArray(), skipped);
            var readable = Enumerable.Range(0, count).Where(i => images[i] is not null).ToArray();
            var values = Score(readable.Select(i => images[i]!).ToArray());
            for (var i = 0; i < count; i++) scores[start + i] = double.NaN;
            for (var k = 0; k < readable.Length; k++) scores[start + readable[k]] = values[k];
            progress?.Report(start + count);
        }
        return scores;
    }

    /// <summary>
    /// Grad-CAM maps of the dysplastic class for neutrophil images, taken at the block before the last: the last
    /// block of DysplasiaNet at 128 px is a 12x12 map whose units see almost the whole cell, and on simulated
    /// validation neutrophils only 52 % of its heat lay on the cell, against 90 % one block earlier (docs/explain.md).
    /// </summary>
    public IReadOnlyList<CellHeatmap> ExplainDysplastic(IReadOnlyList<RgbImage> neutrophils, CancellationToken cancellationToken = default)
    {
        _gradCam ??= new GradCam(_network, ExplainedLayer(_network));
        return _gradCam.Explain(neutrophils, DysplasiaClasses.Dysplastic, cancellationToken);
    }

    /// <summary>The layer <see cref="ExplainDysplastic"/> explains: the spatial block before the last.</summary>
    internal static string ExplainedLayer(NetworkCellClassifier network)
    {
        var blocks = NetworkLayers.SpatialBlocks(network.Network, network.Header.InputSize, network.Device);
        return blocks[Math.Max(0, blocks.Count - 2)].Name;
    }

    /// <inheritdoc/>
    public void Dispose() => _network.Dispose();
}
