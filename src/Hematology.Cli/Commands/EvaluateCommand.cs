using System.CommandLine;
using Hematology.ML;
using Hematology.ML.Evaluation;
using Hematology.ML.Explain;
using Hematology.ML.Features;
using Hematology.ML.Imaging;
using Hematology.ML.Models;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary><c>hemato evaluate</c>: metrics of a model on labelled images, as JSON and an HTML report.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.Data();
        var split = CommonOptions.Split();
        var subset = CommonOptions.Subset();
        var cache = CommonOptions.Cache();
        var output = new Option<string>("--output") { Description = "Metrics JSON to write; the HTML report goes beside it (.html)", Required = true };
        var record = new Option<bool>("--record-in-manifest") { Description = "Also record the accuracy in the model's manifest (<model>.json)" };
        var device = CommonOptions.Device();
        var noAdaptation = CommonOptions.NoAdaptation();
        var errorsPerCell = new Option<int>("--errors-per-cell")
        {
            Description = "Most confident errors per confusion cell shown in the report, with Grad-CAM for network models (0: none)",
            DefaultValueFactory = _ => ConfidentErrors.DefaultPerCell,
        };
        var command = new Command("evaluate", "Evaluate a model on labelled images (class = folder name)") { model, data, split, subset, cache, output, record, device, errorsPerCell, noAdaptation };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            if (result.GetValue(errorsPerCell) < 0) throw new HematologyException("--errors-per-cell must be 0 (no error gallery) or more.");
            var subsetName = result.GetValue(subset) ?? (result.GetValue(split) is null ? null : "test");
            var folder = CommonOptions.LoadFolder(result.GetValue(data)!, result.GetValue(split), subsetName);
            var catalog = ModelCatalog.Shipped();
            var modelPath = catalog.ResolvePath(result.GetValue(model));
            using var classifier = catalog.LoadClassifier(modelPath, result.GetValue(device)!);
            CommonOptions.UseCache(classifier, result.GetValue(cache));
            CommonOptions.UseAdaptation(classifier, result.GetValue(noAdaptation));

            var skipped = folder.Skipped.ToList();
            var known = folder.Samples.Where(s => s.LabelFor(classifier) is not null).ToArray();
            skipped.AddRange(folder.Samples.Where(s => s.LabelFor(classifier) is null)
                .Select(s => new SkippedFile(s.Path, $"class '{s.CellClass}'{(s.Subtype is null ? "" : $" ({s.Subtype})")} is not one the model knows")));
            if (known.Length == 0) throw new HematologyException("No images of a class the model knows were found.");
            var classification = ConsoleProgress.Run($"Evaluating on {known.Length} images", known.Length, false,
                p => classifier.Classify(known.Select(s => s.Path).ToArray(), p, ct));
            skipped.AddRange(classification.Skipped);
            CommonOptions.ReportSkipped(skipped.Skip(folder.Skipped.Count).ToArray());

            var scored = Enumerable.Range(0, known.Length).Where(i => classification.Predictions[i] is not null).ToArray();
            var made = classification.Predictions.OfType<Hematology.ML.Cells.CellPrediction>().ToArray();
            var truth = scored.Select(i => IndexOf(classifier.Classes, known[i].LabelFor(classifier)!)).ToArray();
            var predicted = scored.Select(i => IndexOf(classifier.Classes, classification.Predictions[i]!.PredictedClass)).ToArray();
            var scores = scored.Select(i => (IReadOnlyList<double>)classification.Predictions[i]!.Probabilities.Select(v => (double)v).ToArray()).ToArray();
            var metrics = ClassificationMetrics.FromPredictions(classifier.Classes, truth, predicted, scores);
            var dataset = folder.Root + (subsetName is null ? "" : $" ({subsetName} subset of {result.GetValue(split)})");
            var evaluation = EvaluationResult.From(metrics, skipped.Count, Path.GetFileName(modelPath), dataset);

            var outputPath = result.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
            EvaluationJson.Write(outputPath, evaluation);
            var reportPath = Path.ChangeExtension(outputPath, ".html");
            var report = new HtmlReport(evaluation, $"Evaluation of {Path.GetFileName(modelPath)}");
            var domain = new Hematology.ML.Adaptation.DomainCheck(classifier.Adaptation?.LastAdaptation,
                made, CommonOptions.OwnLabConfidence(catalog, modelPath));
            if (domain.Warning is { } unlike)
                report.AddHtmlSection("Unlike the training lab", $"<p>{System.Net.WebUtility.HtmlEncode(unlike)}</p>");
            if (result.GetValue(errorsPerCell) is var perCell and > 0)
            {
                var cells = ConfidentErrors.Select(scored.Select(i => known[i].Path).ToArray(), truth, predicted, scores, classifier.Classes, perCell);
                report.AddSection(ConsoleProgress.Run("Drawing the most confident errors", ConfidentErrorsSection.PicturedErrors(cells), false,
                    p => ConfidentErrorsSection.Build(cells, classifier, Path.GetFileName(modelPath), progress: p, cancellationToken: ct)));
            }
            report.AddHtmlSection("How this was produced", $"<pre>{System.Net.WebUtility.HtmlEncode(CommandLineText.Current())}</pre>")
                .Write(reportPath);
            if (result.GetValue(record))
                RecordInManifest(modelPath, evaluation, subsetName ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(folder.Root)).Replace('-', '_'),
                    made);

            var (lo, hi) = metrics.AccuracyCi95;
            AnsiConsole.MarkupLine($"Accuracy [bold]{metrics.Accuracy:P2}[/] (95% CI {lo:P1}-{hi:P1}) on {metrics.Matrix.Total} images; balanced accuracy (mean recall per class) {metrics.Macro.Sensitivity:F3}; macro F1 {metrics.Macro.F1:F3}; {skipped.Count} skipped.");
            Console.WriteLine($"Metrics: {outputPath}\nReport:  {reportPath}");
            if (domain.Warning is { } warning) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }

    private static void RecordInManifest(string modelPath, EvaluationResult evaluation, string prefix, IReadOnlyList<Hematology.ML.Cells.CellPrediction> predictions)
    {
        var manifestPath = Path.ChangeExtension(modelPath, ".json");
        if (!File.Exists(manifestPath)) throw new HematologyException($"No manifest '{manifestPath}' beside the model to record in.");
        var manifest = ModelManifest.Read(manifestPath);
        var metrics = manifest.Metrics;
        metrics[$"{prefix}_accuracy"] = Math.Round(evaluation.Accuracy, 4);
        metrics[$"{prefix}_accuracy_ci95"] = new System.Text.Json.Nodes.JsonArray(evaluation.AccuracyCi95.Select(v => (System.Text.Json.Nodes.JsonNode?)Math.Round(v, 4)).ToArray());
        metrics[$"{prefix}_macro_f1"] = Math.Round(evaluation.Macro.F1, 4);
        metrics[$"{prefix}_balanced_accuracy"] = Math.Round(evaluation.Macro.Sensitivity, 4); // mean recall per class
        metrics[$"{prefix}_images"] = evaluation.NImages;
        // The domain check's reference: how sure the model is of the training lab's own cells, by the class it gives them.
        metrics[$"{prefix}_confidence_by_class"] = new System.Text.Json.Nodes.JsonObject(predictions.GroupBy(p => p.PredictedClass).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, (System.Text.Json.Nodes.JsonNode?)Math.Round(g.Average(p => p.Probability), 4))));
        metrics[$"{prefix}_command"] = CommandLineText.Current();
        manifest.Write(manifestPath);
    }

    private static int IndexOf(IReadOnlyList<string> classes, string name)
    {
        for (var i = 0; i < classes.Count; i++) if (classes[i] == name) return i;
        return -1;
    }
}
