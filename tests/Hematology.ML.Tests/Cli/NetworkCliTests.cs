namespace Hematology.ML.Tests.Cli;

public class NetworkCliTests
{
    [Fact]
    public void Train_cnn_writes_a_model_that_classify_and_evaluate_load_like_any_model()
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
        var model = Path.Combine(output, "tiny.hmlm");

        var result = HematoProcess.Run("train", "cnn", "--data", root, "--split", split, "--arch", "dysplasianet",
            "--input-size", "64", "--epochs", "2", "--batch", "8", "--lr", "1e-3", "--balance", "--output", model);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Best val accuracy", result.Output);
        var run = Path.Combine(output, "tiny.run");
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, "training-log.csv")).Length);
        Assert.True(File.Exists(Path.Combine(run, "training-curve.png")));
        var manifest = Hematology.ML.Models.ModelManifest.Read(Path.Combine(output, "tiny.json"));
        Assert.Equal("cnn", manifest.Kind);
        Assert.Contains("train cnn", manifest.Command);

        var classify = HematoProcess.Run("classify", "--model", model, "--json", "--reject-below", "0.99", Path.Combine(root, "basophil"));
        Assert.True(classify.ExitCode == 0, classify.Error);
        using var json = System.Text.Json.JsonDocument.Parse(classify.Output);
        Assert.Equal(3, json.RootElement.GetProperty("n_images").GetInt32());
        // A barely trained network is never 99 % sure, so every cell is rejected as 'other'.
        Assert.Equal(3, json.RootElement.GetProperty("differential").GetProperty("other").GetInt32());

        var evaluate = HematoProcess.Run("evaluate", "--model", model, "--data", root, "--split", split, "--subset", "val",
            "--output", Path.Combine(output, "val.json"));
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.True(File.Exists(Path.Combine(output, "val.html")));
    }

    [Fact]
    public void Network_benchmark_refuses_an_unknown_device_in_one_line()
    {
        var result = HematoProcess.Run("benchmark", "network", "--network", "dysplasianet", "--device", "tpu");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Unknown device 'tpu'", result.Error);
    }
}
