using BenchmarkDotNet.Attributes;
using Hematology.ML.Performance;
using Hematology.ML.Screening;

namespace Hematology.ML.Benchmarks;

/// <summary>
/// A 200-cell smear (the sample smear, topped up from the PBC sample) screened end to end as shipped:
/// eight-class model, DysplasiaNet on the neutrophils, stain control, decision. Issue 6: well under 2 s.
/// </summary>
public class SmearScreeningBenchmarks
{
    private ScreeningModels _screening = null!;
    private string _smear = null!;

    /// <summary>Builds the smear in a temporary folder and loads the shipped pipeline.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _smear = BenchmarkSmear.Build([RepositoryFolder.SmearSample, RepositoryFolder.PbcSample], 200,
            Directory.CreateTempSubdirectory("hemato-smear-200-").FullName);
        _screening = ScreeningModels.Resolve();
    }

    /// <summary>The whole screen of one smear.</summary>
    [Benchmark]
    public SmearScreeningResult Screen200CellSmear() => _screening.Pipeline.Screen(_smear);

    /// <summary>Frees the models and deletes the smear.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _screening.Dispose();
        Directory.Delete(_smear, recursive: true);
    }
}
