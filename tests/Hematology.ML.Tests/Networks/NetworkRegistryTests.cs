using Hematology.ML.Networks;
using Hematology.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Tests.Networks;

public class NetworkRegistryTests
{
    public NetworkRegistryTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void Every_listed_name_is_described_with_its_input_size()
    {
        Assert.Equal(["model1", "dysplasianet", "dysplasianet-m1", "dysplasianet-m2", "dysplasianet-m3", "dysplasianet-m4",
            "dysplasianet-m5", "dysplasianet-m6", "dysplasianet-m7", "dysplasianet-m8", "resnet18", "resnet18-mlnet", "resnet18-mlnet-3stage", "vgg16", "inception_v3"], NetworkRegistry.Names);
        Assert.Equal(299, NetworkRegistry.Describe("DysplasiaNet").DefaultInputSize);
        Assert.Equal(224, NetworkRegistry.Describe("model1").DefaultInputSize);
    }

    [Fact]
    public void Unknown_name_lists_the_known_ones()
    {
        var error = Assert.Throws<HematologyException>(() => NetworkRegistry.Create("alexnet", 8));
        Assert.Contains("resnet18", error.Message);
    }

    [Fact]
    public void Pretrained_weights_exist_only_for_the_mlnet_resnet()
    {
        var error = Assert.Throws<HematologyException>(() => NetworkRegistry.Create("dysplasianet", 2, pretrained: true));
        Assert.Contains("No ImageNet weights", error.Message);
    }

    [Fact]
    public void Saved_weights_are_loaded_back_by_name()
    {
        var file = Path.Combine(TestPaths.NewTempFolder(), "m1.dat");
        using var input = rand(2, 3, 96, 96);
        using var trained = NetworkRegistry.Create("dysplasianet-m1", 2, inputSize: 96);
        trained.eval();
        using var expected = trained.call(input);
        trained.save(file);

        using var loaded = NetworkRegistry.Create("dysplasianet-m1", 2, inputSize: 96, weightsFile: file);
        loaded.eval();
        using var actual = loaded.call(input);
        Assert.True(actual.allclose(expected), "the loaded network computes something else");
        Assert.Throws<HematologyException>(() => NetworkRegistry.Create("dysplasianet-m1", 2, weightsFile: file + ".missing"));
    }

    [Fact]
    public void Fine_tuning_the_last_two_resnet_blocks_freezes_everything_before()
    {
        using var network = NetworkRegistry.Create("resnet18", 8);
        var trainable = NetworkFreezing.TrainLastBlocks(network, 2);
        Assert.Equal(["layer4.1", "fc"], trainable);
        var grads = network.named_parameters().ToDictionary(p => p.name, p => p.parameter.requires_grad);
        Assert.False(grads["conv1.weight"]);
        Assert.False(grads["layer4.0.conv1.weight"]);
        Assert.True(grads["layer4.1.conv2.weight"]);
        Assert.True(grads["fc.bias"]);

        Assert.Equal(NetworkFreezing.Blocks(network).Count, NetworkFreezing.TrainLastBlocks(network, 100).Count);
        Assert.All(network.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void Thesis_network_blocks_are_its_layers_in_forward_order()
    {
        using var network = NetworkRegistry.Create("model1", 8, inputSize: 160);
        var blocks = NetworkFreezing.Blocks(network).Select(b => b.Name).ToArray();
        Assert.Equal(9, blocks.Length); // six convolutions, three FC layers
        Assert.Equal("features.block1.conv", blocks[0]);
        Assert.Equal("classifier.output", blocks[^1]);
        Assert.Equal(["classifier.fc2", "classifier.output"], NetworkFreezing.TrainLastBlocks(network, 2));
    }
}
