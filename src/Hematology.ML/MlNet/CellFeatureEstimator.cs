using Hematology.ML.Features;
using Microsoft.ML;

namespace Hematology.ML.MlNet;

/// <summary>
/// The estimator of <see cref="CellFeatureTransformer"/> (<c>ml.Transforms.ExtractCellFeatures</c>). Feature extraction
/// learns nothing, so every <c>Fit</c> returns the same transformer and its features are computed once.
/// </summary>
public sealed class CellFeatureEstimator : IEstimator<CellFeatureTransformer>
{
    private readonly string _outputColumn, _inputColumn;
    private readonly int _length;
    private readonly CellFeatureTransformer _transformer;

    internal CellFeatureEstimator(string outputColumn, string inputColumn, FeatureSpec spec)
    {
        spec.Validate();
        _outputColumn = outputColumn;
        _inputColumn = inputColumn;
        _length = spec.Length;
        _transformer = new CellFeatureTransformer(outputColumn, inputColumn, spec);
    }

    /// <inheritdoc />
    public CellFeatureTransformer Fit(IDataView input)
    {
        _transformer.GetOutputSchema(input.Schema); // a missing or mistyped column fails here, clearly
        return _transformer;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => MlNetMapping.MappedShape<ImagePathRow, FeatureRow>(inputSchema,
        CellFeatureTransformer.Definitions.Input(_inputColumn), CellFeatureTransformer.Definitions.Output(_outputColumn, _length));
}
