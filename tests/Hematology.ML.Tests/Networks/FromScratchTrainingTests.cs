using Hematology.ML.Networks;
using Hematology.ML.Runtime;
using Hematology.ML.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Tests.Networks;

public class FromScratchTrainingTests
{
    public FromScratchTrainingTests() => TorchRuntime.EnsureInitialized();

    [Theory]
    [InlineData("vgg16", 32)]        // its adaptive pool accepts any side from 32 up
    [InlineData("inception_v3", 75)] // the smallest side its stem takes
    [InlineData("resnet18", 32)]
    [InlineData("model1", 160)]
    public void One_training_step_from_scratch_changes_the_classifier(string name, int side)
    {
        torch.manual_seed(0);
        using var network = NetworkRegistry.Create(name, numClasses: 8, inputSize: side);
        network.train();
        var classifier = network.parameters().Last();
        using var before = classifier.detach().clone();
        using var optimizer = optim.SGD(network.parameters(), 0.01);
        using var scope = NewDisposeScope();
        var (loss, _) = NetworkTrainer.LossAndPrediction(network.call(randn(2, 3, side, side)), tensor(new long[] { 0, 7 }));
        loss.backward();
        optimizer.step();
        Assert.True(float.IsFinite(loss.item<float>()));
        Assert.False(classifier.allclose(before), $"{name}: the classifier did not move");
    }
}
