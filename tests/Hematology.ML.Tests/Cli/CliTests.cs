using System.Text.Json;

namespace Hematology.ML.Tests.Cli;

public class CliTests
{
    [Fact]
    public void Data_stats_counts_classes_subtypes_and_skipped_files()
    {
        var root = Datasets.CellImageFolderTests.CopyOfSample(2);
        File.WriteAllBytes(Path.Combine(root, "neutrophil", ".DS_169665.jpg"), [0, 5, 22, 7, 0, 2]);
        var result = HematoProcess.Run("data", "stats", root, "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(16, json.RootElement.GetProperty("images").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("skipped").GetInt32());
        Assert.Equal(8, json.RootElement.GetProperty("classes").GetArrayLength());
    }

    [Fact]
    public void Missing_folder_gives_one_line_error_and_exit_code_1()
    {
        var result = HematoProcess.Run("data", "stats", "/no/such/folder");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
        Assert.DoesNotContain("   at ", result.Error); // no stack trace
    }

    [Fact]
    public void Unknown_model_name_is_reported_with_the_shipped_names()
    {
        var result = HematoProcess.Run("classify", "--model", "no-such-model", TestPaths.SampleOf("monocyte"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no-such-model", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void Help_is_available_for_every_command()
    {
        foreach (var command in new[] { "data stats", "train features", "evaluate", "classify", "models", "benchmark features", "features", "db import", "db query patients", "db query sets", "db select", "db register-pbc", "db secret init", "train cnn", "train ensemble", "benchmark network", "benchmark summary", "benchmark performance", "simulate neutrophils", "screen", "dysplasia train", "dysplasia calibrate", "dysplasia evaluate" })
        {
            var result = HematoProcess.Run([.. command.Split(' '), "--help"]);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Usage", result.Output);
        }
    }

    [Fact]
    public void Bad_option_value_fails_without_running()
    {
        var result = HematoProcess.Run("train", "features", "--data", TestPaths.SampleImages, "--output", "/tmp/x.hmlm", "--classifier", "svm-quartic");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("svm-quartic", result.Error);
    }
}
