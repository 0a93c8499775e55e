using System.CommandLine;
using System.Text.Json.Nodes;
using Hematology.ML.Models;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato train ensemble</c>: no training, a combination: an ensemble file that averages the class
/// probabilities of trained models (e.g. the fine-tuned CNN and the feature model), with its manifest.
/// </summary>
internal static class TrainEnsembleCommand
{
    public static Command Create()
    {
        var members = new Option<string[]>("--member") { Description = "A member model file or shipped model name (repeat)", Required = true, AllowMultipleArgumentsPerToken = false };
        var weights = new Option<double[]>("--weight") { Description = "Weight of each member, in order (default: equal)" };
        var output = new Option<string>("--output") { Description = "Ensemble file to write (.hmle), beside its members; the manifest goes beside it", Required = true };
        var name = new Option<string?>("--name") { Description = "Model name in the manifest (default: the file name)" };
        var isDefault = new Option<bool>("--default") { Description = "Mark the ensemble as the default of classify" };
        var views = new Option<int>("--test-time-views")
        {
            Description = "Network members average over this many mirror/turned views of each cell: 1, 2, 4 or 8 (a single member makes plain test-time augmentation)",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("ensemble", "Combine trained models into one that averages their class probabilities") { members, weights, output, name, isDefault, views };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var catalog = ModelCatalog.Shipped();
            var files = result.GetValue(members)!.Select(catalog.ResolvePath).ToArray();
            var weightValues = result.GetValue(weights) is { Length: > 0 } w ? w : null;
            var outputPath = result.GetValue(output)!;
            // Loading the members checks that they exist, are models and share their classes.
            string[] classes;
            int inputSize;
            using (var check = new CellClassifierEnsemble(files.Select(f => catalog.LoadClassifier(f)).ToArray(), weightValues))
            {
                classes = check.Classes.ToArray();
                inputSize = check.SourceResolution;
            }
            var viewCount = result.GetValue(views);
            CellClassifierEnsemble.Save(outputPath, files, weightValues, viewCount);
            new ModelManifest
            {
                Name = result.GetValue(name) ?? Path.GetFileNameWithoutExtension(outputPath),
                Kind = "ensemble",
                File = Path.GetFileName(outputPath),
                InputSize = inputSize,
                Classes = classes,
                Description = "Average of the class probabilities of " + string.Join(" and ", files.Select(Path.GetFileName))
                    + (viewCount > 1 ? $", networks over {viewCount} symmetric views of each cell" : ""),
                Command = CommandLineText.Current(),
                Date = DateTime.UtcNow.ToString("yyyy-MM-dd"),
                DataSplit = "members' own (see their manifests)",
                Metrics = new JsonObject(),
                IsDefault = result.GetValue(isDefault),
            }.Write(Path.ChangeExtension(outputPath, ".json"));
            Console.WriteLine($"Ensemble: {outputPath} ({files.Length} member{(files.Length == 1 ? "" : "s")}), manifest beside it.");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }
}
