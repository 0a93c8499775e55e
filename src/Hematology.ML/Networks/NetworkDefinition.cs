using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Networks;

/// <summary>One architecture the registry can build by name.</summary>
/// <param name="Name">The name used by the CLI, configuration files and tests.</param>
/// <param name="DefaultInputSize">The input side (pixels) the architecture was designed or published for.</param>
/// <param name="Summary">One line for listings.</param>
/// <param name="Build">Builds it on the CPU for (classes, input side).</param>
/// <param name="ImportPretrained">Loads published ImageNet weights into a built network, where there are any.</param>
internal sealed record NetworkDefinition(
    string Name,
    int DefaultInputSize,
    string Summary,
    Func<int, int, nn.Module<Tensor, Tensor>> Build,
    Action<nn.Module<Tensor, Tensor>>? ImportPretrained = null);
