using Hematology.ML.Models;
using Microsoft.ML;

namespace Hematology.ML.MlNet;

/// <summary>
/// The estimator of <see cref="CellClassifierTransformer"/>: a shipped model by name (the catalog's default when none
/// is given) or a model file, such as one written by <c>hemato adapt</c>. Nothing is learnt: <c>Fit</c> loads the model once.
/// </summary>
public sealed class CellClassifierEstimator : IEstimator<CellClassifierTransformer>
{
    private readonly Lazy<CellClassifierTransformer> _transformer;
    private readonly string _inputColumn;

    internal CellClassifierEstimator(string? model, string inputColumn, string device)
    {
        _inputColumn = inputColumn;
        _transformer = new(() => new CellClassifierTransformer(ModelCatalog.Shipped().LoadClassifier(model, device), inputColumn));
    }

    /// <inheritdoc />
    /// <exception cref="HematologyException">Unknown model name, unreadable model file, or no image-path column.</exception>
    public CellClassifierTransformer Fit(IDataView input)
    {
        _transformer.Value.GetOutputSchema(input.Schema);
        return _transformer.Value;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => MlNetMapping.MappedShape<ImagePathRow, ClassifiedRow>(inputSchema,
        CellFeatureTransformer.Definitions.Input(_inputColumn), CellClassifierTransformer.OutputDefinition(_transformer.Value.Classes));
}
