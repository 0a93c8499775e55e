using Hematology.ML.Imaging;
using Hematology.ML.Networks;
using static TorchSharp.torch;

namespace Hematology.ML.Performance;

/// <summary>
/// The ImageNet ResNet-18 of <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> ready in both runtimes on the
/// same cells: the ONNX file in ONNX Runtime, and its weights imported into TorchSharp
/// (<see cref="ImageNetResNet18"/>), each computing 224-pixel cells to the 512 pooled features in managed
/// memory. The inputs are prepared once, each in the channel order its runtime reads.
/// </summary>
internal sealed class ResNet18RuntimePair : IDisposable
{
    private readonly OnnxResNet18Session _onnx;
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly Tensor _rgbCentred;
    private readonly float[] _bgrCentred;
    private readonly int _plane = 3 * ImageNetResNet18.InputSize * ImageNetResNet18.InputSize;

    /// <summary>
    /// Prepares <paramref name="count"/> inputs from <paramref name="cells"/> (reused in turn when fewer) and
    /// opens both runtimes: ONNX Runtime with <paramref name="threads"/> intra-op threads, TorchSharp on
    /// <paramref name="device"/> with libtorch's current threads (set them to the same number first).
    /// </summary>
    public ResNet18RuntimePair(IReadOnlyList<RgbImage> cells, int count, int threads, Device device)
    {
        if (cells.Count == 0) throw new ArgumentException("No cells given.", nameof(cells));
        Count = count;
        Threads = threads;
        using (NewDisposeScope())
        {
            var rgb = Enumerable.Range(0, count).SelectMany(i => CellImagePreprocessor.CropAndResize(cells[i % cells.Count], ImageNetResNet18.InputSize).ToPlanarFloats()).ToArray();
            var centred = tensor(rgb, [count, 3, ImageNetResNet18.InputSize, ImageNetResNet18.InputSize]) - ImageNetResNet18.MeanImageRgb();
            // The ONNX network reads BGR: the channel order is part of preparing its input, not of its timing.
            _bgrCentred = centred.flip(1).contiguous().data<float>().ToArray();
            _rgbCentred = centred.to(device).DetachFromDisposeScope();
        }
        _network = NetworkRegistry.Create("resnet18-mlnet", numClasses: 8, device: device.ToString(), pretrained: true);
        _network.eval();
        _onnx = new OnnxResNet18Session(threads);
    }

    /// <summary>Images prepared: the largest batch either runtime can be given.</summary>
    public int Count { get; }

    /// <summary>ONNX Runtime's intra-op threads.</summary>
    public int Threads { get; }

    /// <summary>Pooled features of the first <paramref name="batch"/> images, by ONNX Runtime: [batch][512].</summary>
    public float[][] OnnxRuntime(int batch) => _onnx.PooledFeatures(_bgrCentred.AsMemory(0, Check(batch) * _plane), batch);

    /// <summary>Pooled features of the first <paramref name="batch"/> images, by TorchSharp: batch x 512 values, image after image.</summary>
    public float[] TorchSharp(int batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return ImageNetResNet18.PooledFeatures(_network, _rgbCentred.narrow(0, 0, Check(batch))).to(CPU).data<float>().ToArray();
    }

    /// <summary>Largest |torchsharp - onnx| / max(1, |onnx|) over the features of the first image: that both computed the same.</summary>
    public double MaxRelativeDifference()
    {
        var expected = OnnxRuntime(1)[0];
        return TorchSharp(1).Zip(expected, (a, e) => Math.Abs(a - e) / Math.Max(1f, Math.Abs(e))).Max();
    }

    private int Check(int batch) => batch >= 1 && batch <= Count ? batch
        : throw new ArgumentOutOfRangeException(nameof(batch), $"Between 1 and the {Count} prepared images.");

    /// <inheritdoc/>
    public void Dispose()
    {
        _onnx.Dispose();
        _network.Dispose();
        _rgbCentred.Dispose();
    }
}
