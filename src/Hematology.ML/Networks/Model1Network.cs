using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Hematology.ML.Networks;

/// <summary>
/// The thesis's "model 1" (Table 6.1): five blocks of 3x3 convolution + 2x2 max-pool with 32, 64, 128, 256
/// and 512 filters, a sixth 3x3 convolution of 512 filters, FC 4,096 with 50 % dropout, FC 1,024, and one
/// output per class.
/// </summary>
/// <remarks>
/// 27,010,376 parameters at 224x224 with 8 classes, which fixes the arrangement. Convolutions (weights + biases):
/// 3*9*32+32 = 896; 32*9*64+64 = 18,496; 64*9*128+128 = 73,856; 128*9*256+256 = 295,168;
/// 256*9*512+512 = 1,180,160; 512*9*512+512 = 2,359,808; together 3,928,384. FC 1,024 -> 8: 8,200;
/// FC 4,096 -> 1,024: 4,195,328. That leaves 18,878,464 = (F + 1) * 4,096 for the first FC layer, so the
/// flattened input is F = 4,608 = 3*3*512: the last feature map is 3x3. With Keras's default "valid"
/// padding: 224 -> 222 -> 111 -> 109 -> 54 -> 52 -> 26 -> 24 -> 12 -> 10 -> 5 and the sixth convolution,
/// not pooled, 5 -> 3. (The other arrangement giving 3x3, "same" padding with the sixth block pooled,
/// 224 -> 112 -> ... -> 7 -> 3, has the same count; valid padding is chosen because DysplasiaNet's
/// published counts, by the same group, require it.) ReLU follows every convolution and hidden FC layer.
/// </remarks>
internal sealed class Model1Network : Module<Tensor, Tensor>
{
    /// <summary>The input side the thesis used.</summary>
    public const int DefaultInputSize = 224;

    private readonly Sequential features;
    private readonly Sequential classifier;

    /// <summary>Builds the network for <paramref name="numClasses"/> outputs at <paramref name="inputSize"/> pixels.</summary>
    public Model1Network(int numClasses, int inputSize = DefaultInputSize) : base("model1")
    {
        (int, bool)[] blocks = [(32, true), (64, true), (128, true), (256, true), (512, true), (512, false)];
        var (stack, side) = ConvBlock.Stack(3, blocks, inputSize);
        features = stack;
        classifier = Sequential(
            ("flatten", Flatten()),
            ("fc1", Linear(512L * side * side, 4096)), ("relu1", ReLU()), ("dropout", Dropout(0.5)),
            ("fc2", Linear(4096, 1024)), ("relu2", ReLU()),
            ("output", Linear(1024, numClasses)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return classifier.call(features.call(input)).MoveToOuterDisposeScope();
    }
}
