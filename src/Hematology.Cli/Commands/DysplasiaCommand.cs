using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hematology.ML;
using Hematology.ML.Datasets;
using Hematology.ML.Evaluation;
using Hematology.ML.Models;
using Hematology.ML.Screening;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato dysplasia</c>: DysplasiaNet on a lab's labelled neutrophils (<c>dysplastic/</c>, <c>normal/</c>):
/// train (or cross-validate), calibrate the screening thresholds, evaluate on smears.
/// </summary>
internal static class DysplasiaCommand
{
    public static Command Create() =>
        new("dysplasia", "DysplasiaNet and MDS screening: train on dysplastic/ and normal/ neutrophils, calibrate thresholds, evaluate on smears")
        {
            Train(), DysplasiaCalibrateCommand.Create(), DysplasiaEvaluateCommand.Create(),
        };

    private static Command Train()
    {
        var data = new Option<string>("--data") { Description = "Folder with dysplastic/ and normal/ neutrophil images (a lab's, or hemato simulate neutrophils)", Required = true };
        var val = new Option<string?>("--val") { Description = "Validation folder (dysplastic/, normal/) that chooses the epoch; default: a stratified --val-fraction of --data" };
        var valFraction = new Option<double>("--val-fraction") { DefaultValueFactory = _ => 0.15, Description = "Share of --data held out for validation when --val is not given" };
        var arch = new Option<string>("--arch") { DefaultValueFactory = _ => "dysplasianet", Description = "dysplasianet (= M1) or dysplasianet-m2 ... dysplasianet-m8" };
        var size = new Option<int>("--input-size") { DefaultValueFactory = _ => ML.Networks.DysplasiaNetVariant.DefaultInputSize, Description = "Input side in pixels (thesis: 299)" };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 20, Description = "Epochs; the best by validation accuracy is kept" };
        var rate = new Option<double>("--lr") { DefaultValueFactory = _ => 1e-3, Description = "Adam learning rate (cosine schedule)" };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 32, Description = "Images per step" };
        var folds = new Option<int>("--folds") { Description = "Stratified k-fold cross-validation on --data instead of one model (writes --results only)" };
        var seed = TrainCommand.SeedOption();
        var device = CommonOptions.Device();
        var output = new Option<string?>("--output") { Description = "Model file to write (.hmlm), manifest beside it (kind 'dysplasia')" };
        var results = new Option<string?>("--results") { Description = "JSON of the run's by-cell validation figures (for family comparison and CV)" };
        var name = new Option<string?>("--name") { Description = "Model name in the manifest (default: the file name)" };
        var command = new Command("train", "Train DysplasiaNet (or M2-M8) on labelled neutrophils; by-cell ROC on the validation cells")
            { data, val, valFraction, arch, size, epochs, rate, batch, folds, seed, device, output, results, name };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var dataFolder = result.GetValue(data)!;
            var all = CommonOptions.LoadFolder(dataFolder, null, null).Samples;
            DysplasiaClasses.Require(all.Select(s => s.CellClass), dataFolder);
            var simulated = SimulatedData.IsSimulated(dataFolder);
            var recipe = new DysplasiaTrainingRecipe(ML.Networks.NetworkRegistry.Describe(result.GetValue(arch)!).Name, result.GetValue(size),
                result.GetValue(epochs), result.GetValue(seed))
            { LearningRate = result.GetValue(rate), BatchSize = result.GetValue(batch), Device = result.GetValue(device)! };
            var commandText = CommandLineText.Current();
            var provenance = new Dictionary<string, object?> { ["command"] = commandText, ["simulated_training"] = simulated };
            var trainer = new DysplasiaNetTrainer(recipe);
            var label = simulated ? " [yellow](SIMULATED data)[/]" : "";
            AnsiConsole.MarkupLine($"{Markup.Escape(recipe.Network)} at {recipe.InputSize}px, {recipe.Epochs} epochs, lr {recipe.LearningRate}, seed {recipe.Seed}{label}");

            if (result.GetValue(folds) is var k and > 0)
            {
                if (k < 2) throw new HematologyException("--folds needs at least 2.");
                var work = result.GetValue(output) is { } o ? Path.ChangeExtension(o, null) + ".cv" : Path.Combine("runs", $"{recipe.Network}-{recipe.InputSize}-cv{k}");
                var runs = trainer.CrossValidate(all, k, work, provenance, (fold, e) => AnsiConsole.MarkupLine(
                    $"fold {fold}/{k} epoch {e.Epoch}: val acc {e.ValidationAccuracy:P2}{(e.IsBest ? " (best)" : "")}, {e.Seconds:F0} s"), ct);
                var aucs = runs.Select(r => r.ByCell.Auc).ToArray();
                var accuracies = runs.Select(r => r.ByCell.AccuracyAtHalf).ToArray();
                AnsiConsole.MarkupLine($"{k}-fold by-cell AUC {aucs.Average():F4} ± {StandardDeviation(aucs):F4}, accuracy {accuracies.Average():P2} ± {StandardDeviation(accuracies):P2}");
                WriteResults(result.GetValue(results), recipe, simulated, commandText, dataFolder, new JsonObject
                {
                    ["folds"] = k,
                    ["auc_mean"] = Math.Round(aucs.Average(), 4), ["auc_sd"] = Math.Round(StandardDeviation(aucs), 4),
                    ["accuracy_mean"] = Math.Round(accuracies.Average(), 4), ["accuracy_sd"] = Math.Round(StandardDeviation(accuracies), 4),
                    ["per_fold"] = new JsonArray(runs.Select(RunJson).ToArray()),
                });
                return Task.FromResult(CommandRunner.Success);
            }

            var outputPath = result.GetValue(output) ?? throw new HematologyException("Give --output (the model file) or --folds (cross-validation).");
            IReadOnlyList<CellSample> train, validation;
            if (result.GetValue(val) is { } valFolder)
            {
                train = all;
                validation = CommonOptions.LoadFolder(valFolder, null, null).Samples;
            }
            else
            {
                var fraction = result.GetValue(valFraction);
                if (fraction is <= 0 or >= 0.5) throw new HematologyException("--val-fraction must be between 0 and 0.5.");
                var split = StratifiedKFold.Split(all.Select(s => s.CellClass).ToArray(), (int)Math.Round(1 / fraction), recipe.Seed)[0];
                train = split.TrainIndices.Select(i => all[i]).ToArray();
                validation = split.TestIndices.Select(i => all[i]).ToArray();
            }
            var workDir = Path.ChangeExtension(outputPath, null) + ".run";
            var run = TrainingDisplay.Run(recipe.Epochs, (onEpoch, progress) => trainer.Train(train, validation, workDir, outputPath, provenance, onEpoch, progress, ct));
            AnsiConsole.MarkupLine($"Validation by cell{label}: AUC [bold]{run.ByCell.Auc:F4}[/], accuracy at 0.5 {run.ByCell.AccuracyAtHalf:P2} ({run.ByCell.Cells} cells), best epoch {run.BestEpoch}.");
            var metrics = RunJson(run);
            WriteResults(result.GetValue(results), recipe, simulated, commandText, dataFolder, metrics.DeepClone().AsObject());
            new ModelManifest
            {
                Name = result.GetValue(name) ?? Path.GetFileNameWithoutExtension(outputPath),
                Kind = DysplasiaModels.Kind,
                File = Path.GetFileName(outputPath),
                InputSize = recipe.InputSize,
                Classes = DysplasiaClasses.TrainingOrder,
                Description = $"{recipe.Network} at {recipe.InputSize}px: P(dysplastic) of a neutrophil (cytoplasmic granularity)" + (simulated ? ", trained on SIMULATED hypogranulation" : ""),
                Command = commandText,
                Seed = recipe.Seed,
                DataSplit = $"train: {Path.GetFileName(Path.TrimEndingDirectorySeparator(dataFolder))} ({train.Count} neutrophils); validation: " +
                            (result.GetValue(val) is { } v ? $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(v))} ({validation.Count})" : $"{validation.Count} held out of --data"),
                Date = DateTime.UtcNow.ToString("yyyy-MM-dd"),
                Metrics = metrics,
                SimulatedTraining = simulated,
            }.Write(Path.ChangeExtension(outputPath, ".json"));
            Console.WriteLine($"Model: {outputPath}, manifest beside it; run folder {workDir}.");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }

    private static JsonObject RunJson(DysplasiaTrainingRun run) => new()
    {
        ["val_auc"] = Math.Round(run.ByCell.Auc, 4),
        ["val_accuracy_at_0_5"] = Math.Round(run.ByCell.AccuracyAtHalf, 4),
        // A network that scores every cell alike (it never left chance) has no finite cut-off: null, not Infinity.
        ["val_youden_cutoff"] = double.IsFinite(run.ByCell.Cutoff.Threshold) ? Math.Round(run.ByCell.Cutoff.Threshold, 4) : null,
        ["val_sensitivity_at_cutoff"] = Math.Round(run.ByCell.Cutoff.Tpr, 4),
        ["val_specificity_at_cutoff"] = Math.Round(1 - run.ByCell.Cutoff.Fpr, 4),
        ["val_cells"] = run.ByCell.Cells,
        ["best_epoch"] = run.BestEpoch,
        ["train_wall_seconds"] = Math.Round(run.TrainSeconds),
        ["train_images_per_second"] = Math.Round(run.TrainImagesPerSecond, 1),
        ["parameters"] = ParameterCount(run),
        ["machine"] = $"{Environment.ProcessorCount} cores",
    };

    private static long ParameterCount(DysplasiaTrainingRun run)
    {
        using var network = ML.Networks.NetworkRegistry.Create(run.Network, 2, run.InputSize);
        return network.parameters().Sum(p => p.numel());
    }

    private static void WriteResults(string? path, DysplasiaTrainingRecipe recipe, bool simulated, string command, string data, JsonObject figures)
    {
        if (path is null) return;
        var json = new JsonObject
        {
            ["simulated"] = simulated,
            ["network"] = recipe.Network, ["input_size"] = recipe.InputSize, ["epochs"] = recipe.Epochs, ["seed"] = recipe.Seed,
            ["learning_rate"] = recipe.LearningRate, ["data"] = Path.GetFileName(Path.TrimEndingDirectorySeparator(data)),
            ["command"] = command, ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd"), ["results"] = figures,
        };
        CommonOptions.WriteResults(path, json);
    }

    private static double StandardDeviation(double[] values)
    {
        if (values.Length < 2) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}
