using Hematology.ML.Tests.Cli;
using Xunit;

namespace Hematology.ML.Tests.Simulation;

public class SimulateCliTests
{
    [Fact]
    public void Simulate_neutrophils_skips_a_corrupt_file_with_a_warning_and_says_simulated()
    {
        var source = TestPaths.NewTempFolder();
        foreach (var f in Directory.EnumerateFiles(Path.Combine(TestPaths.SampleImages, "neutrophil")).Order(StringComparer.Ordinal).Take(2))
            File.Copy(f, Path.Combine(source, Path.GetFileName(f)));
        File.WriteAllBytes(Path.Combine(source, ".DS_169665.jpg"), [0, 5, 22, 7, 0, 2]);
        var output = TestPaths.NewTempFolder();
        var result = HematoProcess.Run("simulate", "neutrophils", "--source", source, "--output", output, "--count", "2");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: skipped", result.Error);
        Assert.Contains(".DS_169665.jpg", result.Error);
        Assert.Contains("SIMULATED", result.Output);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "manifest.csv")).Length);
    }

    [Fact]
    public void Simulate_with_a_missing_source_gives_a_one_line_error()
    {
        var result = HematoProcess.Run("simulate", "gallery", "--source", "/no/such/folder", "--output", "/tmp/x.png");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }
}
