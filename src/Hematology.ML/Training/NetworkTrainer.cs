using System.Diagnostics;
using System.Text.Json;
using Hematology.ML.Networks;
using Hematology.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hematology.ML.Training;

/// <summary>
/// Trains a registered network on cell images: Adam(W) or SGD with a learning-rate schedule,
/// cross-entropy (optionally label-smoothed; binary cross-entropy on one logit for two-class networks
/// such as DysplasiaNet), the best epoch by validation accuracy kept as best.dat, early stopping,
/// resumable from checkpoint.json + last.dat, one CSV line and one JSON entry per epoch and a
/// training-curve PNG. The next batch is decoded and augmented on the thread pool while the network
/// computes the current one. Cancelling saves the current weights as interrupted.dat.
/// </summary>
internal sealed class NetworkTrainer(NetworkTrainingOptions options)
{
    /// <summary>Weights of the best epoch.</summary>
    public const string BestWeightsFile = "best.dat";

    /// <summary>Weights after the last completed epoch.</summary>
    public const string LastWeightsFile = "last.dat";

    /// <summary>Weights at the moment a run was cancelled.</summary>
    public const string InterruptedWeightsFile = "interrupted.dat";

    /// <summary>Optimizer state after the last completed epoch.</summary>
    public const string OptimizerStateFile = "optimizer.dat";

    /// <summary>The per-epoch log.</summary>
    public const string LogFile = "training-log.csv";

    /// <summary>The per-epoch log as JSON.</summary>
    public const string JsonLogFile = "training-log.json";

    /// <summary>The training curve.</summary>
    public const string CurveFile = "training-curve.png";

    /// <summary>The options of this run.</summary>
    public NetworkTrainingOptions Options { get; } = options;

    /// <summary>The learning-rate schedule of this run.</summary>
    public LearningRateSchedule Schedule => new LearningRateSchedule(Options.Schedule, Options.LearningRate, Options.WarmupEpochs, Options.Epochs).Validate();

    /// <summary>
    /// Runs the training; <paramref name="onEpoch"/> hears of each finished epoch, <paramref name="progress"/>
    /// of each batch.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; the weights of that moment are in interrupted.dat.</exception>
    public TrainingCheckpoint Train(CellImageBatches train, CellImageBatches validation, Action<EpochRecord>? onEpoch = null,
        CancellationToken cancellationToken = default, IProgress<TrainingProgress>? progress = null)
    {
        var schedule = Schedule;
        var device = TorchRuntime.EnsureInitialized(Options.Device);
        Directory.CreateDirectory(Options.OutputDirectory);
        var state = Options.Resume ? TrainingCheckpoint.Load(Options.OutputDirectory) : new TrainingCheckpoint(Options.Network, 0, -1, 0, 0);
        if (!string.Equals(state.Network, Options.Network, StringComparison.OrdinalIgnoreCase))
            throw new HematologyException($"The checkpoint is of '{state.Network}', not '{Options.Network}'.");

        torch.manual_seed(Options.Seed);
        var last = Path.Combine(Options.OutputDirectory, LastWeightsFile);
        using var network = NetworkRegistry.Create(Options.Network, Options.Classes.Count, Options.InputSize, Options.Device,
            weightsFile: Options.Resume ? last : Options.InitialWeights, pretrained: Options.Pretrained && !Options.Resume,
            skipWeights: Options.Resume ? null : Options.SkipWeights);
        if (Options.TrainLastBlocks is { } k) NetworkFreezing.TrainLastBlocks(network, k);
        if (Options.FreezeFirstBlocks is { } frozen) NetworkFreezing.FreezeFirstBlocks(network, frozen);
        var trainable = network.parameters().Where(p => p.requires_grad).ToArray();
        using var optimizer = CreateOptimizer(trainable);
        var optimizerState = Path.Combine(Options.OutputDirectory, OptimizerStateFile);
        if (Options.Resume && File.Exists(optimizerState)) optimizer.Load(optimizerState);

        var log = Path.Combine(Options.OutputDirectory, LogFile);
        var history = Options.Resume ? ReadJsonLog() : [];
        if (!Options.Resume) File.WriteAllText(log, EpochRecord.CsvHeader + "\n");
        for (var epoch = state.CompletedEpochs + 1; epoch <= Options.Epochs; epoch++)
        {
            if (Options.Patience > 0 && state.EpochsWithoutImprovement >= Options.Patience) break;
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            double trainLoss, trainAccuracy, valLoss, valAccuracy;
            try
            {
                (trainLoss, trainAccuracy) = RunEpoch(network, optimizer, schedule, train, epoch, device, progress, cancellationToken);
                (valLoss, valAccuracy) = RunEpoch(network, null, schedule, validation, epoch, device, progress, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: keep what this epoch learned so far; last.dat and the checkpoint stay those of the
                // last whole epoch, so --resume restarts the interrupted epoch cleanly.
                network.save(Path.Combine(Options.OutputDirectory, InterruptedWeightsFile));
                throw;
            }
            var isBest = valAccuracy > state.BestValidationAccuracy;
            if (isBest) network.save(Path.Combine(Options.OutputDirectory, BestWeightsFile));
            network.save(last);
            optimizer.Save(optimizerState);
            state = isBest
                ? state with { CompletedEpochs = epoch, BestValidationAccuracy = valAccuracy, BestEpoch = epoch, EpochsWithoutImprovement = 0 }
                : state with { CompletedEpochs = epoch, EpochsWithoutImprovement = state.EpochsWithoutImprovement + 1 };
            state.Save(Options.OutputDirectory);
            var record = new EpochRecord(epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, clock.Elapsed.TotalSeconds, isBest,
                schedule.At(epoch - 1e-9));
            File.AppendAllText(log, record.ToCsv() + "\n");
            history.Add(record);
            WriteJsonLogAndCurve(history);
            onEpoch?.Invoke(record);
        }
        return state;
    }

    /// <summary>
    /// One pass: with an optimizer it trains on the epoch's order of augmented batches, setting the
    /// scheduled learning rate at every step; without one it evaluates in evaluation mode. Returns the
    /// mean loss and the accuracy.
    /// </summary>
    private (double Loss, double Accuracy) RunEpoch(nn.Module<Tensor, Tensor> network, NetworkOptimizer? optimizer, LearningRateSchedule schedule,
        CellImageBatches images, int epoch, Device device, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var training = optimizer is not null;
        network.train(training);
        var order = training ? EpochOrder.For(images.Labels, epoch, Options.Seed, Options.BalanceClasses) : Enumerable.Range(0, images.Count).ToArray();
        var batches = order.Chunk(Options.BatchSize).ToArray();
        int? augmentSeed = training && Options.Augment ? Seeds.Combine(Options.Seed, epoch) : null;
        double lossSum = 0;
        long correct = 0;
        var done = 0;
        using var gradients = training ? null : no_grad();
        var next = Task.Run(() => images.Prepare(batches[0], augmentSeed), cancellationToken);
        for (var b = 0; b < batches.Length; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var prepared = next.GetAwaiter().GetResult();
            if (b + 1 < batches.Length)
            {
                var following = batches[b + 1];
                next = Task.Run(() => images.Prepare(following, augmentSeed), cancellationToken);
            }
            var rate = schedule.At(epoch - 1 + (double)b / batches.Length);
            using var scope = NewDisposeScope();
            var (x, y) = prepared.ToTensors(device);
            var (loss, predicted) = LossAndPrediction(network.call(x), y, training ? Options.LabelSmoothing : 0);
            if (optimizer is not null)
            {
                optimizer.LearningRate = rate;
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
            }
            lossSum += loss.item<float>() * prepared.Labels.Length;
            correct += predicted.eq(y).sum().item<long>();
            done += prepared.Labels.Length;
            progress?.Report(new TrainingProgress(epoch, training ? "train" : "validate", done, order.Length, rate));
        }
        return (lossSum / order.Length, (double)correct / order.Length);
    }

    /// <summary>Cross-entropy over class scores, or binary cross-entropy on a single logit (class 1 when positive).</summary>
    internal static (Tensor Loss, Tensor Predicted) LossAndPrediction(Tensor output, Tensor labels, double labelSmoothing = 0) => output.shape[1] == 1
        ? (nn.functional.binary_cross_entropy_with_logits(output.squeeze(1), labels.to_type(ScalarType.Float32)), output.squeeze(1).gt(0).to_type(ScalarType.Int64))
        : (nn.functional.cross_entropy(output, labels, label_smoothing: labelSmoothing), output.argmax(1));

    // Our own update rules, not torch.optim's: see NetworkOptimizer for the crash they avoid.
    private NetworkOptimizer CreateOptimizer(IEnumerable<Parameter> parameters) => Options.Optimizer.ToLowerInvariant() switch
    {
        "adam" => new AdamWOptimizer(parameters, Options.LearningRate, Options.WeightDecay),
        "sgd" => new SgdMomentumOptimizer(parameters, Options.LearningRate, momentum: 0.9, Options.WeightDecay),
        _ => throw new HematologyException($"Unknown optimizer '{Options.Optimizer}'; use adam or sgd."),
    };

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    private List<EpochRecord> ReadJsonLog()
    {
        var path = Path.Combine(Options.OutputDirectory, JsonLogFile);
        if (!File.Exists(path)) return [];
        try { return JsonSerializer.Deserialize<List<EpochRecord>>(File.ReadAllText(path), JsonOptions) ?? []; }
        catch (JsonException) { return []; } // the CSV is the record of truth; the JSON is rebuilt from here on
    }

    private void WriteJsonLogAndCurve(IReadOnlyList<EpochRecord> history)
    {
        File.WriteAllText(Path.Combine(Options.OutputDirectory, JsonLogFile), JsonSerializer.Serialize(history, JsonOptions));
        File.WriteAllBytes(Path.Combine(Options.OutputDirectory, CurveFile),
            TrainingCurvePlot.Png(history, $"{Options.Network} at {Options.InputSize}px"));
    }
}
