using System.CommandLine;
using System.Text.Json.Nodes;
using Hematology.ML;
using Hematology.ML.Adaptation;
using Hematology.ML.Explain;
using Hematology.ML.Models;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato benchmark shift</c>: a model on the shifted validation set (PBC's val split under magnification, stain,
/// white-balance and optics shifts; docs/generalisation.md), with and without label-free adaptation to each folder.
/// </summary>
internal static class ShiftBenchmarkCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var split = CommonOptions.Split();
        split.Required = true;
        var model = CommonOptions.Model();
        var device = CommonOptions.Device();
        var set = new Option<string>("--set") { Description = "Folder of the shifted set (built there from the val split when missing)", DefaultValueFactory = _ => Path.Combine("runs", "shifted-val") };
        var perClass = new Option<int>("--per-class") { Description = "Val cells per class in the set", DefaultValueFactory = _ => 40 };
        var shots = new Option<int[]>("--adapt-shots")
        {
            Description = "Labelled cells per class for the adaptation curve on the made-up labs (hemato adapt on the first N, scored on the rest); none: no curve",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string?>("--output") { Description = "Results JSON (default benchmarks/results/shift-<model>.json)" };
        var command = new Command("shift", "Score a model on the shifted validation set (other-lab-like magnification, stain, white balance, optics)")
            { data, split, model, device, set, perClass, shots, output };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var root = result.GetValue(set)!;
            // The set is deterministic: a family added since it was written rebuilds it whole, to the same images.
            if (!LabShift.Families.Prepend(ShiftedValidationSet.InDomain).All(f => Directory.Exists(Path.Combine(root, f))))
            {
                var val = CommonOptions.LoadFolder(result.GetValue(data)!, result.GetValue(split), "val");
                var n = Math.Min(val.Samples.Count, result.GetValue(perClass) * val.Classes.Count);
                ConsoleProgress.Run($"Building the shifted set from {n} val cells", n, false,
                    p => ShiftedValidationSet.Write(val.Samples, root, result.GetValue(perClass), p, ct));
            }
            var catalog = ModelCatalog.Shipped();
            var modelPath = catalog.ResolvePath(result.GetValue(model));
            using var classifier = catalog.LoadClassifier(modelPath, result.GetValue(device)!);
            var status = new Progress<string>(s => Console.Error.WriteLine($"scoring {s}"));
            var scores = ShiftEvaluation.Run(classifier, root, status, ct);

            var table = new Table().AddColumns("Shift", "Cells", "Balanced accuracy", "Adapted to the folder");
            foreach (var family in scores.GroupBy(s => s.Family))
            {
                var plain = family.First(s => !s.AdaptedToInput);
                var adapted = family.FirstOrDefault(s => s.AdaptedToInput);
                table.AddRow(family.Key, plain.Cells.ToString(), $"{plain.BalancedAccuracy:F3}", adapted is null ? "-" : $"{adapted.BalancedAccuracy:F3}");
            }
            AnsiConsole.Write(table);
            var curve = result.GetValue(shots) is { Length: > 0 } counts
                ? AdaptationCurve.Run(() => ExplainableNetwork.Require(catalog.LoadClassifier(modelPath, result.GetValue(device)!), modelPath),
                    root, LabShift.Families.Where(f => f.StartsWith("lab-", StringComparison.Ordinal)).ToArray(), counts, status, ct)
                : [];
            if (curve.Count > 0)
            {
                var adapted = new Table().AddColumns("Lab", "Cells per class", "Balanced accuracy on the rest", "Leave-one-out on the labelled");
                foreach (var p in curve)
                    adapted.AddRow(p.Family, p.Shots.ToString(), $"{p.BalancedAccuracy:F3}", p.CrossValidatedAccuracy is { } cv ? $"{cv:F3}" : "-");
                AnsiConsole.Write(adapted);
            }
            var name = Path.GetFileNameWithoutExtension(modelPath);
            CommonOptions.WriteResults(result.GetValue(output) ?? Path.Combine("benchmarks", "results", $"shift-{name}.json"), new JsonObject
            {
                ["benchmark"] = "shifted validation (SIMULATED other-lab shifts of PBC's val split)",
                ["model"] = Path.GetFileName(modelPath),
                ["per_class"] = result.GetValue(perClass),
                ["scores"] = new JsonArray(scores.Select(s => (JsonNode)new JsonObject
                {
                    ["family"] = s.Family, ["adapted_to_input"] = s.AdaptedToInput, ["cells"] = s.Cells,
                    ["accuracy"] = Math.Round(s.Accuracy, 4), ["balanced_accuracy"] = Math.Round(s.BalancedAccuracy, 4),
                }).ToArray()),
                ["adaptation_curve"] = new JsonArray(curve.Select(p => (JsonNode)new JsonObject
                {
                    ["family"] = p.Family, ["shots_per_class"] = p.Shots, ["test_cells"] = p.TestCells,
                    ["balanced_accuracy"] = Math.Round(p.BalancedAccuracy, 4),
                    ["cross_validated_accuracy"] = p.CrossValidatedAccuracy is { } cv ? Math.Round(cv, 4) : null,
                }).ToArray()),
                ["command"] = CommandLineText.Current(),
                ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            });
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }
}
