using Hematology.ML.Networks;
using static TorchSharp.torch;

namespace Hematology.ML.Performance;

/// <summary>A network at one input size, as the performance run measures it.</summary>
/// <param name="Network">Registry name.</param>
/// <param name="InputSize">Input side in pixels.</param>
/// <param name="Classes">Outputs (8 for the cell classes; 2 for DysplasiaNet, which then has one logit).</param>
/// <param name="Batch">Images per inference and training step.</param>
internal sealed record NetworkCase(string Network, int InputSize, int Classes, int Batch);

/// <summary>Training images per second at one thread count.</summary>
/// <param name="Threads">libtorch intra-op threads.</param>
/// <param name="ImagesPerSecond">Forward, loss, backward and SGD update.</param>
internal sealed record ThreadedSpeed(int Threads, double ImagesPerSecond);

/// <summary>
/// What a network costs and how close to the machine's limit it runs: forward FLOPs per image, inference
/// images per second and the GFLOP/s that makes, against the measured matmul peak; and training images per
/// second at each thread count. A training image costs about three forward passes (forward, then the
/// gradients of activations and of weights).
/// </summary>
/// <param name="Case">Network, input size, batch.</param>
/// <param name="Flops">Forward arithmetic per image.</param>
/// <param name="InferenceImagesPerSecond">Random batches, no gradients, evaluation mode.</param>
/// <param name="MatmulPeakGflops">The peak measured with the same threads, the yardstick.</param>
/// <param name="Training">Training images per second by thread count (empty when not measured).</param>
internal sealed record NetworkSpeed(NetworkCase Case, NetworkFlops Flops, double InferenceImagesPerSecond, double MatmulPeakGflops, IReadOnlyList<ThreadedSpeed> Training)
{
    /// <summary>FLOPs a training image costs, counted as three forward passes.</summary>
    public const double TrainingFlopsPerForward = 3;

    /// <summary>Achieved inference GFLOP/s.</summary>
    public double InferenceGflops => Flops.Gflop * InferenceImagesPerSecond;

    /// <summary>Achieved inference GFLOP/s as a percentage of the measured matmul peak.</summary>
    public double InferencePercentOfPeak => 100 * InferenceGflops / MatmulPeakGflops;

    /// <summary>Achieved training GFLOP/s at the most threads measured, a training image counted as three forward passes.</summary>
    public double? TrainingGflops => Training.Count == 0 ? null : TrainingFlopsPerForward * Flops.Gflop * Training[^1].ImagesPerSecond;

    /// <summary><see cref="TrainingGflops"/> as a percentage of the measured matmul peak.</summary>
    public double? TrainingPercentOfPeak => 100 * TrainingGflops / MatmulPeakGflops;

    /// <summary>Training at the most threads divided by training on one thread (null without both).</summary>
    public double? TrainingScaling => Training.Count >= 2 ? Training[^1].ImagesPerSecond / Training[0].ImagesPerSecond : null;

    /// <summary>
    /// Measures <paramref name="networkCase"/> (random weights: the arithmetic is the same as trained ones'):
    /// inference with libtorch's current threads over <paramref name="steps"/> batches, and training at each
    /// of <paramref name="trainingThreads"/> (restoring the thread count afterwards).
    /// </summary>
    public static NetworkSpeed Measure(NetworkCase networkCase, Device device, double matmulPeakGflops, int steps, IReadOnlyList<int> trainingThreads,
        int warmups = 1, CancellationToken cancellationToken = default)
    {
        using var network = NetworkRegistry.Create(networkCase.Network, networkCase.Classes, networkCase.InputSize, device.ToString());
        var flops = NetworkFlops.Count(network, networkCase.InputSize, device);
        var inference = NetworkThroughput.Inference(network, networkCase.InputSize, networkCase.Batch, steps, device, warmups, cancellationToken);
        var outputs = (int)network.parameters().Last().shape[0];
        var threadsBefore = get_num_threads();
        var training = new List<ThreadedSpeed>();
        try
        {
            foreach (var threads in trainingThreads)
            {
                set_num_threads(threads);
                // On a one-logit network (DysplasiaNet) cross-entropy is degenerate, but backward still runs every layer: the cost is the same.
                training.Add(new ThreadedSpeed(threads, NetworkThroughput.Training(network, outputs, networkCase.InputSize,
                    networkCase.Batch, steps, device, warmups, cancellationToken)));
            }
        }
        finally
        {
            set_num_threads(threadsBefore);
        }
        return new NetworkSpeed(networkCase, flops, inference, matmulPeakGflops, training);
    }
}
