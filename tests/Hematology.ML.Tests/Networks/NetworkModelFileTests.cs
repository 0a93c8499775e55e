using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Imaging;
using Hematology.ML.Models;
using Hematology.ML.Networks;
using Hematology.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Tests.Networks;

[Collection(TorchRandomCollection.Name)]
public class NetworkModelFileTests
{
    private const int Side = 64;

    public NetworkModelFileTests() => TorchRuntime.EnsureInitialized();

    private static string[] SamplePaths(int perClass) =>
        CellImageFolder.Load(TestPaths.SampleImages).Samples.GroupBy(s => s.CellClass).SelectMany(g => g.Take(perClass)).Select(s => s.Path).ToArray();

    private static nn.Module<Tensor, Tensor> TrainedLikeNetwork(string name, int side)
    {
        torch.manual_seed(3);
        var network = NetworkRegistry.Create(name, PbcCellClass.All.Count, side);
        network.eval();
        return network;
    }

    [Fact]
    public void Compact_weights_reproduce_the_network_outputs_within_quantisation_noise()
    {
        using var network = TrainedLikeNetwork("resnet18-mlnet", Side);
        using var stream = new MemoryStream();
        CompactWeights.Save(network, stream);
        var float32Bytes = network.parameters().Sum(p => p.numel()) * 4;
        Assert.True(stream.Length < float32Bytes / 3.5, $"{stream.Length} bytes for {float32Bytes} bytes of float32");

        stream.Position = 0;
        using var loaded = NetworkRegistry.Create("resnet18-mlnet", PbcCellClass.All.Count, Side);
        CompactWeights.Load(loaded, stream);
        loaded.eval();
        using var x = randn(4, 3, Side, Side);
        using var noGrad = no_grad();
        using var expected = network.call(x);
        using var actual = loaded.call(x);
        var relative = (actual - expected).abs().max().item<float>() / expected.abs().max().item<float>();
        Assert.True(relative < 0.03, $"largest output difference {relative:P2} of the largest output");
    }

    [Fact]
    public void Weights_of_another_architecture_are_refused_with_the_tensor_named()
    {
        using var small = TrainedLikeNetwork("dysplasianet", Side);
        using var stream = new MemoryStream();
        CompactWeights.Save(small, stream);
        stream.Position = 0;
        using var other = NetworkRegistry.Create("dysplasianet", 3, Side); // same layers, another output layer
        var error = Assert.Throws<InvalidDataException>(() => CompactWeights.Load(other, stream));
        Assert.Contains("in the network", error.Message);
    }

    [Fact]
    public void Saved_model_classifies_sample_cells_as_its_network_does_and_skips_a_corrupt_file()
    {
        using var network = TrainedLikeNetwork("dysplasianet", Side);
        var path = Path.Combine(TestPaths.NewTempFolder(), "cells.hmlm");
        NetworkCellClassifier.Save(network, new NetworkModelHeader("dysplasianet", Side, PbcCellClass.All), path);
        Assert.True(NetworkCellClassifier.IsNetworkModel(path));

        var corrupt = Path.Combine(TestPaths.NewTempFolder(), "broken.jpg");
        File.WriteAllBytes(corrupt, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        var paths = SamplePaths(2).Append(corrupt).ToArray();
        using var classifier = ModelCatalog.FromDirectory(TestPaths.NewTempFolder()).LoadClassifier(path);
        var classification = classifier.Classify(paths);

        Assert.Null(classification.Predictions[^1]);
        Assert.Equal(corrupt, Assert.Single(classification.Skipped).Path);
        var direct = (NetworkCellClassifier)classifier;
        using var input = direct.ToInputBatch(paths[..^1].Select(CellImageDecoder.Decode).ToArray()).ToTensors().Images;
        using var noGrad = no_grad();
        using var probabilities = network.call(input).softmax(1);
        for (var i = 0; i < paths.Length - 1; i++)
        {
            var prediction = classification.Predictions[i]!;
            Assert.Equal(1, prediction.Probabilities.Sum(), 3);
            Assert.Equal(probabilities[i].argmax().item<long>(), Array.IndexOf(PbcCellClass.All.ToArray(), prediction.PredictedClass));
        }
    }

    [Fact]
    public void Eight_test_time_views_make_the_prediction_blind_to_turns_and_mirrors()
    {
        using var network = TrainedLikeNetwork("dysplasianet", Side);
        var folder = TestPaths.NewTempFolder();
        var modelPath = Path.Combine(folder, "cells.hmlm");
        NetworkCellClassifier.Save(network, new NetworkModelHeader("dysplasianet", Side, PbcCellClass.All), modelPath);
        var ensemblePath = Path.Combine(folder, "cells-tta.hmle");
        CellClassifierEnsemble.Save(ensemblePath, [modelPath], testTimeViews: 8);

        using var ensemble = (CellClassifierEnsemble)ModelCatalog.FromDirectory(folder).LoadClassifier(ensemblePath);
        var classifier = (NetworkCellClassifier)Assert.Single(ensemble.Members);
        Assert.Equal(8, classifier.TestTimeViews);
        var batch = classifier.ToInputBatch(SamplePaths(1).Take(3).Select(CellImageDecoder.Decode).ToArray());
        using var x = batch.ToTensors().Images;
        using var turned = x.transpose(2, 3).flip(3); // a quarter turn
        var turnedBatch = batch with { Pixels = turned.contiguous().data<float>().ToArray() };

        var upright = classifier.PredictProbabilities(batch);
        var quarterTurn = classifier.PredictProbabilities(turnedBatch);
        for (var i = 0; i < upright.Length; i++)
            for (var c = 0; c < upright[i].Length; c++) Assert.Equal(upright[i][c], quarterTurn[i][c], 4);

        classifier.TestTimeViews = 1; // one view: the turn shows, so the check above is not vacuous
        var plainUpright = classifier.PredictProbabilities(batch);
        var plainTurned = classifier.PredictProbabilities(turnedBatch);
        Assert.True(plainUpright.Zip(plainTurned).Max(p => p.First.Zip(p.Second).Max(v => Math.Abs(v.First - v.Second))) > 1e-3);
        Assert.Throws<HematologyException>(() => classifier.TestTimeViews = 3);
    }

    [Fact]
    public void A_file_that_is_not_a_network_model_is_a_user_error()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "x.hmlm");
        File.WriteAllText(path, "not a zip");
        Assert.False(NetworkCellClassifier.IsNetworkModel(path));
        Assert.Throws<HematologyException>(() => NetworkCellClassifier.Load(path));
        Assert.Throws<HematologyException>(() => NetworkCellClassifier.Load(path + ".missing"));
    }

    [Theory]
    [InlineData(0.49f, "other")]
    [InlineData(0.5f, "neutrophil")]
    [InlineData(0.97f, "neutrophil")]
    public void Cells_below_the_threshold_are_reported_as_other_with_their_probabilities_kept(float top, string expected)
    {
        var prediction = new CellPrediction("cell.jpg", "neutrophil", top, [top, 1 - top]);
        var decided = OtherRejection.Apply(prediction);
        Assert.Equal(expected, decided.PredictedClass);
        Assert.Equal(prediction.Probabilities, decided.Probabilities);
        Assert.Equal(top, decided.Probability);
    }

    [Fact]
    public void Threshold_outside_zero_to_one_is_a_user_error() =>
        Assert.Throws<HematologyException>(() => OtherRejection.Apply(new CellPrediction("c", "ig", 0.9f, [0.9f]), 1.5));
}
