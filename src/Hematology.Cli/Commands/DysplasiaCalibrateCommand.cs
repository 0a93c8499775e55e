using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hematology.ML;
using Hematology.ML.Evaluation;
using Hematology.ML.Imaging;
using Hematology.ML.Models;
using Hematology.ML.Screening;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato dysplasia calibrate</c>: the per-cell cut-off from labelled neutrophils that took no part in
/// training, then the smear threshold and the stain minimum from tuning smears; written into the DysplasiaNet
/// manifest (<c>--write-manifest</c>) and/or a thresholds file, with a results JSON.
/// </summary>
internal static class DysplasiaCalibrateCommand
{
    public static Command Create()
    {
        var cells = new Option<string>("--cells") { Description = "Labelled neutrophils (dysplastic/, normal/) not used for training: the per-cell cut-off", Required = true };
        var smears = new Option<string>("--smears") { Description = "Tuning smear set (folders + smears.csv): the smear threshold and stain minimum", Required = true };
        var minimum = new Option<int>("--minimum-neutrophils") { DefaultValueFactory = _ => ScreeningThresholds.DefaultMinimumNeutrophils, Description = "Fewest neutrophils for a decision" };
        var output = new Option<string?>("--output") { Description = "Write the thresholds JSON here" };
        var writeManifest = new Option<bool>("--write-manifest") { Description = "Store the thresholds in the DysplasiaNet model's manifest (the screen's default)" };
        var results = new Option<string?>("--results") { Description = "Write the calibration figures (JSON) here" };
        var options = new ScreeningOptions();
        var command = new Command("calibrate", "Choose the per-cell cut-off (Youden on labelled cells) and the smear threshold and stain minimum (on tuning smears)")
            { cells, smears, minimum, output, writeManifest, results };
        foreach (var option in options.All.Where(o => o != options.Thresholds)) command.Options.Add(option);
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var (path, manifest) = options.ResolveDysplasia(result);
            var cellFolder = CommonOptions.LoadFolder(result.GetValue(cells)!, null, null);
            DysplasiaClasses.Require(cellFolder.Samples.Select(s => s.CellClass), result.GetValue(cells)!);
            var set = SmearSet.Load(result.GetValue(smears)!);
            var simulatedData = set.Simulated || SimulatedData.IsSimulated(result.GetValue(cells)!);

            double[] scores;
            var skipped = new List<SkippedFile>();
            using (var scorer = DysplasiaScorer.Load(path, result.GetValue(options.Device)!))
                scores = ConsoleProgress.Run($"Scoring {cellFolder.Samples.Count} labelled neutrophils", cellFolder.Samples.Count, false,
                    p => scorer.ScoreFiles(cellFolder.Samples.Select(s => s.Path).ToArray(), skipped, p, ct));
            CommonOptions.ReportSkipped(skipped);
            var byCell = ByCellEvaluation.Compute(scores, cellFolder.Samples.Select(s => s.CellClass == DysplasiaClasses.Dysplastic).ToArray());
            var keep = Enumerable.Range(0, scores.Length).Where(i => !double.IsNaN(scores[i])).ToArray();
            var cutoff = DysplasiaCutoff.Choose(keep.Select(i => scores[i]).ToArray(), keep.Select(i => cellFolder.Samples[i].CellClass == DysplasiaClasses.Dysplastic).ToArray());
            AnsiConsole.MarkupLine($"By cell: AUC {byCell.Auc:F4}; cut-off {cutoff.Threshold:F4} (sensitivity {cutoff.Tpr:P1}, specificity {1 - cutoff.Fpr:P1}).");

            var command = CommandLineText.Current();
            var start = new ScreeningThresholds(cutoff.Threshold, 0.5, null)
            {
                MinimumNeutrophils = result.GetValue(minimum), Simulated = simulatedData, Command = command, Date = DateTime.UtcNow.ToString("yyyy-MM-dd"),
                Classifier = ShippedNameOrPath(result.GetValue(options.Classifier)),
            };
            var (pipeline, simulated, parts) = options.Build(result, start, path, manifest);
            IReadOnlyList<ScreenedSmear> screened;
            using (parts)
                screened = ConsoleProgress.Run($"Screening {set.Smears.Count} tuning smears", set.Smears.Count, false, p => SmearSetScreening.Screen(pipeline, set, p, ct));
            var thresholds = SmearSetScreening.Calibrate(screened, start) with { Simulated = simulatedData || simulated };
            var tuning = ScreeningEvaluation.Compute(screened, thresholds, set.Simulated);
            var label = thresholds.Simulated ? " (SIMULATED)" : "";
            AnsiConsole.MarkupLine($"Smear threshold {thresholds.SmearThreshold:F4}; stain index minimum {(thresholds.StainIndexMinimum is { } m ? m.ToString("F2") : "none (no understained tuning smears)")}{label}.");

            if (result.GetValue(output) is { } o) File.WriteAllText(o, JsonSerializer.Serialize(thresholds, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            if (result.GetValue(writeManifest))
            {
                if (manifest?.ManifestPath is null) throw new HematologyException($"'{path}' has no manifest beside it to write the thresholds into; use --output.");
                (manifest with { Screening = thresholds }).Write(manifest.ManifestPath);
                Console.WriteLine($"Thresholds stored in {manifest.ManifestPath}.");
            }
            if (result.GetValue(results) is { } r)
            {
                var json = new JsonObject
                {
                    ["simulated"] = thresholds.Simulated,
                    ["command"] = command,
                    ["dysplasia_model"] = Path.GetFileName(path),
                    ["by_cell"] = new JsonObject
                    {
                        ["cells"] = byCell.Cells, ["dysplastic"] = byCell.Dysplastic, ["auc"] = Math.Round(byCell.Auc, 4),
                        ["cutoff"] = Math.Round(cutoff.Threshold, 4),
                        ["sensitivity_at_cutoff"] = Math.Round(cutoff.Tpr, 4), ["specificity_at_cutoff"] = Math.Round(1 - cutoff.Fpr, 4),
                    },
                    ["tuning_smears"] = tuning.ToJson(Path.GetFileName(Path.TrimEndingDirectorySeparator(set.Root)), command, Path.GetFileName(path)),
                    ["note"] = "In-sample: the tuning figures are those of the smears the threshold was chosen on; the proof of concept is 'hemato dysplasia evaluate'.",
                };
                CommonOptions.WriteResults(r, json);
            }
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }

    /// <summary>The classifier as the manifest should name it: a shipped model by its name, anything else by its path.</summary>
    private static string? ShippedNameOrPath(string? given)
    {
        var catalog = ModelCatalog.Shipped();
        var path = catalog.ResolvePath(given);
        var shipped = catalog.Models.FirstOrDefault(m => m.ModelPath is { } p && Path.GetFullPath(p) == Path.GetFullPath(path));
        return shipped?.Name ?? Path.GetFullPath(path);
    }
}
