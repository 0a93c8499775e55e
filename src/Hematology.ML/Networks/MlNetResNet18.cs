using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hematology.ML.Networks;

/// <summary>
/// The network inside ML.NET's DnnImageFeaturizer "ResNet18" ONNX model, rebuilt with TorchVision's ResNet.
/// Reading the ONNX graph showed that it is not quite a ResNet-18: its last stage has three basic blocks,
/// not two (stages of 2-2-2-3 blocks, 22 convolutions, 13.5 M parameters before the classifier), so it
/// cannot be poured into TorchVision's <c>resnet18</c>. It is TorchVision's <see cref="ResNet"/> class
/// with that stage layout and TorchVision's own basic block.
/// </summary>
public static class MlNetResNet18
{
    /// <summary>Basic blocks per stage in the ONNX model.</summary>
    public static IReadOnlyList<int> StageBlocks { get; } = [2, 2, 2, 3];

    /// <summary>Builds the architecture with fresh weights and an <paramref name="numClasses"/>-way classifier.</summary>
    public static ResNet Create(int numClasses) =>
        new("resnet18-mlnet", BasicBlock, expansion: 1, layers: StageBlocks.ToList(), numClasses: numClasses,
            zero_init_residual: false, groups: 1, width_per_group: 64, replace_stride_with_dilation: null,
            norm_layer: null, weights_file: null, skipfc: true, device: null);

    // TorchVision 0.107 keeps its BasicBlock private but takes any block through the public BlockFunc;
    // reusing it (by reflection, pinned version) keeps the layer names and forward of resnet18 identical.
    private static readonly ConstructorInfo BasicBlockConstructor =
        typeof(ResNet).GetNestedType("BasicBlock", BindingFlags.NonPublic)?.GetConstructors().SingleOrDefault()
        ?? throw new HematologyException("This TorchVision version has no ResNet.BasicBlock; the ML.NET ResNet cannot be built.");

    private static nn.Module<Tensor, Tensor> BasicBlock(int inPlanes, int planes, int stride, nn.Module<Tensor, Tensor>? downsample,
        int groups, int baseWidth, int dilation, Func<int, nn.Module<Tensor, Tensor>>? normLayer) =>
        (nn.Module<Tensor, Tensor>)BasicBlockConstructor.Invoke([inPlanes, planes, stride, downsample, groups, baseWidth, dilation, normLayer]);
}
