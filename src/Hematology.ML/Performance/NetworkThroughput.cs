using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Performance;

/// <summary>Images per second of a network on this machine, training (SGD step) and inferring.</summary>
/// <param name="TrainImagesPerSecond">Forward, cross-entropy, backward and SGD update.</param>
/// <param name="InferImagesPerSecond">Forward only, without gradients, in evaluation mode.</param>
internal sealed record NetworkThroughput(double TrainImagesPerSecond, double InferImagesPerSecond)
{
    /// <summary>
    /// Times <paramref name="steps"/> steps on random batches (after two untimed warm-up steps); the pixel
    /// values do not change the arithmetic, so no images are needed.
    /// </summary>
    public static NetworkThroughput Measure(nn.Module<Tensor, Tensor> network, int outputs, int inputSize, int batchSize, int steps, Device device) =>
        new(Training(network, outputs, inputSize, batchSize, steps, device), Inference(network, inputSize, batchSize, steps, device));

    /// <summary>
    /// Training images per second: forward, cross-entropy, backward and an SGD update per step, on random
    /// batches, after <paramref name="warmups"/> untimed steps. The network is left in training mode.
    /// </summary>
    public static double Training(nn.Module<Tensor, Tensor> network, int outputs, int inputSize, int batchSize, int steps, Device device,
        int warmups = 2, CancellationToken cancellationToken = default)
    {
        using var input = randn(batchSize, 3, inputSize, inputSize, device: device);
        using var labels = randint(0, outputs, batchSize, dtype: int64, device: device);
        using var optimizer = optim.SGD(network.parameters(), 0.001);
        var loss = nn.CrossEntropyLoss();
        network.train();
        return Images(() =>
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var value = loss.call(network.call(input), labels);
            value.backward();
            optimizer.step();
            value.item<float>(); // waits for the device
        }, batchSize, steps, warmups, cancellationToken);
    }

    /// <summary>
    /// Inference images per second: forward only, without gradients, in evaluation mode, on a random batch,
    /// after <paramref name="warmups"/> untimed batches.
    /// </summary>
    public static double Inference(nn.Module<Tensor, Tensor> network, int inputSize, int batchSize, int steps, Device device,
        int warmups = 2, CancellationToken cancellationToken = default)
    {
        using var input = randn(batchSize, 3, inputSize, inputSize, device: device);
        network.eval();
        return Images(() =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            network.call(input).sum().item<float>(); // item() waits for the device
        }, batchSize, steps, warmups, cancellationToken);
    }

    private static double Images(Action step, int batchSize, int steps, int warmups, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var timing = Timing.Measure(step, steps, warmups, cancellationToken);
        return batchSize * steps / timing.Seconds.Sum();
    }
}
