namespace Hematology.ML.Tests.Cli;

public class NetworkCliTests
{
    [Fact]
    public void Train_network_runs_an_epoch_on_a_split_and_writes_its_log()
    {
        var root = Datasets.CellImageFolderTests.CopyOfSample(3);
        var lines = new List<string> { "file,class,subtype,split" };
        foreach (var file in Directory.EnumerateFiles(root, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var cellClass = Path.GetFileName(Path.GetDirectoryName(file))!;
            lines.Add($"{Path.GetFileName(file)},{cellClass},,{(lines.Count % 3 == 0 ? "val" : "train")}");
        }
        var split = Path.Combine(root, "split.csv");
        File.WriteAllLines(split, lines);
        var output = TestPaths.NewTempFolder();

        var result = HematoProcess.Run("train", "network", "--data", root, "--split", split, "--network", "dysplasianet",
            "--size", "64", "--epochs", "1", "--batch", "8", "--output", output);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Best val accuracy", result.Output);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "training-log.csv")).Length);
        Assert.True(File.Exists(Path.Combine(output, "best.dat")));
    }

    [Fact]
    public void Network_benchmark_refuses_an_unknown_device_in_one_line()
    {
        var result = HematoProcess.Run("benchmark", "network", "--network", "dysplasianet", "--device", "tpu");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Unknown device 'tpu'", result.Error);
    }
}
