using System.Collections.Concurrent;
using Hematology.ML.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using static Hematology.ML.MlNet.MlNetMapping;

namespace Hematology.ML.MlNet;

/// <summary>
/// Adds a cell's features (the ImageNet ResNet-18's 512 deep features, optionally the colour histogram and the
/// morphology of the segmented cell) as a float vector column, from a column of image paths. An unreadable or
/// oversized image gets a vector of NaN, which the kernel SVM trainer leaves out and scores as unknown.
/// </summary>
/// <remarks>
/// Each image is featurised once per transformer: <c>Transform</c> extracts the images it has not seen in
/// batches, and cross-validation folds reuse them (the estimator returns the same transformer).
/// </remarks>
public sealed class CellFeatureTransformer : CellMappingTransformer, IDisposable
{
    private readonly string _outputColumn, _inputColumn;
    private readonly FeatureSpec _spec;
    private readonly Lazy<CellFeatureExtractor> _extractor;
    private readonly ConcurrentDictionary<string, float[]> _features = new(StringComparer.Ordinal);
    private readonly Lock _extracting = new();

    internal CellFeatureTransformer(string outputColumn, string inputColumn, FeatureSpec spec)
    {
        _outputColumn = outputColumn;
        _inputColumn = inputColumn;
        _spec = spec;
        _extractor = new(() => new CellFeatureExtractor(spec, new FeatureCache(null)));
    }

    /// <summary>The length of the feature vector.</summary>
    public int FeatureCount => _spec.Length;

    /// <inheritdoc />
    public override IDataView Transform(IDataView input)
    {
        Extract(DistinctText(input, _inputColumn).Where(p => !_features.ContainsKey(p)).ToArray());
        return base.Transform(input);
    }

    private protected override ITransformer MappingFor(DataViewSchema inputSchema)
    {
        RequireColumn(inputSchema, _inputColumn, TextDataViewType.Instance);
        return Mapping<ImagePathRow, FeatureRow>(inputSchema, (cell, row) => row.Features = FeaturesOf(cell.ImagePath), Definitions.Input(_inputColumn),
            Definitions.Output(_outputColumn, _spec.Length));
    }

    internal static class Definitions
    {
        public static SchemaDefinition Input(string column) => Definition<ImagePathRow>((nameof(ImagePathRow.ImagePath), column, null));

        public static SchemaDefinition Output(string column, int length) =>
            Definition<FeatureRow>((nameof(FeatureRow.Features), column, new VectorDataViewType(NumberDataViewType.Single, length)));
    }

    private float[] FeaturesOf(string path)
    {
        if (!_features.ContainsKey(path)) Extract([path]); // a prediction engine's single row
        return _features[path];
    }

    private void Extract(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) return;
        lock (_extracting)
        {
            var extraction = _extractor.Value.Extract(paths);
            for (var i = 0; i < paths.Count; i++)
                _features[paths[i]] = extraction.Averaged(i) ?? Enumerable.Repeat(float.NaN, _spec.Length).ToArray();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_extractor.IsValueCreated) _extractor.Value.Dispose();
    }
}
