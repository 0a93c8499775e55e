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
    private readonly PathResults<float[]> _features;

    internal CellFeatureTransformer(string outputColumn, string inputColumn, FeatureSpec spec)
    {
        _outputColumn = outputColumn;
        _inputColumn = inputColumn;
        _spec = spec;
        _extractor = new(() => new CellFeatureExtractor(spec, new FeatureCache(null)));
        _features = new(Extract);
    }

    /// <summary>The length of the feature vector.</summary>
    public int FeatureCount => _spec.Length;

    /// <inheritdoc />
    public override IDataView Transform(IDataView input)
    {
        _features.ComputeFor(input, _inputColumn);
        return base.Transform(input);
    }

    private protected override ITransformer MappingFor(DataViewSchema inputSchema)
    {
        RequireColumn(inputSchema, _inputColumn, TextDataViewType.Instance);
        return Mapping<ImagePathRow, FeatureRow>(inputSchema, (cell, row) => row.Features = _features[cell.ImagePath], Definitions.Input(_inputColumn),
            Definitions.Output(_outputColumn, _spec.Length));
    }

    internal static class Definitions
    {
        public static SchemaDefinition Input(string column) => Definition<ImagePathRow>((nameof(ImagePathRow.ImagePath), column, null));

        public static SchemaDefinition Output(string column, int length) =>
            Definition<FeatureRow>((nameof(FeatureRow.Features), column, new VectorDataViewType(NumberDataViewType.Single, length)));
    }

    private float[][] Extract(IReadOnlyList<string> paths)
    {
        var extraction = _extractor.Value.Extract(paths);
        return paths.Select((_, i) => extraction.Averaged(i) ?? Enumerable.Repeat(float.NaN, _spec.Length).ToArray()).ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_extractor.IsValueCreated) _extractor.Value.Dispose();
    }
}
