using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Training;

/// <summary>Images per second of a network on this machine, training (SGD step) and inferring.</summary>
/// <param name="TrainImagesPerSecond">Forward, cross-entropy, backward and SGD update.</param>
/// <param name="InferImagesPerSecond">Forward only, without gradients, in evaluation mode.</param>
public sealed record NetworkThroughput(double TrainImagesPerSecond, double InferImagesPerSecond)
{
    /// <summary>
    /// Times <paramref name="steps"/> steps on random batches (after two untimed warm-up steps); the pixel
    /// values do not change the arithmetic, so no images are needed.
    /// </summary>
    public static NetworkThroughput Measure(nn.Module<Tensor, Tensor> network, int outputs, int inputSize, int batchSize, int steps, Device device)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        using var input = randn(batchSize, 3, inputSize, inputSize, device: device);
        using var labels = randint(0, outputs, batchSize, dtype: int64, device: device);
        using var optimizer = optim.SGD(network.parameters(), 0.001);
        var loss = nn.CrossEntropyLoss();

        void TrainStep()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            loss.call(network.call(input), labels).backward();
            optimizer.step();
        }

        void InferStep()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            network.call(input).sum().item<float>(); // item() waits for the device
        }

        network.train();
        var train = Time(TrainStep, steps);
        network.eval();
        var infer = Time(InferStep, steps);
        return new NetworkThroughput(batchSize * steps / train, batchSize * steps / infer);
    }

    private static double Time(Action step, int steps)
    {
        step();
        step();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) step();
        return clock.Elapsed.TotalSeconds;
    }
}
