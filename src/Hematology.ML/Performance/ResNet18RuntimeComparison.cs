using System.Text.Json.Serialization;
using Hematology.ML.Imaging;
using Hematology.ML.Networks;
using static TorchSharp.torch;

namespace Hematology.ML.Performance;

/// <summary>The ImageNet ResNet-18 at one batch size in both runtimes.</summary>
/// <param name="Batch">Images per call.</param>
/// <param name="OnnxRuntimeImagesPerSecond">The NuGet ONNX file in ONNX Runtime.</param>
/// <param name="TorchSharpImagesPerSecond">The same weights imported into TorchSharp.</param>
internal sealed record RuntimeSpeed(int Batch,
    [property: JsonPropertyName("onnxruntime_images_per_second")] double OnnxRuntimeImagesPerSecond,
    [property: JsonPropertyName("torchsharp_images_per_second")] double TorchSharpImagesPerSecond)
{
    /// <summary>How many times faster ONNX Runtime is (below 1: TorchSharp is faster).</summary>
    [JsonPropertyName("onnxruntime_to_torchsharp")]
    public double OnnxRuntimeToTorchSharp => OnnxRuntimeImagesPerSecond / TorchSharpImagesPerSecond;
}

/// <summary>
/// One network in two runtimes on the same inputs with the same threads: the ImageNet ResNet-18 of
/// <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> in ONNX Runtime and, imported (<see cref="ImageNetResNet18"/>),
/// in TorchSharp, both from 224-pixel cell images to the 512 pooled features in managed memory.
/// </summary>
/// <param name="Threads">Intra-op threads of both runtimes.</param>
/// <param name="TorchDevice">Where TorchSharp ran (ONNX Runtime always runs on the CPU here).</param>
/// <param name="Speeds">One row per batch size.</param>
/// <param name="MaxRelativeDifference">Largest |torch - onnx| / max(1, |onnx|) over the features: that the two computed the same thing.</param>
internal sealed record ResNet18RuntimeComparison(int Threads, string TorchDevice, IReadOnlyList<RuntimeSpeed> Speeds, double MaxRelativeDifference)
{
    /// <summary>
    /// Times both runtimes on the cells in <paramref name="images"/> (reused in turn up to the largest batch);
    /// libtorch's thread count must already be <paramref name="threads"/> (<c>torch.set_num_threads</c>).
    /// Each figure is the median of <paramref name="runs"/> calls after <paramref name="warmups"/> untimed ones.
    /// </summary>
    public static ResNet18RuntimeComparison Measure(IReadOnlyList<RgbImage> images, IReadOnlyList<int> batchSizes, int threads, Device device, int runs,
        int warmups = 1, CancellationToken cancellationToken = default)
    {
        using var pair = new ResNet18RuntimePair(images, batchSizes.Max(), threads, device);
        var difference = pair.MaxRelativeDifference();
        var speeds = batchSizes.Select(n => new RuntimeSpeed(n,
            Timing.Measure(() => pair.OnnxRuntime(n), runs, warmups, cancellationToken).PerSecond(n),
            Timing.Measure(() => pair.TorchSharp(n), runs, warmups, cancellationToken).PerSecond(n))).ToArray();
        return new ResNet18RuntimeComparison(threads, device.ToString(), speeds, difference);
    }
}
