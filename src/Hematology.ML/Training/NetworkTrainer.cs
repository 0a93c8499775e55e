using System.Diagnostics;
using Hematology.ML.Networks;
using Hematology.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hematology.ML.Training;

/// <summary>
/// Trains a registered network on cell images: Adam or SGD, cross-entropy (or binary cross-entropy on one
/// logit for two-class networks such as DysplasiaNet), the best epoch by validation accuracy kept as
/// best.dat, early stopping, resumable from checkpoint.json + last.dat, one CSV line per epoch.
/// </summary>
public sealed class NetworkTrainer(NetworkTrainingOptions options)
{
    /// <summary>Weights of the best epoch.</summary>
    public const string BestWeightsFile = "best.dat";

    /// <summary>Weights after the last completed epoch.</summary>
    public const string LastWeightsFile = "last.dat";

    /// <summary>Optimizer state after the last completed epoch.</summary>
    public const string OptimizerStateFile = "optimizer.dat";

    /// <summary>The per-epoch log.</summary>
    public const string LogFile = "training-log.csv";

    /// <summary>The options of this run.</summary>
    public NetworkTrainingOptions Options { get; } = options;

    /// <summary>Runs the training; <paramref name="onEpoch"/> hears of each finished epoch.</summary>
    public TrainingCheckpoint Train(CellImageBatches train, CellImageBatches validation, Action<EpochRecord>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        var device = TorchRuntime.EnsureInitialized(Options.Device);
        Directory.CreateDirectory(Options.OutputDirectory);
        var state = Options.Resume ? TrainingCheckpoint.Load(Options.OutputDirectory) : new TrainingCheckpoint(Options.Network, 0, -1, 0, 0);
        if (!string.Equals(state.Network, Options.Network, StringComparison.OrdinalIgnoreCase))
            throw new HematologyException($"The checkpoint is of '{state.Network}', not '{Options.Network}'.");

        torch.manual_seed(Options.Seed);
        var last = Path.Combine(Options.OutputDirectory, LastWeightsFile);
        using var network = NetworkRegistry.Create(Options.Network, Options.Classes.Count, Options.InputSize, Options.Device,
            weightsFile: Options.Resume ? last : null, pretrained: Options.Pretrained && !Options.Resume);
        if (Options.TrainLastBlocks is { } k) NetworkFreezing.TrainLastBlocks(network, k);
        var trainable = network.parameters().Where(p => p.requires_grad).ToArray();
        using var optimizer = CreateOptimizer(trainable);
        var optimizerState = Path.Combine(Options.OutputDirectory, OptimizerStateFile);
        if (Options.Resume && File.Exists(optimizerState)) optimizer.load_state_dict(optimizerState);

        var log = Path.Combine(Options.OutputDirectory, LogFile);
        if (!Options.Resume) File.WriteAllText(log, EpochRecord.CsvHeader + "\n");
        for (var epoch = state.CompletedEpochs + 1; epoch <= Options.Epochs; epoch++)
        {
            if (Options.Patience > 0 && state.EpochsWithoutImprovement >= Options.Patience) break;
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var (trainLoss, trainAccuracy) = RunEpoch(network, optimizer, train, epoch, device, cancellationToken);
            var (valLoss, valAccuracy) = RunEpoch(network, null, validation, epoch, device, cancellationToken);
            var isBest = valAccuracy > state.BestValidationAccuracy;
            if (isBest) network.save(Path.Combine(Options.OutputDirectory, BestWeightsFile));
            network.save(last);
            optimizer.save_state_dict(optimizerState);
            state = isBest
                ? state with { CompletedEpochs = epoch, BestValidationAccuracy = valAccuracy, BestEpoch = epoch, EpochsWithoutImprovement = 0 }
                : state with { CompletedEpochs = epoch, EpochsWithoutImprovement = state.EpochsWithoutImprovement + 1 };
            state.Save(Options.OutputDirectory);
            var record = new EpochRecord(epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, clock.Elapsed.TotalSeconds, isBest);
            File.AppendAllText(log, record.ToCsv() + "\n");
            onEpoch?.Invoke(record);
        }
        return state;
    }

    /// <summary>
    /// One pass: with an optimizer it trains on shuffled, augmented batches; without one it evaluates in
    /// evaluation mode. Returns the mean loss and the accuracy.
    /// </summary>
    private (double Loss, double Accuracy) RunEpoch(nn.Module<Tensor, Tensor> network, OptimizerHelper? optimizer, CellImageBatches images,
        int epoch, Device device, CancellationToken cancellationToken)
    {
        var training = optimizer is not null;
        network.train(training);
        var order = Enumerable.Range(0, images.Count).ToArray();
        if (training) new Random(HashCode.Combine(Options.Seed, epoch)).Shuffle(order);
        double lossSum = 0;
        long correct = 0;
        using var gradients = training ? null : no_grad();
        foreach (var batch in order.Chunk(Options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (x, y) = images.Batch(batch, training && Options.Augment ? HashCode.Combine(Options.Seed, epoch) : null, device);
            var (loss, predicted) = LossAndPrediction(network.call(x), y);
            if (optimizer is not null)
            {
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
            lossSum += loss.item<float>() * batch.Length;
            correct += predicted.eq(y).sum().item<long>();
        }
        return (lossSum / images.Count, (double)correct / images.Count);
    }

    /// <summary>Cross-entropy over class scores, or binary cross-entropy on a single logit (class 1 when positive).</summary>
    internal static (Tensor Loss, Tensor Predicted) LossAndPrediction(Tensor output, Tensor labels) => output.shape[1] == 1
        ? (nn.functional.binary_cross_entropy_with_logits(output.squeeze(1), labels.to_type(ScalarType.Float32)), output.squeeze(1).gt(0).to_type(ScalarType.Int64))
        : (nn.functional.cross_entropy(output, labels), output.argmax(1));

    private OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters) => Options.Optimizer.ToLowerInvariant() switch
    {
        "adam" => optim.Adam(parameters, Options.LearningRate),
        "sgd" => optim.SGD(parameters, Options.LearningRate, momentum: 0.9),
        _ => throw new HematologyException($"Unknown optimizer '{Options.Optimizer}'; use adam or sgd."),
    };
}
