using Hematology.ML.Networks;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hematology.ML.Performance;

/// <summary>
/// The ImageNet ResNet-18 ONNX file of <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> in an ONNX Runtime
/// session of its own, with a fixed number of threads, returning the 512 pooled features: the same
/// network <see cref="ImageNetResNet18"/> imports into TorchSharp, so the two runtimes can be timed on
/// the same arithmetic.
/// </summary>
internal sealed class OnnxResNet18Session : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _inputName;

    /// <summary>Opens the ONNX file with <paramref name="threads"/> intra-op threads and one inter-op thread.</summary>
    public OnnxResNet18Session(int threads, string? modelDirectory = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            // One graph branch at a time: the intra-op pool already holds every core given.
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(ImageNetResNet18.OnnxPath(modelDirectory), options);
        _inputName = _session.InputMetadata.Keys.Single();
        var batch = _session.InputMetadata[_inputName].Dimensions[0];
        MaxBatch = batch > 0 ? batch : int.MaxValue;
    }

    /// <summary>The most images one call takes: the file's fixed batch dimension, or unbounded when it is symbolic.</summary>
    public int MaxBatch { get; }

    /// <summary>
    /// Pooled features [n][512] of <paramref name="count"/> images given as the ONNX network reads them:
    /// planar BGR (0-255) minus the mean image, images one after another. Batches above <see cref="MaxBatch"/>
    /// are split.
    /// </summary>
    public float[][] PooledFeatures(Memory<float> centredBgr, int count)
    {
        var plane = 3 * ImageNetResNet18.InputSize * ImageNetResNet18.InputSize;
        if (centredBgr.Length != count * plane)
            throw new ArgumentException($"Expected {count} images of 3x{ImageNetResNet18.InputSize}x{ImageNetResNet18.InputSize} values.", nameof(centredBgr));
        var features = new List<float[]>(count);
        for (var start = 0; start < count; start += MaxBatch)
        {
            var n = Math.Min(MaxBatch, count - start);
            var input = new DenseTensor<float>(centredBgr.Slice(start * plane, n * plane), [n, 3, ImageNetResNet18.InputSize, ImageNetResNet18.InputSize]);
            using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_inputName, input)], [ImageNetResNet18.OnnxPooledOutput]);
            var flat = results.Single().AsEnumerable<float>().ToArray();
            var per = flat.Length / n;
            for (var i = 0; i < n; i++) features.Add(flat.AsSpan(i * per, per).ToArray());
        }
        return features.ToArray();
    }

    /// <summary>The ONNX Runtime version in use.</summary>
    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    /// <inheritdoc/>
    public void Dispose() => _session.Dispose();
}
