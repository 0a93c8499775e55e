using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Hematology.ML.Networks;

/// <summary>
/// The ImageNet ResNet of <see cref="MlNetResNet18"/> cut after its third stage: stem, stages 1-3, global
/// average pooling of the 256 channels, and a classifier. The fourth stage holds 13.1 M of the network's
/// 15.9 M parameters and, at 128 px, a third of its multiply-adds, while at the small inputs a fast first stage
/// of a smear screen runs on (64-96 px) its 2x2-3x3 maps add little spatial information. Layer names are
/// those of the full network, so its ImageNet weights (and Grad-CAM's and the freezing's block names) apply.
/// </summary>
internal sealed class ThreeStageResNet : Module<Tensor, Tensor>
{
    /// <summary>Channels of the third stage, the length of the pooled feature vector.</summary>
    public const int Features = 256;

    private readonly Module<Tensor, Tensor> conv1;
    private readonly Module<Tensor, Tensor> bn1;
    private readonly Module<Tensor, Tensor> relu;
    private readonly Module<Tensor, Tensor> maxpool;
    private readonly Module<Tensor, Tensor> layer1;
    private readonly Module<Tensor, Tensor> layer2;
    private readonly Module<Tensor, Tensor> layer3;
    private readonly Module<Tensor, Tensor> avgpool;
    private readonly Module<Tensor, Tensor> flatten;
    private readonly Linear fc;

    /// <summary>Builds it with fresh weights and an <paramref name="numClasses"/>-way classifier.</summary>
    public ThreeStageResNet(int numClasses) : base("resnet18-mlnet-3stage")
    {
        // The full network's own modules, so every layer is built (and initialised) exactly as there.
        var parts = MlNetResNet18.Create(numClasses).named_children().ToDictionary(c => c.name, c => (Module<Tensor, Tensor>)c.module);
        parts["layer4"].Dispose();
        parts["fc"].Dispose();
        conv1 = parts["conv1"];
        bn1 = parts["bn1"];
        relu = parts["relu"];
        maxpool = parts["maxpool"];
        layer1 = parts["layer1"];
        layer2 = parts["layer2"];
        layer3 = parts["layer3"];
        avgpool = AdaptiveAvgPool2d(1);
        flatten = Flatten();
        fc = Linear(Features, numClasses);
        RegisterComponents();
    }

    /// <summary>
    /// Loads the ImageNet weights of the full network's stem and first three stages (<see cref="ImageNetResNet18.Import"/>);
    /// the classifier is left as it was.
    /// </summary>
    public static void ImportImageNet(Module<Tensor, Tensor> network)
    {
        using var full = MlNetResNet18.Create(2);
        ImageNetResNet18.Import(full);
        var source = full.state_dict();
        using var noGrad = no_grad();
        foreach (var (name, target) in network.state_dict())
            if (!name.StartsWith("fc.", StringComparison.Ordinal)) target.copy_(source[name]);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = maxpool.call(relu.call(bn1.call(conv1.call(input))));
        x = layer3.call(layer2.call(layer1.call(x)));
        return fc.call(flatten.call(avgpool.call(x))).MoveToOuterDisposeScope();
    }
}
