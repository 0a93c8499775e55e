using System.CommandLine;
using Hematology.ML.Cells;
using Hematology.ML.Networks;
using Hematology.ML.Training;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato train network</c>: trains a registered convolutional network on the train subset of a split,
/// choosing the best epoch on its val subset; best.dat, last.dat, checkpoint.json and training-log.csv go
/// to the output folder, and <c>--resume</c> continues a run there.
/// </summary>
internal static class TrainNetworkCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var split = CommonOptions.Split();
        split.Required = true;
        var network = new Option<string>("--network") { Description = $"Network name: {string.Join(", ", NetworkRegistry.Names)}", Required = true };
        var size = new Option<int?>("--size") { Description = "Input side in pixels (default: the network's own)" };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => NetworkTrainingOptions.Defaults.Epochs, Description = "Most epochs" };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => NetworkTrainingOptions.Defaults.BatchSize, Description = "Images per step" };
        var optimizer = new Option<string>("--optimizer") { DefaultValueFactory = _ => "adam", Description = "adam or sgd" };
        var rate = new Option<double>("--lr") { DefaultValueFactory = _ => NetworkTrainingOptions.Defaults.LearningRate, Description = "Learning rate" };
        var patience = new Option<int>("--patience") { DefaultValueFactory = _ => NetworkTrainingOptions.Defaults.Patience, Description = "Epochs without a better val accuracy before stopping (0 = never)" };
        var noAugment = new Option<bool>("--no-augment") { Description = "Train on the images as they are (no flips or rotations)" };
        var pretrained = new Option<bool>("--pretrained") { Description = "Start from ImageNet weights (resnet18-mlnet)" };
        var lastBlocks = new Option<int?>("--train-last-blocks") { Description = "Fine-tune only the last k blocks" };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --output" };
        var seed = TrainCommand.SeedOption();
        var device = CommonOptions.Device();
        var output = new Option<string>("--output") { Description = "Folder for weights, checkpoint and training log", Required = true };
        var command = new Command("network", "Train a convolutional network (TorchSharp) on the train subset, best epoch by val accuracy")
            { data, split, network, size, epochs, batch, optimizer, rate, patience, noAugment, pretrained, lastBlocks, resume, seed, device, output };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var name = result.GetValue(network)!;
            var inputSize = result.GetValue(size) ?? NetworkRegistry.Describe(name).DefaultInputSize;
            var classes = PbcCellClass.All;
            var train = CommonOptions.LoadFolder(result.GetValue(data)!, result.GetValue(split), "train");
            var validation = CommonOptions.LoadFolder(result.GetValue(data)!, result.GetValue(split), "val");
            var trainImages = new CellImageBatches(train.Samples, classes, inputSize);
            var validationImages = new CellImageBatches(validation.Samples, classes, inputSize);
            var options = new NetworkTrainingOptions
            {
                Network = name, Classes = classes, InputSize = inputSize, OutputDirectory = result.GetValue(output)!,
                Epochs = result.GetValue(epochs), BatchSize = result.GetValue(batch), Optimizer = result.GetValue(optimizer)!,
                LearningRate = result.GetValue(rate), Patience = result.GetValue(patience), Augment = !result.GetValue(noAugment),
                Pretrained = result.GetValue(pretrained), TrainLastBlocks = result.GetValue(lastBlocks), Resume = result.GetValue(resume),
                Seed = result.GetValue(seed), Device = result.GetValue(device)!,
            };
            var state = new NetworkTrainer(options).Train(trainImages, validationImages, e => AnsiConsole.MarkupLine(
                $"epoch {e.Epoch}: train loss {e.TrainLoss:F4} acc {e.TrainAccuracy:P1}, val loss {e.ValidationLoss:F4} acc [bold]{e.ValidationAccuracy:P2}[/]{(e.IsBest ? " (best)" : "")}, {e.Seconds:F0} s"), ct);
            AnsiConsole.MarkupLine($"Best val accuracy [bold]{state.BestValidationAccuracy:P2}[/] at epoch {state.BestEpoch}; weights in {Markup.Escape(Path.Combine(options.OutputDirectory, NetworkTrainer.BestWeightsFile))}");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }
}
