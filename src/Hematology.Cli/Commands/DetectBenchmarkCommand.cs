using System.CommandLine;
using System.Text.Json.Nodes;
using Hematology.ML;
using Hematology.ML.Detection;
using Hematology.ML.Imaging;
using Hematology.ML.Models;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato benchmark detect</c>: the field detector on SYNTHETIC fields made from real cells of a folder (by default
/// the val split: tuning never sees test cells), with recall, precision and box IoU at IoU 0.5, the time per field,
/// and with a cell model the balanced accuracy of the classes given to the cells found (docs/detection.md).
/// </summary>
internal static class DetectBenchmarkCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var split = CommonOptions.Split();
        var subset = CommonOptions.Subset("val");
        var perClass = new Option<int>("--per-class") { Description = "Source cells per class", DefaultValueFactory = _ => 40 };
        var fields = new Option<int>("--fields") { Description = "Synthetic fields to score", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed of the first field", DefaultValueFactory = _ => 0 };
        var width = new Option<int>("--width") { Description = "Field width in pixels", DefaultValueFactory = _ => 640 };
        var height = new Option<int>("--height") { Description = "Field height in pixels", DefaultValueFactory = _ => 480 };
        var classify = new Option<bool>("--classify") { Description = "Also classify the cells found with --model and report the balanced accuracy" };
        var model = CommonOptions.Model();
        var device = CommonOptions.Device();
        var write = new Option<string?>("--write-fields") { Description = "Also write the fields (PNG) and their true boxes (JSON) to this folder" };
        var output = new Option<string>("--output") { Description = "Results JSON", DefaultValueFactory = _ => Path.Combine("benchmarks", "results", "detection-synthetic.json") };
        var command = new Command("detect", "Score the field detector on SYNTHETIC fields of real cells pasted on real red cells")
            { data, split, subset, perClass, fields, seed, width, height, classify, model, device, write, output };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var folder = CommonOptions.LoadFolder(result.GetValue(data)!, result.GetValue(split), result.GetValue(subset));
            var sources = folder.Samples.GroupBy(s => s.CellClass).SelectMany(g => g.Take(result.GetValue(perClass))).ToArray();
            if (sources.Length == 0) throw new HematologyException($"No cells in {folder.Root} to make fields from.");
            var generator = ConsoleProgress.Run($"Segmenting {sources.Length} source cells", 1, false,
                p => { var c = SyntheticFields.FromCells(sources.Select(s => (CellImageDecoder.Decode(s.Path), s.CellClass)).ToArray(), result.GetValue(width), result.GetValue(height)); p.Report(1); return c; });
            using var classifier = result.GetValue(classify) ? ModelCatalog.Shipped().LoadClassifier(result.GetValue(model), result.GetValue(device)!) : null;
            if (classifier is not null) CommonOptions.UseAdaptation(classifier, off: false);
            var n = result.GetValue(fields);
            var measured = ConsoleProgress.Run($"Detecting in {n} synthetic fields", n, false,
                p => SyntheticFieldBenchmark.Run(generator, n, result.GetValue(seed), classifier, p, ct));
            if (result.GetValue(write) is { } dir) WriteFields(generator, n, result.GetValue(seed), dir);

            var table = new Table().Title("SYNTHETIC fields: nucleated cells at IoU >= 0.5 (platelets not counted)")
                .AddColumns("Recolouring", "Fields", "Cells", "Recall", "Precision", "Mean IoU");
            foreach (var row in measured.Rows)
                table.AddRow(row.Group, row.Fields.ToString(), (row.Score.TruePositives + row.Score.FalseNegatives).ToString(),
                    $"{row.Score.Recall:F3}", $"{row.Score.Precision:F3}", $"{row.Score.MeanMatchedIoU:F3}");
            AnsiConsole.Write(table);
            Console.WriteLine($"Detection time per {result.GetValue(width)}x{result.GetValue(height)} field: median {measured.MedianMilliseconds:F1} ms, 90th percentile {measured.P90Milliseconds:F1} ms");
            if (measured.BalancedAccuracy is { } balanced)
                Console.WriteLine($"Classes of the whole cells found: balanced accuracy {balanced:F3} ("
                    + string.Join(", ", measured.ClassRecall!.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value.Correct}/{k.Value.Total}")) + ")");
            CommonOptions.WriteResults(result.GetValue(output)!, new JsonObject
            {
                ["benchmark"] = "detection on SYNTHETIC fields (real PBC cells pasted on real red cells; not real camera fields)",
                ["command"] = "hemato " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd"),
                ["source"] = new JsonObject { ["data"] = folder.Root, ["subset"] = result.GetValue(subset), ["cells"] = sources.Length },
                ["fields"] = n,
                ["seed"] = result.GetValue(seed),
                ["field_size"] = $"{result.GetValue(width)}x{result.GetValue(height)}",
                ["iou_threshold"] = 0.5,
                ["rows"] = new JsonArray(measured.Rows.Select(r => (JsonNode)new JsonObject
                {
                    ["recolouring"] = r.Group, ["fields"] = r.Fields, ["true_positives"] = r.Score.TruePositives,
                    ["false_positives"] = r.Score.FalsePositives, ["false_negatives"] = r.Score.FalseNegatives,
                    ["recall"] = Math.Round(r.Score.Recall, 4), ["precision"] = Math.Round(r.Score.Precision, 4), ["mean_iou"] = Math.Round(r.Score.MeanMatchedIoU, 4),
                }).ToArray()),
                ["detection_ms_median"] = Math.Round(measured.MedianMilliseconds, 2),
                ["detection_ms_p90"] = Math.Round(measured.P90Milliseconds, 2),
                ["machine"] = $"{Environment.ProcessorCount} cores",
                ["classified_with"] = classifier is null ? null : result.GetValue(model) ?? "default",
                ["balanced_accuracy"] = measured.BalancedAccuracy is { } b ? Math.Round(b, 4) : null,
            });
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }

    private static void WriteFields(SyntheticFields generator, int count, int seed, string folder)
    {
        Directory.CreateDirectory(folder);
        var truth = new JsonArray();
        for (var k = 0; k < count; k++)
        {
            var field = generator.Generate(seed + k);
            var name = $"synthetic_field_{seed + k:D5}.png";
            File.WriteAllBytes(Path.Combine(folder, name), CellImageDecoder.EncodePng(field.Image));
            truth.Add(new JsonObject
            {
                ["file"] = name, ["recolouring"] = field.Recolouring, ["red_cell_diameter_px"] = Math.Round(field.RedCellDiameter, 1),
                ["cells"] = new JsonArray(field.Cells.Select(c => (JsonNode)new JsonObject
                {
                    ["box"] = new JsonArray(c.Box.ToArray().Select(v => (JsonNode)v).ToArray()), ["class"] = c.CellClass, ["cut"] = c.Cut,
                }).ToArray()),
            });
        }
        File.WriteAllText(Path.Combine(folder, "truth.json"), new JsonObject { ["synthetic"] = true, ["fields"] = truth }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"Fields: {count} PNG and truth.json in {folder}");
    }
}
