using Hematology.ML.Networks;
using Hematology.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Tests.Networks;

public class NetworkSizeTests
{
    public NetworkSizeTests() => TorchRuntime.EnsureInitialized();

    internal static long ParameterCount(nn.Module network) => network.parameters().Sum(p => p.numel());

    [Fact]
    public void Model1_has_the_thesis_parameter_count_at_224()
    {
        using var network = NetworkRegistry.Create("model1", numClasses: 8);
        Assert.Equal(27_010_376, ParameterCount(network));
    }

    public static TheoryData<string, long> Variants()
    {
        var data = new TheoryData<string, long>();
        foreach (var v in DysplasiaNetVariant.All) data.Add(v.Name, v.PublishedParameters);
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void DysplasiaNet_candidates_have_the_thesis_parameter_counts_at_299(string variant, long published)
    {
        using var network = NetworkRegistry.Create("dysplasianet-" + variant.ToLowerInvariant(), numClasses: 2);
        Assert.Equal(published, ParameterCount(network));
    }

    [Fact]
    public void DysplasiaNet_is_M1_with_one_logit_for_two_classes()
    {
        using var network = NetworkRegistry.Create("dysplasianet", numClasses: 2, inputSize: 299);
        Assert.Equal(72_977, ParameterCount(network));
        using var output = network.call(zeros(2, 3, 299, 299));
        Assert.Equal([2L, 1L], output.shape);
    }

    [Fact]
    public void Model1_forward_gives_one_score_per_class_at_a_smaller_input()
    {
        using var network = NetworkRegistry.Create("model1", numClasses: 8, inputSize: 160);
        network.eval();
        using var output = network.call(zeros(1, 3, 160, 160));
        Assert.Equal([1L, 8L], output.shape);
    }

    [Theory]
    [InlineData("resnet18", 11_180_616)] // TorchVision's ResNet-18 with an 8-way classifier: 11,176,512 + 512*8+8
    [InlineData("inception_v3", 0)]
    public void TorchVision_networks_are_built_by_name_for_eight_classes(string name, long expected)
    {
        using var network = NetworkRegistry.Create(name, numClasses: 8);
        if (expected > 0) Assert.Equal(expected, ParameterCount(network));
        var fc = network.named_parameters().Last();
        Assert.Equal(8L, fc.parameter.shape[0]);
    }

    [Fact]
    public void Vgg16_is_built_by_name_with_an_eight_way_classifier()
    {
        using var network = NetworkRegistry.Create("vgg16", numClasses: 8);
        // 138,357,544 for ImageNet's 1,000 classes, less the 992 classes' 4,097 weights each.
        Assert.Equal(138_357_544 - 992L * 4097, ParameterCount(network));
    }

    [Fact]
    public void Too_small_input_is_a_user_error()
    {
        var error = Assert.Throws<HematologyException>(() => NetworkRegistry.Create("dysplasianet-m2", numClasses: 2, inputSize: 64));
        Assert.Contains("too small", error.Message);
    }
}
