using Hematology.ML.Features;
using Hematology.ML.Features.Classifiers;
using Microsoft.ML;
using Microsoft.ML.Data;
using static Hematology.ML.MlNet.MlNetMapping;

namespace Hematology.ML.MlNet;

/// <summary>
/// The thesis's SVM classifiers as an ML.NET multiclass trainer (<c>ml.MulticlassClassification.Trainers.KernelSvm</c>):
/// the library's own SMO solver, one binary C-SVC per pair of classes with Platt probabilities, C = 10, gamma = 1/d on
/// features standardised to zero mean and unit variance. Rows with a missing label or a NaN feature are left out.
/// </summary>
public sealed class KernelSvmCellTrainer : IEstimator<KernelSvmCellTransformer>
{
    private readonly string _labelColumn, _featureColumn;
    private readonly CellSvmKernel _kernel;
    private readonly int _seed;

    internal KernelSvmCellTrainer(CellSvmKernel kernel, string labelColumn, string featureColumn, int seed)
    {
        _kernel = kernel;
        _labelColumn = labelColumn;
        _featureColumn = featureColumn;
        _seed = seed;
    }

    private string KernelName => _kernel switch
    {
        CellSvmKernel.Quadratic => FeatureClassifierCatalog.QuadraticSvm,
        CellSvmKernel.Cubic => FeatureClassifierCatalog.CubicSvm,
        CellSvmKernel.Rbf => FeatureClassifierCatalog.RbfSvm,
        _ => throw new HematologyException($"Unknown SVM kernel {_kernel}."),
    };

    /// <inheritdoc />
    /// <exception cref="HematologyException">Missing or mistyped columns, or fewer than two classes with usable rows.</exception>
    public KernelSvmCellTransformer Fit(IDataView input)
    {
        var (labelColumn, classes) = Label(input.Schema);
        RequireColumn(input.Schema, _featureColumn);
        var rows = input.GetColumn<uint>(labelColumn).Zip(input.GetColumn<float[]>(input.Schema[_featureColumn]))
            .Where(r => r.First > 0 && r.Second.Length > 0 && !r.Second.Any(float.IsNaN)).ToArray();
        var labels = rows.Select(r => (int)r.First - 1).ToArray();
        if (labels.Distinct().Count() < 2)
            throw new HematologyException($"A kernel SVM needs rows of at least two classes; the data has {labels.Distinct().Count()} with a label and readable features.");
        var standardizer = FeatureStandardizer.Fit(rows.Select(r => r.Second).ToArray());
        var features = rows.Select(r => standardizer.Transform(r.Second)).ToArray();
        var svm = FeatureClassifierCatalog.Create(KernelName, features[0].Length, _seed).Fit(features, labels, classes.Length);
        return new KernelSvmCellTransformer(_featureColumn, KernelName, classes, standardizer, svm);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var label = inputSchema.FirstOrDefault(c => c.Name == _labelColumn);
        if (label.Name is null || !label.IsKey)
            throw new HematologyException($"The kernel SVM needs a key-typed label column '{_labelColumn}' (use ml.Transforms.Conversion.MapValueToKey).");
        // A schema shape carries no vector size or key count: any fixed size stands for them here.
        return MappedShape<FeatureRow, ScoredRow>(inputSchema,
            KernelSvmCellTransformer.Definitions.Input(_featureColumn, new VectorDataViewType(NumberDataViewType.Single, 1)),
            KernelSvmCellTransformer.Definitions.Output(["1", "2"]));
    }

    private (DataViewSchema.Column Column, string[] Classes) Label(DataViewSchema schema)
    {
        var column = RequireColumn(schema, _labelColumn);
        if (column.Type is not KeyDataViewType key || key.Count is < 2 or > 1000)
            throw new HematologyException($"Label column '{_labelColumn}' is {column.Type}; the kernel SVM needs a key of 2-1000 classes (use ml.Transforms.Conversion.MapValueToKey).");
        return (column, ClassNames.Of(column, (int)key.Count));
    }
}
