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
}
