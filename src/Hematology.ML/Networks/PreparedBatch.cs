using Hematology.ML.Runtime;
using static TorchSharp.torch;

namespace Hematology.ML.Networks;

/// <summary>
/// A network input batch as plain arrays: made off the training thread by the training batches, or from
/// decoded cells by <see cref="NetworkCellClassifier.ToInputBatch"/> for inference; tensors are made on
/// the thread that runs the network.
/// </summary>
/// <param name="Pixels">Planar standardised pixels, [n, 3, side, side].</param>
/// <param name="Labels">Label indices.</param>
/// <param name="Side">Image side.</param>
internal sealed record PreparedBatch(float[] Pixels, long[] Labels, int Side)
{
    /// <summary>Images and labels as tensors.</summary>
    public (Tensor Images, Tensor Labels) ToTensors(Device? device = null)
    {
        TorchRuntime.EnsureInitialized(); // libtorch must be ready before the first tensor
        return (tensor(Pixels, [Labels.Length, 3, Side, Side], device: device), tensor(Labels, device: device));
    }
}
