using Hematology.ML.Features;
using Hematology.ML.Networks.Onnx;
using Hematology.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hematology.ML.Networks;

/// <summary>
/// The ImageNet "ResNet-18" that ML.NET's DnnImageFeaturizer ships as ONNX, imported into TorchVision's
/// ResNet class with the ONNX model's stage layout (<see cref="MlNetResNet18"/>). The ONNX graph (a CNTK export) keeps batch-norm separate from the convolutions, has no
/// classifier, and takes BGR pixels (0-255) minus a per-pixel mean image (ResNetPreprocess.onnx).
/// </summary>
/// <remarks>
/// Its convolution and pooling pads are asymmetric (conv1 3/3/2/2, strided 3x3 convs and the max-pool
/// 1/1/0/0) where TorchVision's are symmetric; for a 224 input the windows start at the same place and
/// the extra bottom/right padding is never reached, so the outputs are the same (the import test shows it).
/// The first convolution's input channels are reversed on import, so the network takes RGB.
/// </remarks>
internal static class ImageNetResNet18
{
    /// <summary>The side the weights and the mean image were made for.</summary>
    public const int InputSize = 224;

    /// <summary>The ONNX graph's output after global average pooling: the 512 features, before any classifier.</summary>
    public const string OnnxPooledOutput = "Pooling395_Output_0";

    /// <summary>The ONNX model file, found through <see cref="ResNet18Featurizer.LocateModelDirectory"/>.</summary>
    public static string OnnxPath(string? modelDirectory = null) =>
        Path.Combine(modelDirectory ?? ResNet18Featurizer.LocateModelDirectory(), "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>
    /// Copies the ONNX weights into a <see cref="MlNetResNet18"/> network (any number of classes; the classifier
    /// is left as it was, since the ONNX model has none). Convolutions and batch-norms pair up in forward order; the 1x1
    /// shortcut convolutions, which the ONNX graph lists before their block, are matched among themselves.
    /// </summary>
    /// <exception cref="HematologyException">The ONNX file is missing, or its layers do not fit the network.</exception>
    public static void Import(nn.Module<Tensor, Tensor> resnet, string? modelDirectory = null)
    {
        var graph = OnnxGraph.Load(OnnxPath(modelDirectory));
        var onnxLayers = OnnxConvBatchNormPairs(graph);
        var torchLayers = resnet.modules().OfType<Conv2d>().Zip(resnet.modules().OfType<StableBatchNorm2d>()).ToArray();
        if (onnxLayers.Count != torchLayers.Length)
            throw new HematologyException($"The ONNX model has {onnxLayers.Count} convolutions, the network {torchLayers.Length}: not the network of MlNetResNet18.");

        static bool IsShortcut(long[] kernel) => kernel[2] == 1 && kernel[3] == 1;
        var onnxShortcuts = new Queue<OnnxLayer>(onnxLayers.Where(l => IsShortcut(l.Weight.Dims)));
        var onnxMain = new Queue<OnnxLayer>(onnxLayers.Where(l => !IsShortcut(l.Weight.Dims)));
        using var noGrad = no_grad();
        var first = true;
        foreach (var (conv, norm) in torchLayers)
        {
            var source = IsShortcut(conv.weight!.shape) ? onnxShortcuts.Dequeue() : onnxMain.Dequeue();
            using var weight = ToTensor(source.Weight);
            // The ONNX network reads BGR; reversing the first convolution's input channels makes it read RGB.
            using var oriented = first ? weight.flip(1) : weight.alias();
            Copy(conv.weight, oriented, source.Weight.Name);
            Copy(norm.weight!, source.Scale);
            Copy(norm.bias!, source.Bias);
            Copy(norm.running_mean!, source.Mean);
            Copy(norm.running_var!, source.Variance);
            first = false;
        }
    }

    /// <summary>
    /// The mean image the ONNX network expects subtracted, as RGB [1, 3, side, side] in the 0-255 range;
    /// resized (bilinear) for sides other than 224.
    /// </summary>
    public static Tensor MeanImageRgb(int side = InputSize, string? modelDirectory = null)
    {
        TorchRuntime.EnsureInitialized();
        var path = Path.Combine(modelDirectory ?? ResNet18Featurizer.LocateModelDirectory(), "ResNetPrepOnnx", "ResNetPreprocess.onnx");
        var mean = OnnxGraph.Load(path).Initializers.Values.SingleOrDefault(t => t.Dims.Length == 4)
            ?? throw new HematologyException($"{path} holds no mean image.");
        using var bgr = ToTensor(mean);
        var rgb = bgr.flip(1);
        if (side == InputSize) return rgb;
        using (rgb) return nn.functional.interpolate(rgb, [side, side], mode: InterpolationMode.Bilinear, align_corners: false);
    }

    /// <summary>The 512 globally pooled features of a ResNet (every child up to, not including, <c>fc</c>).</summary>
    public static Tensor PooledFeatures(nn.Module<Tensor, Tensor> resnet, Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var (name, child) in resnet.named_children())
        {
            if (name == "fc") break;
            x = ((nn.Module<Tensor, Tensor>)child).call(x);
        }
        return x.flatten(1).MoveToOuterDisposeScope();
    }

    private sealed record OnnxLayer(OnnxTensor Weight, OnnxTensor Scale, OnnxTensor Bias, OnnxTensor Mean, OnnxTensor Variance);

    private static List<OnnxLayer> OnnxConvBatchNormPairs(OnnxGraph graph)
    {
        var normByInput = graph.Nodes.Where(n => n.OpType == "BatchNormalization").ToDictionary(n => n.Inputs[0]);
        var layers = new List<OnnxLayer>();
        foreach (var conv in graph.Nodes.Where(n => n.OpType == "Conv"))
        {
            if (conv.Inputs.Count > 2) throw new HematologyException("The ONNX convolutions have biases: batch-norm was folded, which this import does not handle.");
            if (!normByInput.TryGetValue(conv.Outputs[0], out var norm))
                throw new HematologyException($"ONNX convolution {conv.Outputs[0]} is not followed by a batch-norm.");
            OnnxTensor Init(string name) => graph.Initializers.TryGetValue(name, out var t) ? t
                : throw new HematologyException($"ONNX initializer {name} is missing.");
            layers.Add(new OnnxLayer(Init(conv.Inputs[1]), Init(norm.Inputs[1]), Init(norm.Inputs[2]), Init(norm.Inputs[3]), Init(norm.Inputs[4])));
        }
        return layers;
    }

    private static Tensor ToTensor(OnnxTensor source) => tensor(source.Values).reshape(source.Dims);

    private static void Copy(Tensor target, OnnxTensor source)
    {
        using var values = ToTensor(source);
        Copy(target, values, source.Name);
    }

    private static void Copy(Tensor target, Tensor values, string name)
    {
        if (!target.shape.SequenceEqual(values.shape))
            throw new HematologyException($"ONNX tensor {name} has shape [{string.Join(",", values.shape)}], the network expects [{string.Join(",", target.shape)}].");
        target.copy_(values);
    }
}
