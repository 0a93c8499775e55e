using System.CommandLine;
using System.Text.Json;
using Hematology.ML.Adaptation;
using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Models;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary><c>hemato classify</c>: class and probability per image, and the differential count.</summary>
internal static class ClassifyCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("images") { Description = "Image files and/or folders (searched recursively)", Arity = ArgumentArity.OneOrMore };
        var model = CommonOptions.Model();
        var json = CommonOptions.Json();
        var cache = CommonOptions.Cache();
        var reject = new Option<double>("--reject-below")
        {
            DefaultValueFactory = _ => OtherRejection.DefaultThreshold,
            Description = "Report a cell as 'other' when its top probability is below this (thesis ch. 6.4; 0 keeps every prediction)",
        };
        var device = CommonOptions.Device();
        var noAdaptation = CommonOptions.NoAdaptation();
        var command = new Command("classify", "Classify cell images and print the differential count") { inputs, model, json, cache, reject, device, noAdaptation };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var quiet = result.GetValue(json);
            var images = CellImageFolder.FromPaths(result.GetValue(inputs)!);
            var catalog = ModelCatalog.Shipped();
            var modelPath = catalog.ResolvePath(result.GetValue(model));
            using var classifier = catalog.LoadClassifier(modelPath, result.GetValue(device)!);
            if (result.GetValue(cache) is { } folder) CommonOptions.UseCache(classifier, folder);
            CommonOptions.UseAdaptation(classifier, result.GetValue(noAdaptation));
            var paths = images.Samples.Select(s => s.Path).ToArray();
            if (paths.Length == 0)
                throw new ML.HematologyException($"No readable images in {images.Root} ({images.Skipped.Count} file(s) skipped).");
            var classification = ConsoleProgress.Run($"Classifying {paths.Length} images", paths.Length, quiet,
                p => classifier.Classify(paths, p, ct));
            var skipped = images.Skipped.Concat(classification.Skipped).ToArray();
            var threshold = result.GetValue(reject);
            var predictions = classification.Predictions.OfType<CellPrediction>().Select(p => OtherRejection.Apply(p, threshold)).ToArray();
            var domain = new DomainCheck(classifier.Adaptation?.LastAdaptation, classification.Predictions.OfType<CellPrediction>().ToArray(),
                CommonOptions.OwnLabConfidence(catalog, modelPath));
            var differential = classifier.Classes.Append(OtherRejection.Label).ToDictionary(c => c, c => predictions.Count(p => p.PredictedClass == c));
            var leftShift = LeftShift.From(differential);
            if (quiet)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    classes = classifier.Classes,
                    predictions = predictions.Select(p => new
                    {
                        file = p.Source, predicted_class = p.PredictedClass, probability = Math.Round(p.Probability, 4),
                        probabilities = classifier.Classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => Math.Round(p.Probabilities[x.i], 4)),
                    }),
                    differential,
                    left_shift = leftShift is null ? null : new
                    {
                        white_cells = leftShift.WhiteCells, band_percent = Math.Round(leftShift.BandPercent, 1),
                        immature_granulocyte_percent = Math.Round(leftShift.ImmaturePercent, 1),
                    },
                    other_threshold = threshold,
                    n_images = predictions.Length,
                    n_skipped = skipped.Length,
                    skipped = skipped.Select(s => new { file = s.Path, reason = s.Reason }),
                    domain = domain.ToJson(),
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                CommonOptions.ReportSkipped(skipped);
                var table = new Table().AddColumns("Image", "Class", "Probability");
                foreach (var p in predictions) table.AddRow(Markup.Escape(Path.GetFileName(p.Source)), p.PredictedClass, $"{p.Probability:P1}");
                AnsiConsole.Write(table);
                var counts = new Table().Title("Differential count").AddColumns("Class", "Cells", "%");
                foreach (var (c, n) in differential)
                    counts.AddRow(c, n.ToString(), predictions.Length > 0 ? $"{100.0 * n / predictions.Length:F1}" : "-");
                counts.AddRow("[bold]total[/]", $"[bold]{predictions.Length}[/]", "");
                AnsiConsole.Write(counts);
                if (leftShift is not null) Console.WriteLine(leftShift + ".");
                if (skipped.Length > 0) Console.WriteLine($"{skipped.Length} file(s) skipped.");
                if (domain.Warning is { } warning) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
            }
            return Task.FromResult(predictions.Length == 0 && skipped.Length > 0 ? CommandRunner.UserError : CommandRunner.Success);
        }, ct));
        return command;
    }
}
