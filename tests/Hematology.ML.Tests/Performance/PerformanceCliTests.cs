using System.Text.Json;
using Hematology.ML.Tests.Cli;

namespace Hematology.ML.Tests.Performance;

[Collection(MeasuringCollection.Name)]
public class PerformanceCliTests
{
    [Fact]
    public void Quick_performance_run_writes_every_figure_of_the_benchmark_table()
    {
        var output = Path.Combine(TestPaths.NewTempFolder(), "performance.json");

        // A smaller smear keeps the smoke run short; the figure of record uses 200 cells.
        var result = HematoProcess.Run("benchmark", "performance", "--quick", "--smear-cells", "30", "--output", output);

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        var root = json.RootElement;
        Assert.Equal("performance", root.GetProperty("kind").GetString());
        Assert.True(root.GetProperty("quick").GetBoolean());
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("machine").GetProperty("cores").GetInt32());
        Assert.True(root.GetProperty("matmul_peak").GetProperty("gflops").GetDouble() > 0);

        var smear = root.GetProperty("smear_screening");
        Assert.Equal(30, smear.GetProperty("cells").GetInt32());
        Assert.True(smear.GetProperty("cold_seconds").GetDouble() > 0);
        Assert.True(smear.GetProperty("warm").GetProperty("median").GetDouble() > 0);
        Assert.Contains(smear.GetProperty("within_target").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });

        var models = root.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!);
        foreach (var name in new[] { "pbc8-resnet18-tta", "pbc8-resnet18", "pbc8-fast", "pbc8-features", "pbc8-ensemble", "dysplasianet", "deep-features" })
        {
            Assert.True(models.ContainsKey(name), $"no figures for {name}");
            foreach (var batch in new[] { "batch_of_one", "batched" })
                Assert.True(models[name].GetProperty(batch).GetProperty("end_to_end_cells_per_second").GetDouble() > 0);
        }
        Assert.True(models["pbc8-resnet18"].GetProperty("batched").GetProperty("network_cells_per_second").GetDouble() > 0);
        Assert.Equal(8, models["pbc8-resnet18-tta"].GetProperty("test_time_views").GetInt32());
        Assert.Equal(JsonValueKind.Null, models["pbc8-ensemble"].GetProperty("batched").GetProperty("network_cells_per_second").ValueKind);

        var runtimes = root.GetProperty("resnet18_runtimes");
        Assert.True(runtimes.GetProperty("max_relative_difference").GetDouble() < 1e-3, "both runtimes must compute the same features");
        Assert.All(runtimes.GetProperty("speeds").EnumerateArray(), s => Assert.True(s.GetProperty("onnxruntime_to_torchsharp").GetDouble() > 0));

        var networks = root.GetProperty("networks").EnumerateArray().ToArray();
        Assert.Contains(networks, n => n.GetProperty("case").GetProperty("network").GetString() == "model1");
        Assert.All(networks, n =>
        {
            Assert.True(n.GetProperty("flops").GetProperty("multiply_adds").GetInt64() > 0);
            Assert.True(n.GetProperty("inference_percent_of_peak").GetDouble() > 0);
            Assert.Equal(Environment.ProcessorCount > 1 ? 2 : 1, n.GetProperty("training").GetArrayLength());
        });
    }

    [Fact]
    public void Performance_run_on_cuda_without_a_gpu_backend_stops_in_one_line()
    {
        var output = Path.Combine(TestPaths.NewTempFolder(), "performance.json");

        var result = HematoProcess.Run("benchmark", "performance", "--quick", "--device", "cuda", "--output", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CUDA is not available", result.Error);
        Assert.False(File.Exists(output));
    }
}
