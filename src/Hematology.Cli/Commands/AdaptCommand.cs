using System.CommandLine;
using System.Text.Json.Nodes;
using Hematology.ML;
using Hematology.ML.Adaptation;
using Hematology.ML.Datasets;
using Hematology.ML.Explain;
using Hematology.ML.Models;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato adapt</c>: a model for one lab from a few of its labelled cells (and/or an unlabelled smear), written as a
/// model file that classify, evaluate, screen and serve take as <c>--model FILE</c>.
/// </summary>
internal static class AdaptCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.Data(required: false);
        data.Description = "The lab's labelled cells, one folder per class (1-20 per class; classes may be missing)";
        var unlabelled = new Option<string?>("--unlabelled") { Description = "A folder of the lab's unlabelled cells (one smear): adapts magnification and statistics only" };
        var output = new Option<string>("--output") { Description = "Model file to write (.hmlm); its manifest goes beside it (.json)", Required = true };
        var device = CommonOptions.Device();
        var command = new Command("adapt", "Adapt a network model to a lab: magnification, normalisation statistics and, from labelled cells, the head")
            { model, data, unlabelled, output, device };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            if (result.GetValue(data) is null && result.GetValue(unlabelled) is null)
                throw new HematologyException("Give the lab's labelled cells (--data) or an unlabelled smear (--unlabelled), or both.");
            var labelled = result.GetValue(data) is { } d ? CommonOptions.LoadFolder(d, null, null).Samples : [];
            var loose = result.GetValue(unlabelled) is { } u ? CellImageFolder.FromPaths([u]) : null;
            if (loose is not null) CommonOptions.ReportSkipped(loose.Skipped);
            var catalog = ModelCatalog.Shipped();
            var basePath = catalog.ResolvePath(result.GetValue(model));
            using var classifier = catalog.LoadClassifier(basePath, result.GetValue(device)!);
            var network = ExplainableNetwork.Find(classifier)
                ?? throw new HematologyException($"'{Path.GetFileName(basePath)}' is not one network, and only a network's statistics and head can be adapted; use a network model such as pbc8-resnet18.");

            if (network.Header.InputZoom is not null)
                throw new HematologyException($"'{Path.GetFileName(basePath)}' is already adapted to a lab; adapt the model it came from ({network.Header.Training?.GetValueOrDefault("adapted_from")}) instead.");
            var adaptation = ConsoleProgress.Run($"Adapting {Path.GetFileName(basePath)} to {labelled.Count} labelled and {loose?.Samples.Count ?? 0} unlabelled cells", 100, false,
                p => LabAdapter.Adapt(network, labelled, loose?.Samples.Select(s => s.Path).ToArray() ?? [], progress: p, cancellationToken: ct));
            CommonOptions.ReportSkipped(adaptation.Skipped);

            var path = result.GetValue(output)!;
            var date = DateTime.UtcNow.ToString("yyyy-MM-dd");
            var training = new Dictionary<string, object?>
            {
                ["adapted_from"] = Path.GetFileName(basePath),
                ["cells_per_class"] = adaptation.CellsPerClass,
                ["unlabelled_cells"] = adaptation.UnlabelledCells,
                ["zoom"] = Math.Round(adaptation.Zoom, 3),
                ["cross_validated_accuracy"] = adaptation.CrossValidatedAccuracy,
                ["base_accuracy_on_these_cells"] = adaptation.BaseAccuracy,
                ["command"] = CommandLineText.Current(),
                ["date"] = date,
            };
            LabAdapter.Save(network, adaptation, path, training);
            var metrics = new JsonObject { ["labelled_cells"] = adaptation.CellsPerClass.Values.Sum(), ["unlabelled_cells"] = adaptation.UnlabelledCells, ["zoom"] = Math.Round(adaptation.Zoom, 3) };
            if (adaptation.CrossValidatedAccuracy is { } cv) metrics["cross_validated_accuracy"] = Math.Round(cv, 4);
            if (adaptation.BaseAccuracy is { } b) metrics["base_accuracy_on_these_cells"] = Math.Round(b, 4);
            new ModelManifest
            {
                Name = Path.GetFileNameWithoutExtension(path), Kind = "cnn", File = Path.GetFileName(path), InputSize = network.Header.InputSize,
                Classes = network.Classes, Description = $"{Path.GetFileName(basePath)} adapted to a lab (hemato adapt)", Command = CommandLineText.Current(),
                DataSplit = $"adapted on {string.Join(", ", adaptation.CellsPerClass.Select(kv => $"{kv.Value} {kv.Key}"))}" + (adaptation.UnlabelledCells > 0 ? $" and {adaptation.UnlabelledCells} unlabelled cells" : ""),
                Date = date, Metrics = metrics,
            }.Write(Path.ChangeExtension(path, ".json"));

            if (adaptation.CrossValidatedAccuracy is { } accuracy)
                AnsiConsole.MarkupLine($"Cross-validated accuracy on the {adaptation.CellsPerClass.Values.Sum()} labelled cells: [bold]{accuracy:P1}[/] (the base model: {adaptation.BaseAccuracy:P1})");
            AnsiConsole.MarkupLine($"Zoom from the red cells and nuclei: {adaptation.Zoom:F2}; statistics from {adaptation.CellsPerClass.Values.Sum() + adaptation.UnlabelledCells} cells.");
            Console.WriteLine($"Model: {path}\nUse it as: hemato classify --model {path} <images>");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }
}
