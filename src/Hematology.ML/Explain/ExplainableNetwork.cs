using Hematology.ML.Cells;
using Hematology.ML.Networks;

namespace Hematology.ML.Explain;

/// <summary>
/// The CNN inside a loaded cell model, for Grad-CAM and feature maps: a network model itself, or the single
/// network member of an ensemble file (the shipped default averages one ResNet-18 over test-time views).
/// </summary>
internal static class ExplainableNetwork
{
    /// <summary>The network of <paramref name="model"/>, or null when it has none or several.</summary>
    public static NetworkCellClassifier? Find(ICellClassifier model) => (model as ISingleNetworkModel)?.Network;

    /// <summary>The network of <paramref name="model"/>.</summary>
    /// <exception cref="HematologyException">The model is not a CNN (e.g. deep features into an SVM), or an ensemble of several.</exception>
    public static NetworkCellClassifier Require(ICellClassifier model, string modelName) => Find(model)
        ?? throw new HematologyException($"'{modelName}' is not one convolutional network, so Grad-CAM and feature maps cannot open it; use a network model such as pbc8-resnet18 or dysplasianet.");
}
