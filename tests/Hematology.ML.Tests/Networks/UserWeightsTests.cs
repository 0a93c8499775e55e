using Hematology.ML.Networks;
using Hematology.ML.Runtime;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Hematology.ML.Tests.Networks;

public class UserWeightsTests
{
    private const int Side = 64;

    public UserWeightsTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void A_pytorch_state_dict_loads_into_the_registry_network()
    {
        torch.manual_seed(11);
        using var source = NetworkRegistry.Create("dysplasianet", 8, Side);
        var path = Path.Combine(TestPaths.NewTempFolder(), "weights.pth");
        source.save_py(path); // the pickle format torch.save(model.state_dict()) writes

        using var loaded = NetworkRegistry.Create("dysplasianet", 8, Side, weightsFile: path);
        source.eval();
        loaded.eval();
        using var x = randn(2, 3, Side, Side);
        using var noGrad = no_grad();
        Assert.True(source.call(x).allclose(loaded.call(x)));
    }

    [Fact]
    public void A_head_of_another_size_in_torchsharp_weights_is_skipped_by_name_and_refused_without()
    {
        using var source = NetworkRegistry.Create("dysplasianet", 8, Side);
        var path = Path.Combine(TestPaths.NewTempFolder(), "eight-classes.dat");
        source.save(path);
        var head = source.state_dict().Keys.TakeLast(2).ToArray(); // the output layer's weight and bias

        var error = Assert.Throws<HematologyException>(() => NetworkRegistry.Create("dysplasianet", 3, Side, weightsFile: path));
        Assert.Contains("does not fit", error.Message);
        using var three = NetworkRegistry.Create("dysplasianet", 3, Side, weightsFile: path, skipWeights: head);
        var firstLayer = source.state_dict().Keys.First();
        Assert.True(three.state_dict()[firstLayer].allclose(source.state_dict()[firstLayer]));
    }

    [Fact]
    public void A_trained_model_file_starts_a_network_of_other_classes_with_its_weights_and_a_fresh_head()
    {
        var modelFile = Path.Combine(TestPaths.RepositoryRoot, "models", "pbc8-fast.hmlm");
        using var eightClass = NetworkCellClassifier.Load(modelFile);

        using var elevenClass = NetworkRegistry.Create("resnet18-mlnet-3stage", 11, 80, weightsFile: modelFile, skipWeights: ["fc.weight", "fc.bias"]);
        var error = Assert.Throws<HematologyException>(() => NetworkRegistry.Create("resnet18-mlnet-3stage", 11, 80, weightsFile: modelFile));

        var source = eightClass.Network.state_dict();
        var copied = elevenClass.state_dict();
        Assert.All(copied.Where(t => !t.Key.StartsWith("fc.", StringComparison.Ordinal)), t => Assert.True(t.Value.equal(source[t.Key]).all().item<bool>(), t.Key));
        Assert.Equal([11L, source["fc.weight"].shape[1]], copied["fc.weight"].shape);
        Assert.Contains("--skip-weights", error.Message);
    }
}
