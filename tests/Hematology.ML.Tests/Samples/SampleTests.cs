using System.Text.RegularExpressions;

namespace Hematology.ML.Tests.Samples;

public class SampleTests
{
    [Fact]
    public void ClassifyFolder_classifies_the_160_sample_cells_and_counts_the_differential()
    {
        var result = SampleApp.Run("ClassifyFolder", TestPaths.SampleImages, "pbc8-resnet18");
        Assert.True(result.ExitCode == 0, result.Both);
        var cells = ClassifiedCell.Parse(result.Output);
        Assert.Equal(160, cells.Count);
        // The shipped one-view network scores 154/160 (96.25 %) on these cells (models/pbc8-resnet18.json).
        Assert.InRange(cells.Count(c => c.IsRight), 150, 160);
        var differential = ClassifiedCell.Differential(result.Output);
        Assert.Equal(9, differential.Count);   // eight classes and "other"
        Assert.Equal(160, differential.Values.Sum());
        foreach (var (cellClass, count) in differential)
            Assert.Equal(cells.Count(c => c.PredictedClass == cellClass), count);
    }

    [Fact]
    public void ClassifyFolder_without_a_folder_prints_its_usage()
    {
        var result = SampleApp.Run("ClassifyFolder");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("usage:", result.Error);
    }

    [Fact]
    public void ScreenSmear_flags_the_simulated_MDS_sample_smear_and_writes_the_report()
    {
        var report = Path.Combine(TestPaths.NewTempFolder(), "report.html");
        var result = SampleApp.Run("ScreenSmear", Path.Combine(TestPaths.RepositoryRoot, "samples", "smear-sample"), report);
        Assert.True(result.ExitCode == 0, result.Both);
        Assert.StartsWith("SIMULATED:", result.Output);
        // A simulated MDS smear: 69 neutrophils, 28 of them with simulated hypogranulation (samples/smear-sample/README.md).
        var neutrophils = Regex.Match(result.Output, @"Neutrophils: (\d+), dysplastic: (\d+)");
        Assert.True(neutrophils.Success, result.Output);
        Assert.InRange(int.Parse(neutrophils.Groups[1].Value), 55, 69);
        Assert.InRange(int.Parse(neutrophils.Groups[2].Value), 15, 35);
        Assert.Contains("Decision: mds-suspected", result.Output);
        var page = File.ReadAllText(report);
        Assert.Contains("SIMULATED TRAINING", page);
        Assert.Contains("alt=\"Grad-CAM of ", page);
    }

    [Fact]
    public void MlNetPipeline_cross_validates_deep_features_and_a_cubic_svm_on_the_sample_cells()
    {
        var result = SampleApp.Run("MlNetPipeline");
        Assert.True(result.ExitCode == 0, result.Both);
        var accuracy = Regex.Match(result.Output, @"^Accuracy ([0-9.]+) %", RegexOptions.Multiline);
        Assert.True(accuracy.Success, result.Output);
        // 61.6 % measured (5 folds of 160 cells, seed 0); chance is 12.5 %.
        Assert.InRange(double.Parse(accuracy.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 45, 100);
    }
}
