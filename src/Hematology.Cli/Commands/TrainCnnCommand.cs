using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Models;
using Hematology.ML.Networks;
using Hematology.ML.Training;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato train cnn</c>: trains a registered network end to end on the train subset of a split,
/// keeps the epoch with the best val accuracy, and writes it as a model file (compact int8/float16 weights) with its
/// manifest beside it, which <c>classify</c> and <c>evaluate</c> load like any model. The run folder
/// (checkpoints, training log CSV/JSON, training curve) allows <c>--resume</c>.
/// </summary>
internal static class TrainCnnCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var split = CommonOptions.Split();
        split.Required = true;
        var labels = new Option<string>("--labels")
        {
            DefaultValueFactory = _ => "pbc8",
            Description = "Classes to learn: pbc8 (the eight PBC groups) or pbc11 (neutrophils as band and segmented, immature granulocytes "
                + "as metamyelocytes, myelocytes and promyelocytes, from the file-name prefixes; cells without a fine prefix are left out)",
        };
        var arch = new Option<string>("--arch") { Description = $"Network: {string.Join(", ", NetworkRegistry.Names)}", Required = true };
        var size = new Option<int?>("--input-size") { Description = "Input side in pixels (default: the network's own)" };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => NetworkTrainingOptions.Defaults.Epochs, Description = "Epochs (the schedule spans them)" };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => NetworkTrainingOptions.Defaults.BatchSize, Description = "Images per step" };
        var optimizer = new Option<string>("--optimizer") { DefaultValueFactory = _ => "adam", Description = "adam (AdamW with --weight-decay) or sgd (momentum 0.9)" };
        var rate = new Option<double>("--lr") { DefaultValueFactory = _ => NetworkTrainingOptions.Defaults.LearningRate, Description = "Peak learning rate" };
        var scheduleKind = new Option<string>("--schedule") { DefaultValueFactory = _ => "cosine", Description = "Learning-rate schedule: cosine, step or constant" };
        var warmup = new Option<double>("--warmup") { Description = "Epochs of linear learning-rate warm-up" };
        var decay = new Option<double>("--weight-decay") { Description = "Weight decay (0 = none)" };
        var smoothing = new Option<double>("--label-smoothing") { Description = "Label smoothing of the cross-entropy (0 = none)" };
        var balance = new Option<bool>("--balance") { Description = "Draw the same number of images per class each epoch (thesis class balancing)" };
        var patience = new Option<int>("--patience") { DefaultValueFactory = _ => 0, Description = "Epochs without a better val accuracy before stopping (0 = never)" };
        var noAugment = new Option<bool>("--no-augment") { Description = "Train on the images as they are (no flips or rotations)" };
        var pretrained = new Option<bool>("--pretrained") { Description = "Start from ImageNet weights (resnet18-mlnet)" };
        var initial = new Option<string?>("--initial-weights") { Description = "Start from these weights: TorchSharp .dat, PyTorch state_dict (.pt/.pth) or .safetensors" };
        var skipWeights = new Option<string[]>("--skip-weights") { Description = "Tensors of --initial-weights to leave as initialised, e.g. classifier.6.weight classifier.6.bias", AllowMultipleArgumentsPerToken = true };
        var freeze = new Option<int?>("--freeze-blocks") { Description = "Freeze the first k blocks" };
        var lastBlocks = new Option<int?>("--train-last-blocks") { Description = "Fine-tune only the last k blocks (the thesis's wording)" };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --work-dir" };
        var seed = TrainCommand.SeedOption();
        var device = CommonOptions.Device();
        var output = new Option<string>("--output") { Description = "Model file to write (.hmlm); its manifest is written beside it (.json)", Required = true };
        var workDir = new Option<string?>("--work-dir") { Description = "Run folder for checkpoints and logs (default: <output>.run)" };
        var name = new Option<string?>("--name") { Description = "Model name in the manifest (default: the file name)" };
        var isDefault = new Option<bool>("--default") { Description = "Mark the model as the default of classify" };
        var command = new Command("cnn", "Train a convolutional network (TorchSharp) on the train subset; the best epoch by val accuracy becomes the model")
        {
            data, split, labels, arch, size, epochs, batch, optimizer, rate, scheduleKind, warmup, decay, smoothing, balance, patience, noAugment, pretrained,
            initial, skipWeights, freeze, lastBlocks, resume, seed, device, output, workDir, name, isDefault,
        };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var network = NetworkRegistry.Describe(result.GetValue(arch)!).Name;
            var inputSize = result.GetValue(size) ?? NetworkRegistry.Describe(network).DefaultInputSize;
            var outputPath = result.GetValue(output)!;
            var fine = result.GetValue(labels) switch
            {
                "pbc8" => false,
                "pbc11" => true,
                var other => throw new Hematology.ML.HematologyException($"--labels must be pbc8 or pbc11, not '{other}'."),
            };
            var classes = fine ? PbcFineClass.All : PbcCellClass.All;
            var options = new NetworkTrainingOptions
            {
                Network = network, Classes = classes, InputSize = inputSize,
                OutputDirectory = result.GetValue(workDir) ?? Path.ChangeExtension(outputPath, null) + ".run",
                Epochs = result.GetValue(epochs), BatchSize = result.GetValue(batch), Optimizer = result.GetValue(optimizer)!,
                LearningRate = result.GetValue(rate), Schedule = result.GetValue(scheduleKind)!, WarmupEpochs = result.GetValue(warmup),
                WeightDecay = result.GetValue(decay), LabelSmoothing = result.GetValue(smoothing), BalanceClasses = result.GetValue(balance),
                Patience = result.GetValue(patience), Augment = !result.GetValue(noAugment), Pretrained = result.GetValue(pretrained),
                InitialWeights = result.GetValue(initial), SkipWeights = result.GetValue(skipWeights),
                FreezeFirstBlocks = result.GetValue(freeze), TrainLastBlocks = result.GetValue(lastBlocks), Resume = result.GetValue(resume),
                Seed = result.GetValue(seed), Device = result.GetValue(device)!,
            };
            var trainer = new NetworkTrainer(options);
            var schedule = trainer.Schedule; // a bad schedule is refused before minutes of decoding

            var trainSet = Labelled(CommonOptions.LoadFolder(result.GetValue(data)!, result.GetValue(split), "train").Samples, fine);
            var validationSet = Labelled(CommonOptions.LoadFolder(result.GetValue(data)!, result.GetValue(split), "val").Samples, fine);
            var train = ConsoleProgress.Run($"Decoding {trainSet.Count} training images at {inputSize}px", trainSet.Count, false,
                p => new CellImageBatches(trainSet, classes, inputSize, p, ct));
            var validation = ConsoleProgress.Run($"Decoding {validationSet.Count} validation images", validationSet.Count, false,
                p => new CellImageBatches(validationSet, classes, inputSize, p, ct));

            AnsiConsole.MarkupLine($"{Markup.Escape(network)} at {inputSize}px, {options.Epochs} epochs, {schedule.Kind} schedule to lr {schedule.Peak}, batch {options.BatchSize}, seed {options.Seed}, {options.Device}");
            // A resumed run's training time includes the epochs the earlier processes trained.
            var earlierSeconds = options.Resume ? EpochRecord.ReadCsv(options.OutputDirectory).Sum(e => e.Seconds) : 0;
            var clock = Stopwatch.StartNew();
            var state = TrainingDisplay.Run(options.Epochs, (onEpoch, progress) => trainer.Train(train, validation, onEpoch, ct, progress));
            var seconds = earlierSeconds + clock.Elapsed.TotalSeconds;
            AnsiConsole.MarkupLine($"Best val accuracy [bold]{state.BestValidationAccuracy:P2}[/] at epoch {state.BestEpoch}.");

            var command = CommandLineText.Current();
            var header = new NetworkModelHeader(network, inputSize, classes, new Dictionary<string, object?>
            {
                ["command"] = command, ["seed"] = options.Seed, ["best_epoch"] = state.BestEpoch,
                ["val_accuracy"] = Math.Round(state.BestValidationAccuracy, 4),
            });
            using (var best = NetworkRegistry.Create(network, classes.Count, inputSize, weightsFile: Path.Combine(options.OutputDirectory, NetworkTrainer.BestWeightsFile)))
                NetworkCellClassifier.Save(best, header, outputPath);
            var manifest = new ModelManifest
            {
                Name = result.GetValue(name) ?? Path.GetFileNameWithoutExtension(outputPath),
                Kind = "cnn",
                File = Path.GetFileName(outputPath),
                InputSize = inputSize,
                Classes = classes,
                Description = $"{network} at {inputSize}px, " + (options.Pretrained ? "fine-tuned from ImageNet weights" : options.InitialWeights is not null ? $"fine-tuned from {Path.GetFileName(options.InitialWeights)}" : "trained from scratch")
                    + (options.BalanceClasses ? ", class-balanced" : "") + $", {options.Optimizer} {options.Schedule} lr {options.LearningRate}",
                Command = command,
                Seed = options.Seed,
                DataSplit = $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(result.GetValue(data)!))}, {Path.GetFileName(result.GetValue(split))}: train ({trainSet.Count} images), best epoch by val ({validationSet.Count} images)",
                Date = DateTime.UtcNow.ToString("yyyy-MM-dd"),
                Metrics = new JsonObject
                {
                    ["val_accuracy"] = Math.Round(state.BestValidationAccuracy, 4),
                    ["best_epoch"] = state.BestEpoch,
                    ["epochs_run"] = state.CompletedEpochs,
                    ["train_wall_seconds"] = Math.Round(seconds),
                    ["train_images_per_second"] = Math.Round(train.Count * (double)state.CompletedEpochs / Math.Max(seconds, 1e-9), 1),
                    ["machine"] = $"{Environment.ProcessorCount} cores, {options.Device}",
                },
                IsDefault = result.GetValue(isDefault),
            };
            manifest.Write(Path.ChangeExtension(outputPath, ".json"));
            Console.WriteLine($"Model: {outputPath} ({new FileInfo(outputPath).Length / 1048576.0:F1} MiB), manifest beside it; run folder {options.OutputDirectory}.");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }

    // The cells with their class to learn: the PBC group, or the fine class of their file-name prefix (cells without one left out).
    private static IReadOnlyList<CellSample> Labelled(IReadOnlyList<CellSample> samples, bool fine) => !fine ? samples
        : samples.Select(s => PbcFineClass.Of(s.CellClass, s.Subtype) is { } f ? s with { CellClass = f } : null).OfType<CellSample>().ToArray();
}
