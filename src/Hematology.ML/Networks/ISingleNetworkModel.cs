namespace Hematology.ML.Networks;

/// <summary>
/// A cell model whose decisions come from one convolutional network: a network model itself, or an ensemble with a single
/// network member (the shipped test-time-view model). Grad-CAM, feature maps and test-time views reach the network
/// through it. It lives beside the network, not on <see cref="Cells.ICellClassifier"/>, because the cell contract sits
/// below the networks.
/// </summary>
internal interface ISingleNetworkModel
{
    /// <summary>The network, or null when the model has none or several.</summary>
    NetworkCellClassifier? Network { get; }
}
