using BenchmarkDotNet.Attributes;
using Hematology.ML.Imaging;
using Hematology.ML.Networks;

namespace Hematology.ML.Benchmarks;

/// <summary>The shipped DysplasiaNet (M1, 128 px) on a batch of 32 prepared neutrophils.</summary>
public class DysplasiaNetBenchmarks() : ShippedNetworkBenchmarks("dysplasianet")
{
    private PreparedBatch _batch = null!;

    /// <summary>The sample's neutrophils, reused in turn up to 32.</summary>
    protected override void Prepare()
    {
        var neutrophils = RepositoryFolder.PbcCells("neutrophil").Select(CellImageDecoder.Decode).ToArray();
        _batch = Model.ToInputBatch(Enumerable.Range(0, 32).Select(i => neutrophils[i % neutrophils.Length]).ToArray());
    }

    /// <summary>P(dysplastic) of 32 neutrophils.</summary>
    [Benchmark]
    public float[][] Batch32() => Model.PredictProbabilities(_batch);
}
