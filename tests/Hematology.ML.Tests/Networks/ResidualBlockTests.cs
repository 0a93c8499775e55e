using Hematology.ML.Networks;
using Hematology.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Tests.Networks;

/// <summary>The ResNet built with held-Scalar blocks and batch-norms is TorchVision's, weight for weight and output for output.</summary>
public class ResidualBlockTests
{
    [Fact]
    public void ResNet18_with_held_scalars_computes_what_TorchVisions_computes_in_training_and_in_inference()
    {
        TorchRuntime.EnsureInitialized();
        manual_seed(7);
        using var ours = ResidualBlock.ResNet("resnet18", [2, 2, 2, 2], 8);
        using var theirs = torchvision.models.resnet18(num_classes: 8);
        Assert.Equal(theirs.state_dict().Keys.Order(), ours.state_dict().Keys.Order());
        using (no_grad())
            foreach (var (name, tensor) in theirs.state_dict()) ours.state_dict()[name].copy_(tensor);
        using var input = randn(4, 3, 64, 64);

        ours.train();
        theirs.train();
        using (var a = ours.call(input))
        using (var b = theirs.call(input))
            Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-5), "training-mode outputs differ");
        foreach (var (name, tensor) in theirs.state_dict())
            Assert.True(ours.state_dict()[name].to_type(ScalarType.Float64).allclose(tensor.to_type(ScalarType.Float64), rtol: 1e-4, atol: 1e-6), $"{name} after one training step");
        Assert.Equal(1L, ours.state_dict()["bn1.num_batches_tracked"].item<long>());

        ours.eval();
        theirs.eval();
        using (var a = ours.call(input))
        using (var b = theirs.call(input))
            Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-5), "inference outputs differ");
    }
}
