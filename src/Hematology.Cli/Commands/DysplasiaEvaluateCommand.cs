using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hematology.ML;
using Hematology.ML.Imaging;
using Hematology.ML.Models;
using Hematology.ML.Screening;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato dysplasia evaluate</c>: the screen with fixed thresholds on a labelled smear set (the proof of
/// concept, once), and/or DysplasiaNet by cell on labelled neutrophils; figures with 95 % intervals, JSON +
/// HTML with the ROC.
/// </summary>
internal static class DysplasiaEvaluateCommand
{
    public static Command Create()
    {
        var smears = new Option<string?>("--smears") { Description = "Labelled smear set (folders + smears.csv) to screen" };
        var cells = new Option<string?>("--cells") { Description = "Labelled neutrophils (dysplastic/, normal/) to score by cell" };
        var output = new Option<string>("--output") { Description = "Results JSON (an HTML with the ROC is written beside it)", Required = true };
        var options = new ScreeningOptions();
        var command = new Command("evaluate", "Evaluate the screen on labelled smears (sensitivity, specificity, precision, accuracy, AUC with 95 % CI) and/or DysplasiaNet by cell")
            { smears, cells, output };
        foreach (var option in options.All) command.Options.Add(option);
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            if (result.GetValue(smears) is null && result.GetValue(cells) is null) throw new HematologyException("Give --smears and/or --cells.");
            var (path, manifest) = options.ResolveDysplasia(result);
            var thresholds = options.LoadThresholds(result, manifest);
            var command = CommandLineText.Current();
            var json = new JsonObject { ["command"] = command, ["dysplasia_model"] = Path.GetFileName(path) };
            var outputPath = result.GetValue(output)!;
            if (result.GetValue(cells) is { } cellPath)
                json["by_cell"] = ByCell(cellPath, path, thresholds, result.GetValue(options.Device)!, ct);
            if (result.GetValue(smears) is { } smearPath)
            {
                var set = SmearSet.Load(smearPath);
                var (pipeline, simulatedModel, parts) = options.Build(result, thresholds, path, manifest);
                IReadOnlyList<ScreenedSmear> screened;
                using (parts)
                    screened = ConsoleProgress.Run($"Screening {set.Smears.Count} smears", set.Smears.Count, false, p => SmearSetScreening.Screen(pipeline, set, p, ct));
                var evaluation = ScreeningEvaluation.Compute(screened, thresholds, set.Simulated);
                var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(smearPath));
                var smearJson = evaluation.ToJson(name, command, Path.GetFileName(path));
                smearJson["simulated_training"] = simulatedModel;
                json["smears"] = smearJson;
                File.WriteAllText(Path.ChangeExtension(outputPath, ".html"), evaluation.ToHtml(name));
                Print(evaluation, name);
            }
            json["simulated"] = json["smears"]?["simulated"]?.GetValue<bool>() == true || json["by_cell"]?["simulated"]?.GetValue<bool>() == true;
            CommonOptions.WriteResults(outputPath, json);
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }

    private static JsonObject ByCell(string folder, string modelPath, ScreeningThresholds thresholds, string device, CancellationToken ct)
    {
        var cellFolder = CommonOptions.LoadFolder(folder, null, null);
        DysplasiaClasses.Require(cellFolder.Samples.Select(s => s.CellClass), folder);
        var skipped = new List<SkippedFile>();
        double[] scores;
        using (var scorer = DysplasiaScorer.Load(modelPath, device))
            scores = ConsoleProgress.Run($"Scoring {cellFolder.Samples.Count} neutrophils", cellFolder.Samples.Count, false,
                p => scorer.ScoreFiles(cellFolder.Samples.Select(s => s.Path).ToArray(), skipped, p, ct));
        CommonOptions.ReportSkipped(skipped);
        var truth = cellFolder.Samples.Select(s => s.CellClass == DysplasiaClasses.Dysplastic).ToArray();
        var keep = Enumerable.Range(0, scores.Length).Where(i => !double.IsNaN(scores[i])).ToArray();
        var metrics = ScreeningMetrics.Compute(keep.Select(i => scores[i] >= thresholds.DysplasiaCutoff).ToArray(), keep.Select(i => truth[i]).ToArray(),
            keep.Select(i => scores[i]).ToArray());
        var simulated = SimulatedData.IsSimulated(folder);
        AnsiConsole.MarkupLine($"By cell{(simulated ? " (SIMULATED)" : "")}: AUC {metrics.Auc:F4} ({metrics.AucLower:F4}-{metrics.AucUpper:F4}); at the cut-off {thresholds.DysplasiaCutoff:F4} " +
                               $"sensitivity {metrics.Sensitivity.Value:P1}, specificity {metrics.Specificity.Value:P1}.");
        static JsonObject Ci(Estimate e) => e.ToJson();
        return new JsonObject
        {
            ["simulated"] = simulated, ["cells"] = keep.Length, ["cutoff"] = thresholds.DysplasiaCutoff,
            ["auc"] = new JsonObject { ["value"] = Math.Round(metrics.Auc, 4), ["ci95"] = new JsonArray(Math.Round(metrics.AucLower, 4), Math.Round(metrics.AucUpper, 4)) },
            ["sensitivity"] = Ci(metrics.Sensitivity), ["specificity"] = Ci(metrics.Specificity), ["precision"] = Ci(metrics.Precision), ["accuracy"] = Ci(metrics.Accuracy),
        };
    }

    private static void Print(ScreeningEvaluation evaluation, string name)
    {
        var label = evaluation.Simulated ? " (SIMULATED smears)" : "";
        if (evaluation.Metrics is { } m)
            AnsiConsole.MarkupLine($"{Markup.Escape(name)}{label}: sensitivity {m.Sensitivity.Value:P1} ({m.Sensitivity.Lower:P1}-{m.Sensitivity.Upper:P1}), " +
                                   $"specificity {m.Specificity.Value:P1} ({m.Specificity.Lower:P1}-{m.Specificity.Upper:P1}), precision {m.Precision.Value:P1}, " +
                                   $"accuracy {m.Accuracy.Value:P1}, AUC {m.Auc:F3} ({m.AucLower:F3}-{m.AucUpper:F3})");
        foreach (var (group, which) in new (string, Func<LabelledSmear, bool>)[] { ("non-MDS", s => !s.Understained && !s.IsMds), ("understained", s => s.Understained) })
            AnsiConsole.MarkupLine($"{group}: " + string.Join(", ", evaluation.DecisionCounts(which).Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value}")));
    }
}
