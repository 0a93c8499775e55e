using BenchmarkDotNet.Attributes;
using Hematology.ML.Imaging;

namespace Hematology.ML.Benchmarks;

/// <summary>One 360x363 original cell from JPEG file to the shipped CNN's standardised 128-pixel input.</summary>
public class CellPreprocessingBenchmarks() : ShippedNetworkBenchmarks("pbc8-resnet18")
{
    private string _cell = null!;

    /// <inheritdoc/>
    protected override void Prepare() => _cell = RepositoryFolder.PbcCells("neutrophil")[0];

    /// <summary>Decode, centre crop, Lanczos to 128, JPEG round trip, per-image standardisation.</summary>
    [Benchmark]
    public object DecodeAndPreprocessOneCell() => Model.ToInputBatch([CellImageDecoder.Decode(_cell)]);
}
