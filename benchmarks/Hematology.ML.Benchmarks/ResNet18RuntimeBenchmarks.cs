using BenchmarkDotNet.Attributes;
using Hematology.ML.Imaging;
using Hematology.ML.Performance;
using Hematology.ML.Runtime;
using static TorchSharp.torch;

namespace Hematology.ML.Benchmarks;

/// <summary>
/// The ImageNet ResNet-18 (224 px, to the pooled features) in ONNX Runtime (the NuGet ONNX file, the
/// baseline) and in TorchSharp (its imported weights), on the same cells with the same threads.
/// </summary>
public class ResNet18RuntimeBenchmarks
{
    private ResNet18RuntimePair _pair = null!;

    /// <summary>Images per call.</summary>
    [Params(1, 8)]
    public int Batch { get; set; }

    /// <summary>Both runtimes on every core, eight cells of the sample prepared.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var device = TorchRuntime.EnsureInitialized();
        set_num_threads(Environment.ProcessorCount);
        var cells = RepositoryFolder.PbcCells("lymphocyte").Take(8).Select(CellImageDecoder.Decode).ToArray();
        _pair = new ResNet18RuntimePair(cells, 8, Environment.ProcessorCount, device);
    }

    /// <summary>ONNX Runtime.</summary>
    [Benchmark(Baseline = true)]
    public float[][] OnnxRuntime() => _pair.OnnxRuntime(Batch);

    /// <summary>TorchSharp.</summary>
    [Benchmark]
    public float[] TorchSharp() => _pair.TorchSharp(Batch);

    /// <summary>Frees both runtimes.</summary>
    [GlobalCleanup]
    public void Cleanup() => _pair.Dispose();
}
