using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hematology.ML.Networks;

/// <summary>
/// The network inside ML.NET's DnnImageFeaturizer "ResNet18" ONNX model, rebuilt with TorchVision's ResNet.
/// Reading the ONNX graph showed that it is not quite a ResNet-18: its last stage has three basic blocks,
/// not two (stages of 2-2-2-3 blocks, 22 convolutions, 13.5 M parameters before the classifier), so it
/// cannot be poured into TorchVision's <c>resnet18</c>. It is TorchVision's <see cref="ResNet"/> class
/// with that stage layout and <see cref="ResidualBlock"/>, TorchVision's basic block with held Scalars.
/// </summary>
internal static class MlNetResNet18
{
    /// <summary>Basic blocks per stage in the ONNX model.</summary>
    public static IReadOnlyList<int> StageBlocks { get; } = [2, 2, 2, 3];

    /// <summary>Builds the architecture with fresh weights and an <paramref name="numClasses"/>-way classifier.</summary>
    public static ResNet Create(int numClasses) => ResidualBlock.ResNet("resnet18-mlnet", StageBlocks, numClasses);
}
