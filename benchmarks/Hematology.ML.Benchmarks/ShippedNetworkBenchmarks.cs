using BenchmarkDotNet.Attributes;
using Hematology.ML.Models;
using Hematology.ML.Networks;

namespace Hematology.ML.Benchmarks;

/// <summary>Benchmarks of one shipped network model, loaded once before them and freed after.</summary>
/// <param name="modelName">The shipped model's name.</param>
public abstract class ShippedNetworkBenchmarks(string modelName)
{
    /// <summary>The loaded model.</summary>
    private protected NetworkCellClassifier Model { get; private set; } = null!;

    /// <summary>Loads the model, then lets the benchmark prepare its input.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Model = NetworkCellClassifier.Load(ModelCatalog.Shipped().ResolvePath(modelName));
        Prepare();
    }

    /// <summary>Prepares what the benchmark times, outside the timing.</summary>
    protected abstract void Prepare();

    /// <summary>Frees the network.</summary>
    [GlobalCleanup]
    public void Cleanup() => Model.Dispose();
}
