using Hematology.ML.Performance;

namespace Hematology.ML.Tests.Performance;

public class PerformanceMeasurementTests
{
    [Fact]
    public void Median_of_timings_ignores_one_stalled_run()
    {
        var timing = new TimingResult([0.10, 0.11, 3.0]);
        Assert.Equal(0.11, timing.Median);
        Assert.Equal(2 / 0.11, timing.PerSecond(2), 6);
        Assert.Equal(0.105, new TimingResult([0.10, 0.11]).Median, 6);
    }

    [Fact]
    public void Theoretical_peak_is_cores_times_clock_times_the_vector_width_of_two_fma_units()
    {
        var avx2 = new MachineDescription("linux", "cpu", 2, 8, ".NET", 2500, ["avx", "avx2", "fma"]);
        Assert.Equal(32, avx2.FlopPerCyclePerCore);
        Assert.Equal(160, avx2.TheoreticalPeakGflops!.Value, 6);
        Assert.Equal(64, (avx2 with { VectorExtensions = ["avx", "avx2", "fma", "avx512f"] }).FlopPerCyclePerCore);
        Assert.Equal(16, (avx2 with { VectorExtensions = ["avx"] }).FlopPerCyclePerCore);
        Assert.Null((avx2 with { CpuMhz = null }).TheoreticalPeakGflops);
    }

    [Fact]
    public void This_machine_is_described_with_its_cores_and_processor()
    {
        var machine = MachineDescription.Current();
        Assert.Equal(Environment.ProcessorCount, machine.Cores);
        Assert.False(string.IsNullOrWhiteSpace(machine.Cpu));
    }

    [Fact]
    public void Benchmark_smear_repeats_the_source_cells_in_order_under_numbered_names()
    {
        var smear = BenchmarkSmear.Build([Path.Combine(TestPaths.SampleImages, "basophil")], 23, TestPaths.NewTempFolder());

        var files = Directory.GetFiles(smear).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(23, files.Length);
        Assert.Equal("cell_0001.jpg", Path.GetFileName(files[0]));
        Assert.Equal("cell_0023.jpg", Path.GetFileName(files[^1]));
        // The sample holds 20 basophils: the 21st cell is the first again.
        Assert.Equal(File.ReadAllBytes(files[0]), File.ReadAllBytes(files[20]));
        Assert.NotEqual(File.ReadAllBytes(files[0]), File.ReadAllBytes(files[1]));
    }
}
