using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Hematology.ML.Networks;

/// <summary>
/// The basic residual block of ResNet-18/34: two 3x3 convolutions with batch normalisation, and the shortcut (a 1x1
/// convolution and normalisation where the shape changes). Same layer names and arithmetic as TorchVision's private
/// <c>ResNet.BasicBlock</c>, so the same weight files load; the residual sum uses a held Scalar (<see cref="HeldScalars"/>)
/// instead of TorchVision's <c>add_(identity)</c>, whose hidden <c>alpha = 1</c> was a source of the "Unknown scalar type" fault.
/// </summary>
internal sealed class ResidualBlock : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> conv1;
    private readonly Module<Tensor, Tensor> bn1;
    private readonly Module<Tensor, Tensor> conv2;
    private readonly Module<Tensor, Tensor> bn2;
    private readonly Module<Tensor, Tensor> relu1;
    private readonly Module<Tensor, Tensor>? downsample;

    private ResidualBlock(int inPlanes, int planes, int stride, Module<Tensor, Tensor>? downsample, Func<int, Module<Tensor, Tensor>> norm)
        : base("BasicBlock")
    {
        conv1 = Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = norm(planes);
        relu1 = ReLU(inplace: true);
        conv2 = Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
        bn2 = norm(planes);
        this.downsample = downsample;
        RegisterComponents();
    }

    /// <summary>TorchVision's block function (<see cref="TorchSharp.Modules.ResNet.BlockFunc"/>) for this block.</summary>
    public static Module<Tensor, Tensor> Create(int inPlanes, int planes, int stride, Module<Tensor, Tensor>? downsample,
        int groups, int baseWidth, int dilation, Func<int, Module<Tensor, Tensor>>? normLayer)
    {
        if (groups != 1 || baseWidth != 64) throw new ArgumentException("The basic block supports only groups = 1 and width 64.");
        if (dilation > 1) throw new ArgumentException("The basic block does not support dilation.");
        return new ResidualBlock(inPlanes, planes, stride, downsample, normLayer ?? (c => new StableBatchNorm2d(c)));
    }

    /// <summary>TorchVision's ResNet class with this block and <see cref="StableBatchNorm2d"/> everywhere, stem included.</summary>
    public static TorchSharp.Modules.ResNet ResNet(string name, IReadOnlyList<int> stageBlocks, int numClasses) =>
        new(name, Create, expansion: 1, layers: stageBlocks.ToList(), numClasses: numClasses, zero_init_residual: false, groups: 1,
            width_per_group: 64, replace_stride_with_dilation: null, norm_layer: c => new StableBatchNorm2d(c), weights_file: null,
            skipfc: true, device: null);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = bn2.call(conv2.call(relu1.call(bn1.call(conv1.call(input)))));
        var identity = downsample is null ? input : downsample.call(input);
        return x.add_(identity, HeldScalars.One).relu_().MoveToOuterDisposeScope();
    }
}
