using Hematology.ML.Networks;
using Hematology.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Tests.Networks;

public class ThreeStageResNetTests
{
    public ThreeStageResNetTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void Three_stages_keep_a_sixth_of_the_full_networks_parameters()
    {
        using var full = NetworkRegistry.Create("resnet18-mlnet", numClasses: 8);
        using var cut = NetworkRegistry.Create("resnet18-mlnet-3stage", numClasses: 8);
        var fullCount = NetworkSizeTests.ParameterCount(full);
        var cutCount = NetworkSizeTests.ParameterCount(cut);
        // The fourth stage: 512-channel blocks (3x3 convolutions, batch-norms) and its 1x1 shortcut; the head shrinks from 512 to 256 inputs.
        long stage4 = (256 * 512 * 9 + 512 * 512 * 9 + 256 * 512) + 4 * 512 * 9 * 512 + 7 * 2 * 512;
        Assert.Equal(fullCount - stage4 - (512 * 8 + 8) + (256 * 8 + 8), cutCount);
        Assert.InRange(cutCount, fullCount / 7, fullCount / 5);
    }

    [Fact]
    public void Takes_any_input_size_and_gives_one_score_per_class()
    {
        using var network = NetworkRegistry.Create("resnet18-mlnet-3stage", numClasses: 8);
        network.eval();
        using var output = network.call(zeros(2, 3, 80, 80));
        Assert.Equal([2L, 8L], output.shape);
    }

    [Fact]
    public void Pretrained_stages_hold_the_full_networks_imagenet_weights_and_compute_its_third_stage()
    {
        using var full = NetworkRegistry.Create("resnet18-mlnet", numClasses: 8, pretrained: true);
        using var cut = NetworkRegistry.Create("resnet18-mlnet-3stage", numClasses: 8, pretrained: true);
        var fullWeights = full.state_dict();
        var cutWeights = cut.state_dict();
        Assert.Equal(fullWeights.Keys.Where(k => !k.StartsWith("layer4.") && !k.StartsWith("fc.")).Order(), cutWeights.Keys.Where(k => !k.StartsWith("fc.")).Order());
        foreach (var (name, weight) in cutWeights.Where(w => !w.Key.StartsWith("fc.")))
            Assert.True(weight.equal(fullWeights[name]).all().item<bool>(), $"{name} differs from the full network's");

        // The same weights compute the same thing: the full network's stem and stages 1-3 give the cut one's pooled features.
        full.eval();
        cut.eval();
        using var noGrad = no_grad();
        using var input = rand(2, 3, 80, 80);
        var x = input;
        foreach (var (name, child) in full.named_children().TakeWhile(c => c.name != "layer4"))
            x = ((nn.Module<Tensor, Tensor>)child).call(x);
        using var expected = x.mean([2, 3]);
        using var pooled = CapturePooled(cut, input);
        Assert.True(pooled.allclose(expected, rtol: 1e-4, atol: 1e-5));
    }

    // What the network hands its classifier: the flattened pooling of its third stage.
    private static Tensor CapturePooled(nn.Module<Tensor, Tensor> network, Tensor input)
    {
        Tensor? seen = null;
        var flatten = (nn.Module<Tensor, Tensor>)network.named_children().Single(c => c.name == "flatten").module;
        // The forward's dispose scope would free a plain copy when it ends.
        var hook = flatten.register_forward_hook((_, _, output) => { seen = output.clone().DetachFromDisposeScope(); return output; });
        try
        {
            using var _ = network.call(input);
            return seen!;
        }
        finally { hook.remove(); }
    }
}
