using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Hematology.ML.Networks;

/// <summary>
/// The plain convolution block of the thesis's own networks (Keras defaults): a 3x3 convolution with
/// "valid" padding (no padding), ReLU, and optionally a 2x2 max-pool, stride 2, rounding down.
/// </summary>
internal static class ConvBlock
{
    public static Sequential Create(long inChannels, long outChannels, bool pool) => pool
        ? Sequential(("conv", Conv2d(inChannels, outChannels, 3)), ("relu", ReLU()), ("pool", MaxPool2d(2)))
        : Sequential(("conv", Conv2d(inChannels, outChannels, 3)), ("relu", ReLU()));

    /// <summary>Side of the feature map after one block: 3x3 valid conv takes 2, the pool halves (floor).</summary>
    public static int OutputSide(int side, bool pool) => pool ? (side - 2) / 2 : side - 2;

    /// <summary>A stack of blocks, named <c>block1</c>, <c>block2</c>, ...; returns it with the final side.</summary>
    public static (Sequential Blocks, int Side) Stack(long inChannels, IReadOnlyList<(int Filters, bool Pool)> blocks, int inputSide)
    {
        var modules = new List<(string, Module<Tensor, Tensor>)>();
        var side = inputSide;
        foreach (var (filters, pool) in blocks)
        {
            modules.Add(($"block{modules.Count + 1}", Create(inChannels, filters, pool)));
            inChannels = filters;
            side = OutputSide(side, pool);
            if (side < 1) throw new HematologyException($"Input side {inputSide} is too small for {blocks.Count} convolution blocks.");
        }
        return (Sequential(modules), side);
    }
}
