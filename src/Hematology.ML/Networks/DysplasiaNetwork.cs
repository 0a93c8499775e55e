using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Hematology.ML.Networks;

/// <summary>
/// DysplasiaNet and its siblings (<see cref="DysplasiaNetVariant"/>): valid 3x3 convolution blocks with
/// max-pooling, then small FC layers. For two classes it has one output, a logit: the thesis's sigmoid unit
/// is applied by the loss (BCE with logits, numerically safer) and at prediction, and has no parameters.
/// </summary>
internal sealed class DysplasiaNetwork : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Sequential classifier;

    /// <summary>Builds <paramref name="variant"/> for <paramref name="numClasses"/> classes at <paramref name="inputSize"/> pixels.</summary>
    public DysplasiaNetwork(DysplasiaNetVariant variant, int numClasses = 2, int inputSize = DysplasiaNetVariant.DefaultInputSize)
        : base("dysplasianet-" + variant.Name.ToLowerInvariant())
    {
        Variant = variant;
        var (stack, side) = ConvBlock.Stack(3, Enumerable.Repeat((variant.Filters, true), variant.Blocks).ToArray(), inputSize);
        features = stack;
        var layers = new List<(string, Module<Tensor, Tensor>)> { ("flatten", Flatten()) };
        long width = (long)variant.Filters * side * side;
        for (var i = 1; i <= variant.HiddenLayers; i++)
        {
            layers.Add(($"fc{i}", Linear(width, variant.Filters)));
            layers.Add(($"relu{i}", ReLU()));
            width = variant.Filters;
        }
        layers.Add(("output", Linear(width, OutputsFor(numClasses))));
        classifier = Sequential(layers);
        RegisterComponents();
    }

    /// <summary>The variant this network was built as.</summary>
    public DysplasiaNetVariant Variant { get; }

    /// <summary>One logit for a binary task, else one per class.</summary>
    public static int OutputsFor(int numClasses) => numClasses == 2 ? 1 : numClasses;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return classifier.call(features.call(input)).MoveToOuterDisposeScope();
    }
}
