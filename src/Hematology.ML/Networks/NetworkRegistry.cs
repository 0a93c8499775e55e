using Hematology.ML.Networks.Onnx;
using Hematology.ML.Runtime;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Hematology.ML.Networks;

/// <summary>
/// Every network architecture of the library, found by name (as timm's <c>create_model</c>): <c>model1</c>,
/// <c>dysplasianet</c> (= <c>dysplasianet-m1</c>) to <c>dysplasianet-m8</c>, <c>resnet18</c>,
/// <c>resnet18-mlnet</c> (ImageNet weights, see <see cref="MlNetResNet18"/>) and its first three stages
/// <c>resnet18-mlnet-3stage</c> (<see cref="ThreeStageResNet"/>), <c>vgg16</c>
/// and <c>inception_v3</c>.
/// </summary>
internal static class NetworkRegistry
{
    private static readonly Dictionary<string, NetworkDefinition> Definitions = BuildDefinitions()
        .ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The registered names, in listing order.</summary>
    public static IReadOnlyList<string> Names { get; } = BuildDefinitions().Select(d => d.Name).ToArray();

    /// <summary>The definition behind a name.</summary>
    /// <exception cref="HematologyException">The name is unknown.</exception>
    public static NetworkDefinition Describe(string name) => Definitions.TryGetValue(name, out var definition)
        ? definition
        : throw new HematologyException($"Unknown network '{name}'. Known networks: {string.Join(", ", Names)}.");

    /// <summary>
    /// Builds a network in training mode on <paramref name="device"/> (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>).
    /// <paramref name="weightsFile"/> (a TorchSharp <c>.dat</c> written by <c>Module.save</c>) replaces the
    /// initial weights; <paramref name="pretrained"/> loads the architecture's ImageNet weights instead.
    /// </summary>
    /// <exception cref="HematologyException">Unknown name or device, missing weights file, or no ImageNet weights for this architecture.</exception>
    public static nn.Module<Tensor, Tensor> Create(string name, int numClasses, int? inputSize = null, string device = "cpu",
        string? weightsFile = null, bool pretrained = false, IReadOnlyList<string>? skipWeights = null)
    {
        var definition = Describe(name);
        if (numClasses < 2) throw new HematologyException($"A classifier needs at least two classes, got {numClasses}.");
        var target = TorchRuntime.EnsureInitialized(device);
        var network = definition.Build(numClasses, inputSize ?? definition.DefaultInputSize);
        if (pretrained)
        {
            if (definition.ImportPretrained is null)
                throw new HematologyException($"No ImageNet weights are available for '{definition.Name}' (the ImageNet ResNet at hand is 'resnet18-mlnet'); train it from scratch or give a weights file.");
            definition.ImportPretrained(network);
        }
        if (weightsFile is not null) LoadWeights(network, definition.Name, weightsFile, skipWeights);
        return network.to(target);
    }

    /// <summary>
    /// Loads weights a user supplies: TorchSharp's format (<c>.dat</c>, what the trainer writes), a PyTorch
    /// <c>state_dict</c> (<c>.pt</c>, <c>.pth</c>, <c>.bin</c>) or safetensors, through TorchSharp.PyBridge.
    /// <paramref name="skip"/> names tensors to leave as initialised (an ImageNet classifier head of 1,000
    /// outputs when the network has 8); with a skip list, tensors missing from the file are allowed. Skipping
    /// works for TorchSharp files; a PyTorch file's head must match (save it without the head otherwise).
    /// </summary>
    private static void LoadWeights(nn.Module<Tensor, Tensor> network, string name, string path, IReadOnlyList<string>? skip)
    {
        if (!File.Exists(path)) throw new HematologyException($"Weights file not found: {path}");
        var strict = skip is not { Count: > 0 };
        var skipList = skip?.ToList();
        try
        {
            switch (Path.GetExtension(path).ToLowerInvariant())
            {
                case ".pt" or ".pth" or ".bin": network.load_py(path, strict, skipList); break;
                case ".safetensors": network.load_safetensors(path, strict, skipList); break;
                case ".hmlm": LoadFromModelFile(network, name, path, skipList ?? []); break;
                default: network.load(path, strict, skipList); break;
            }
        }
        catch (Exception e) when (e is not HematologyException and not OutOfMemoryException)
        {
            throw new HematologyException($"Weights file '{path}' does not fit network '{name}': {e.Message}", e);
        }
    }

    // A shipped or trained model file of the same architecture (the 8-class network as the start of an 11-class one): every
    // tensor is copied but the skipped ones, which keep their initialisation (a head of another size).
    private static void LoadFromModelFile(nn.Module<Tensor, Tensor> network, string name, string path, IReadOnlyList<string> skip)
    {
        using var source = NetworkCellClassifier.Load(path);
        if (source.Header.Network != name)
            throw new HematologyException($"'{path}' holds a '{source.Header.Network}' network, not '{name}'.");
        var weights = source.Network.state_dict();
        using var noGrad = no_grad();
        foreach (var (tensorName, tensor) in network.state_dict())
        {
            if (skip.Contains(tensorName)) continue;
            if (!weights.TryGetValue(tensorName, out var from) || !from.shape.SequenceEqual(tensor.shape))
                throw new HematologyException($"Tensor '{tensorName}' is missing from '{path}' or has another shape; name it in --skip-weights to start it afresh.");
            tensor.copy_(from.to(tensor.device));
        }
    }

    private static IEnumerable<NetworkDefinition> BuildDefinitions()
    {
        yield return new("model1", Model1Network.DefaultInputSize, "Thesis model 1 (Table 6.1): six 3x3 conv blocks, FC 4096-1024",
            (classes, size) => new Model1Network(classes, size));
        yield return new("dysplasianet", DysplasiaNetVariant.DefaultInputSize, "DysplasiaNet (Acevedo et al. 2021) = M1",
            (classes, size) => new DysplasiaNetwork(DysplasiaNetVariant.DysplasiaNet, classes, size));
        foreach (var variant in DysplasiaNetVariant.All)
            yield return new("dysplasianet-" + variant.Name.ToLowerInvariant(), DysplasiaNetVariant.DefaultInputSize,
                $"DysplasiaNet candidate {variant.Name}: {variant.Blocks} conv blocks of {variant.Filters}, {variant.HiddenLayers} hidden FC",
                (classes, size) => new DysplasiaNetwork(variant, classes, size));
        // TorchVision's factories: skipfc only matters with a weights file; the registry loads files itself.
        yield return new("resnet18", 224, "ResNet-18 (TorchVision)",
            (classes, _) => ResidualBlock.ResNet("resnet18", [2, 2, 2, 2], classes));
        yield return new("resnet18-mlnet", ImageNetResNet18.InputSize, "ML.NET's ImageNet \"ResNet-18\" (2-2-2-3 blocks); ImageNet weights from its ONNX file",
            (classes, _) => MlNetResNet18.Create(classes),
            network => ImageNetResNet18.Import(network));
        yield return new("resnet18-mlnet-3stage", ImageNetResNet18.InputSize, "resnet18-mlnet up to its third stage (256 features): a sixth of the parameters, for a fast first stage at small inputs",
            (classes, _) => new ThreeStageResNet(classes),
            ThreeStageResNet.ImportImageNet);
        yield return new("vgg16", 224, "VGG-16 (TorchVision)",
            (classes, _) => torchvision.models.vgg16(num_classes: classes));
        yield return new("inception_v3", 299, "Inception v3 (TorchVision)",
            (classes, _) => torchvision.models.inception_v3(num_classes: classes));
    }
}
