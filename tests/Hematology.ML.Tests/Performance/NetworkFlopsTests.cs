using Hematology.ML.Networks;
using Hematology.ML.Performance;
using Hematology.ML.Runtime;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Hematology.ML.Tests.Performance;

public class NetworkFlopsTests
{
    public NetworkFlopsTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void Counts_the_multiply_adds_of_convolutions_grouped_convolutions_and_linear_layers_by_hand()
    {
        using var network = Sequential(
            ("conv", Conv2d(3, 4, 3)),                                  // 8x8 -> 4 x 6x6 outputs, 3*3*3 = 27 each: 3,888
            ("relu", ReLU()),
            ("grouped", Conv2d(4, 8, 3, padding: 1, groups: 2)),        // 8 x 6x6 outputs, (4/2)*3*3 = 18 each: 5,184
            ("pool", MaxPool2d(2)),                                     // not counted
            ("flatten", Flatten()),
            ("fc", Linear(8 * 3 * 3, 5)));                              // 5 outputs, 72 each: 360
        network.train();

        var flops = NetworkFlops.Count(network, inputSize: 8);

        Assert.Equal(3_888 + 5_184 + 360, flops.MultiplyAdds);
        Assert.Equal(2 * flops.MultiplyAdds, flops.Flops);
        Assert.Equal((4 * 3 * 9 + 4) + (8 * 2 * 9 + 8) + (72 * 5 + 5), flops.Parameters);
        Assert.True(network.training, "counting must leave the network in the mode it found it");
    }

    [Fact]
    public void TorchVision_resnet18_at_224_costs_the_published_one_point_eight_billion_multiply_adds()
    {
        using var network = NetworkRegistry.Create("resnet18", numClasses: 1000);

        var flops = NetworkFlops.Count(network, 224);

        // 1.814 GMAC in the literature (convolutions and the classifier); 11,689,512 parameters.
        Assert.InRange(flops.MultiplyAdds, 1.80e9, 1.83e9);
        Assert.InRange(flops.Gflop, 3.60, 3.66);
        Assert.Equal(11_689_512, flops.Parameters);
    }

    [Fact]
    public void Convolution_cost_grows_with_the_input_area()
    {
        using var network = NetworkRegistry.Create("dysplasianet", numClasses: 2, inputSize: 128);

        var at128 = NetworkFlops.Count(network, 128);
        using var larger = NetworkRegistry.Create("dysplasianet", numClasses: 2, inputSize: 256);
        var at256 = NetworkFlops.Count(larger, 256);

        // Valid-padded convolutions and the FC input change the ratio a little from exactly 4.
        Assert.InRange(at256.MultiplyAdds / (double)at128.MultiplyAdds, 3.8, 4.6);
    }
}
