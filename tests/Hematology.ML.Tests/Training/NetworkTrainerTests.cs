using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Networks;
using Hematology.ML.Runtime;
using Hematology.ML.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public class NetworkTrainerTests
{
    private const int Side = 64; // DysplasiaNet's four valid blocks: 64 -> 31 -> 14 -> 6 -> 2

    public NetworkTrainerTests() => TorchRuntime.EnsureInitialized();

    private static CellSample[] Samples(int perClass, int skip = 0) =>
        CellImageFolder.Load(TestPaths.SampleImages).Samples.GroupBy(s => s.CellClass).SelectMany(g => g.Skip(skip).Take(perClass)).ToArray();

    [Fact]
    public void A_few_adam_steps_on_real_cells_lower_the_loss()
    {
        torch.manual_seed(1);
        var images = new CellImageBatches(Samples(2), PbcCellClass.All, Side);
        using var network = NetworkRegistry.Create("dysplasianet", PbcCellClass.All.Count, Side);
        using var optimizer = optim.Adam(network.parameters(), 3e-3);
        var (x, y) = images.Batch(Enumerable.Range(0, images.Count).ToArray());
        float Step()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var (loss, _) = NetworkTrainer.LossAndPrediction(network.call(x), y);
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        }
        var first = Step();
        float last = first;
        for (var i = 0; i < 20; i++) last = Step();
        Assert.True(last < first * 0.9, $"loss {first:F3} -> {last:F3}");
    }

    [Fact]
    public void One_logit_networks_use_binary_cross_entropy_and_predict_positive_logits_as_class_one()
    {
        using var output = tensor(new float[] { 2, -3 }).reshape(2, 1);
        using var labels = tensor(new long[] { 1, 0 });
        var (loss, predicted) = NetworkTrainer.LossAndPrediction(output, labels);
        var expected = (Math.Log(1 + Math.Exp(-2)) + Math.Log(1 + Math.Exp(-3))) / 2;
        Assert.Equal(expected, loss.item<float>(), 5);
        Assert.Equal([1L, 0L], predicted.data<long>().ToArray());
    }

    [Fact]
    public void Training_writes_log_best_weights_and_checkpoint_and_resumes_where_it_stopped()
    {
        var classes = PbcCellClass.All;
        var train = new CellImageBatches(Samples(2), classes, Side);
        var validation = new CellImageBatches(Samples(1, skip: 10), classes, Side);
        var options = new NetworkTrainingOptions
        {
            Network = "dysplasianet", Classes = classes, InputSize = Side, OutputDirectory = TestPaths.NewTempFolder(),
            Epochs = 2, BatchSize = 8, LearningRate = 1e-3, Patience = 0,
        };
        var epochs = new List<EpochRecord>();
        var state = new NetworkTrainer(options).Train(train, validation, epochs.Add);
        Assert.Equal(2, state.CompletedEpochs);
        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        Assert.True(File.Exists(Path.Combine(options.OutputDirectory, NetworkTrainer.BestWeightsFile)));
        Assert.Equal(epochs.Max(e => e.ValidationAccuracy), state.BestValidationAccuracy);

        var resumed = new NetworkTrainer(options with { Epochs = 3, Resume = true }).Train(train, validation);
        Assert.Equal(3, resumed.CompletedEpochs);
        var log = File.ReadAllLines(Path.Combine(options.OutputDirectory, NetworkTrainer.LogFile));
        Assert.Equal(EpochRecord.CsvHeader, log[0]);
        Assert.Equal(["1", "2", "3"], log.Skip(1).Select(l => l.Split(',')[0]));

        // The best weights load back into the same architecture.
        using var best = NetworkRegistry.Create("dysplasianet", classes.Count, Side,
            weightsFile: Path.Combine(options.OutputDirectory, NetworkTrainer.BestWeightsFile));
    }

    [Fact]
    public void Run_whose_patience_is_spent_trains_no_further_epoch()
    {
        var folder = TestPaths.NewTempFolder();
        new TrainingCheckpoint("dysplasianet", 4, 0.5, 2, 3).Save(folder);
        var images = new CellImageBatches(Samples(1), PbcCellClass.All, Side);
        using (var network = NetworkRegistry.Create("dysplasianet", 8, Side)) network.save(Path.Combine(folder, NetworkTrainer.LastWeightsFile));
        var options = new NetworkTrainingOptions
        {
            Network = "dysplasianet", Classes = PbcCellClass.All, InputSize = Side, OutputDirectory = folder,
            Epochs = 10, Patience = 3, Resume = true,
        };
        var epochs = new List<EpochRecord>();
        var state = new NetworkTrainer(options).Train(images, images, epochs.Add);
        Assert.Empty(epochs);
        Assert.Equal(4, state.CompletedEpochs);
    }

    [Fact]
    public void Resuming_another_network_is_refused()
    {
        var folder = TestPaths.NewTempFolder();
        new TrainingCheckpoint("model1", 1, 0.5, 1, 0).Save(folder);
        var images = new CellImageBatches(Samples(1), PbcCellClass.All, Side);
        var options = new NetworkTrainingOptions { Network = "dysplasianet", Classes = PbcCellClass.All, InputSize = Side, OutputDirectory = folder, Resume = true };
        Assert.Throws<HematologyException>(() => new NetworkTrainer(options).Train(images, images));
    }

    [Fact]
    public void Cancelling_mid_epoch_saves_the_weights_of_that_moment_and_keeps_the_last_whole_epoch_resumable()
    {
        var classes = PbcCellClass.All;
        var images = new CellImageBatches(Samples(2), classes, Side);
        var options = new NetworkTrainingOptions
        {
            Network = "dysplasianet", Classes = classes, InputSize = Side, OutputDirectory = TestPaths.NewTempFolder(), Epochs = 3, BatchSize = 4,
        };
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.Epoch == 2 && p.ImagesDone >= 8) cancel.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => new NetworkTrainer(options).Train(images, images, null, cancel.Token, progress));
        Assert.True(File.Exists(Path.Combine(options.OutputDirectory, NetworkTrainer.InterruptedWeightsFile)));
        Assert.Equal(1, TrainingCheckpoint.Load(options.OutputDirectory).CompletedEpochs);
        var resumed = new NetworkTrainer(options with { Resume = true }).Train(images, images);
        Assert.Equal(3, resumed.CompletedEpochs);
        Assert.Equal(3, System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(options.OutputDirectory, NetworkTrainer.JsonLogFile))).RootElement.GetArrayLength());
        Assert.True(new FileInfo(Path.Combine(options.OutputDirectory, NetworkTrainer.CurveFile)).Length > 1000);
    }

    [Fact]
    public void Same_seed_gives_the_same_run()
    {
        var images = new CellImageBatches(Samples(1), PbcCellClass.All, Side);
        double[] Run()
        {
            var options = new NetworkTrainingOptions
            {
                Network = "dysplasianet", Classes = PbcCellClass.All, InputSize = Side, OutputDirectory = TestPaths.NewTempFolder(), Epochs = 2, BatchSize = 4,
                Seed = 5, BalanceClasses = true, LabelSmoothing = 0.1, WeightDecay = 0.01,
            };
            var losses = new List<double>();
            new NetworkTrainer(options).Train(images, images, e => losses.Add(e.TrainLoss));
            return losses.ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
