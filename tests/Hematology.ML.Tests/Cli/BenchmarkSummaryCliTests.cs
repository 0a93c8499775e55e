namespace Hematology.ML.Tests.Cli;

public class BenchmarkSummaryCliTests
{
    [Fact]
    public void Summary_lists_evaluations_and_passes_over_other_results_named_like_them()
    {
        // The t-SNE of the test split is saved as tsne-pbc8-test.json: a test-split result, not an evaluation.
        var results = Path.Combine(TestPaths.RepositoryRoot, "benchmarks", "results");
        var folder = TestPaths.NewTempFolder();
        foreach (var name in new[] { "features-resnet18-128px-v1-maxent.json", "pbc8-resnet18-test.json", "tsne-pbc8-test.json" })
            File.Copy(Path.Combine(results, name), Path.Combine(folder, name));

        var result = HematoProcess.Run("benchmark", "summary", "--results-dir", folder);

        Assert.True(result.ExitCode == 0, result.Error);
        var summary = File.ReadAllText(Path.Combine(folder, "SUMMARY.md"));
        Assert.Contains("[pbc8-resnet18-test.json]", summary);
        Assert.Contains("[features-resnet18-128px-v1-maxent.json]", summary);
        Assert.DoesNotContain("tsne-pbc8-test.json", summary);
    }
}
