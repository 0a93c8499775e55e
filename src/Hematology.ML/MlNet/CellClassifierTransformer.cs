using Hematology.ML.Cells;
using Microsoft.ML;
using Microsoft.ML.Data;
using static Hematology.ML.MlNet.MlNetMapping;

namespace Hematology.ML.MlNet;

/// <summary>
/// Prediction with a shipped or adapted cell model (<c>ml.Transforms.ClassifyCells</c>): adds <c>PredictedClass</c>
/// (text) and <c>Probabilities</c> (one per class, slot names = class names) from a column of image paths.
/// <c>Transform</c> classifies the images it has not seen as one set, so the model's label-free lab adaptation
/// sees the whole folder as <c>hemato classify</c> does. An unreadable image gets an empty class and NaN probabilities.
/// </summary>
public sealed class CellClassifierTransformer : CellMappingTransformer, IDisposable
{
    private readonly ICellClassifier _classifier;
    private readonly string _inputColumn;
    private readonly PathResults<CellPrediction?> _predictions;

    internal CellClassifierTransformer(ICellClassifier classifier, string inputColumn)
    {
        _classifier = classifier;
        _inputColumn = inputColumn;
        _predictions = new(paths => classifier.Classify(paths).Predictions.ToArray());
    }

    /// <summary>The model's classes, in probability order.</summary>
    public IReadOnlyList<string> Classes => _classifier.Classes;

    /// <inheritdoc />
    public override IDataView Transform(IDataView input)
    {
        _predictions.ComputeFor(input, _inputColumn);
        return base.Transform(input);
    }

    private protected override ITransformer MappingFor(DataViewSchema inputSchema)
    {
        RequireColumn(inputSchema, _inputColumn, TextDataViewType.Instance);
        return Mapping<ImagePathRow, ClassifiedRow>(inputSchema, Predict, CellFeatureTransformer.Definitions.Input(_inputColumn), OutputDefinition(Classes));
    }

    internal static SchemaDefinition OutputDefinition(IReadOnlyList<string> classes)
    {
        var output = Definition<ClassifiedRow>(
            (nameof(ClassifiedRow.PredictedClass), "PredictedClass", null),
            (nameof(ClassifiedRow.Probabilities), "Probabilities", new VectorDataViewType(NumberDataViewType.Single, classes.Count)));
        ClassNames.Annotate(output[nameof(ClassifiedRow.Probabilities)], classes, asKeyValues: false);
        return output;
    }

    private void Predict(ImagePathRow cell, ClassifiedRow row)
    {
        var prediction = _predictions[cell.ImagePath];
        row.PredictedClass = prediction?.PredictedClass ?? "";
        row.Probabilities = prediction?.Probabilities.ToArray() ?? Enumerable.Repeat(float.NaN, Classes.Count).ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => _classifier.Dispose();
}
