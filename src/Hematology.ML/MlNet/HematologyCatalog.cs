using Hematology.ML.Features;
using Hematology.ML.MlNet;

namespace Microsoft.ML;

/// <summary>
/// The library's entry points on ML.NET's catalogs, in ML.NET's own namespace as its packages do, so that
/// <c>ml.Transforms.ExtractCellFeatures</c>, <c>ml.Transforms.ClassifyCells</c> and
/// <c>ml.MulticlassClassification.Trainers.KernelSvm</c> appear beside ML.NET's.
/// </summary>
public static class HematologyCatalog
{
    /// <summary>
    /// Cell-image features from a column of image paths: the ImageNet ResNet-18's 512 deep features of the cell at
    /// PBC's 128-pixel framing, plus, with <paramref name="quantitative"/>, the colour histogram and the morphology
    /// of the segmented cell (the thesis's deep + quantitative features).
    /// </summary>
    public static CellFeatureEstimator ExtractCellFeatures(this TransformsCatalog catalog, string outputColumnName = "Features",
        string inputColumnName = "ImagePath", bool quantitative = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(outputColumnName, inputColumnName, quantitative ? FeatureSpec.DeepAndQuantitative() : FeatureSpec.DeepOnly());
    }

    /// <summary>
    /// Class and probabilities of each cell image by a shipped model (<paramref name="model"/> = its name, null for the
    /// default) or a model file (e.g. from <c>hemato adapt</c>).
    /// </summary>
    public static CellClassifierEstimator ClassifyCells(this TransformsCatalog catalog, string? model = null, string inputColumnName = "ImagePath",
        string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(model, inputColumnName, device);
    }

    /// <summary>
    /// A kernel SVM (quadratic, cubic or RBF; the library's own SMO solver) on a key-typed label and a float-vector
    /// feature column; outputs ML.NET's <c>Score</c> and <c>PredictedLabel</c>.
    /// </summary>
    public static KernelSvmCellTrainer KernelSvm(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        CellSvmKernel kernel = CellSvmKernel.Cubic, string labelColumnName = "Label", string featureColumnName = "Features", int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(kernel, labelColumnName, featureColumnName, seed);
    }
}
