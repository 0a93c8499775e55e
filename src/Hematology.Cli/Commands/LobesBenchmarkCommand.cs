using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hematology.ML;
using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Imaging;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato benchmark lobes</c>: the nuclear-lobe count against PBC's real band (BNE_) and segmented (SNE_) labels. A band
/// has one unsegmented lobe; a segmented neutrophil two or more.
/// </summary>
internal static class LobesBenchmarkCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Folder of neutrophil images named BNE_/SNE_ (searched recursively)", Required = true };
        var split = CommonOptions.Split();
        var subset = new Option<string?>("--subset") { Description = "train, val or test of --split" };
        var core = new Option<double>("--core-fraction") { DefaultValueFactory = _ => NuclearLobes.Defaults.CoreFraction, Description = "Filament cut, fraction of the nucleus thickness" };
        var minimum = new Option<double>("--minimum-lobe") { DefaultValueFactory = _ => NuclearLobes.Defaults.MinimumLobeFraction, Description = "Smallest lobe, fraction of the largest" };
        var dark = new Option<double>("--dark-quantile") { DefaultValueFactory = _ => NuclearLobes.Defaults.DarkQuantile, Description = "Core pixels are among this darkest fraction of the nucleus" };
        var output = new Option<string?>("--output") { Description = "Result JSON (default: none)" };
        var command = new Command("lobes", "Count nuclear lobes of real band and segmented neutrophils and score band = 1 lobe, segmented >= 2")
            { data, split, subset, core, minimum, dark, output };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var manifest = result.GetValue(split) is { } s ? PbcSplitManifest.Load(s) : null;
            var wanted = result.GetValue(subset);
            if (wanted is not null && manifest is null) throw new HematologyException("--subset needs --split, which says which cells are in it.");
            var cells = CellImageFolder.FromPaths([result.GetValue(data)!]).Samples
                .Where(c => c.Subtype is "BNE" or "SNE")
                .Where(c => wanted is null || string.Equals(manifest?.Find(c.FileName)?.Split, wanted, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (cells.Length == 0) throw new HematologyException("No BNE_ or SNE_ images found (in that subset).");
            var skipped = new List<SkippedFile>();
            var counts = ConsoleProgress.Run($"Counting lobes of {cells.Length} neutrophils", cells.Length, false, p =>
            {
                var lobes = new int?[cells.Length];
                var done = 0;
                Parallel.For(0, cells.Length, new ParallelOptions { CancellationToken = ct }, i =>
                {
                    var image = CellImageDecoder.TryDecode(cells[i].Path, out string? _);
                    lobes[i] = image is null ? null : NuclearLobes.Count(image, result.GetValue(core), result.GetValue(minimum), result.GetValue(dark));
                    p.Report(Interlocked.Increment(ref done));
                });
                return lobes;
            });
            var histogram = new JsonObject();
            var correct = 0;
            var scored = 0;
            var recall = new Dictionary<string, double>();
            foreach (var subtype in new[] { "BNE", "SNE" })
            {
                var of = Enumerable.Range(0, cells.Length).Where(i => cells[i].Subtype == subtype && counts[i] is not null).Select(i => counts[i]!.Value).ToArray();
                var right = of.Count(n => subtype == "BNE" ? n == 1 : n >= 2);
                correct += right;
                scored += of.Length;
                recall[subtype] = of.Length == 0 ? 0 : right / (double)of.Length;
                histogram[subtype] = new JsonObject(of.GroupBy(n => n).OrderBy(g => g.Key).Select(g => KeyValuePair.Create(g.Key.ToString(), (JsonNode?)g.Count())));
                AnsiConsole.MarkupLine($"{PbcFineClass.Of("neutrophil", subtype)}: {of.Length} cells, lobes {string.Join(", ", of.GroupBy(n => n).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))}; rule met {recall[subtype]:P1}");
            }
            var balanced = (recall["BNE"] + recall["SNE"]) / 2;
            AnsiConsole.MarkupLine($"band = 1 lobe, segmented >= 2: accuracy [bold]{correct / (double)Math.Max(1, scored):P1}[/], balanced {balanced:F3} on {scored} cells");
            if (result.GetValue(output) is { } path)
            {
                var json = new JsonObject
                {
                    ["data"] = Path.GetFileName(Path.TrimEndingDirectorySeparator(result.GetValue(data)!)), ["subset"] = wanted,
                    ["core_fraction"] = result.GetValue(core), ["minimum_lobe_fraction"] = result.GetValue(minimum), ["dark_quantile"] = result.GetValue(dark),
                    ["cells"] = scored, ["accuracy"] = Math.Round(correct / (double)Math.Max(1, scored), 4), ["balanced_accuracy"] = Math.Round(balanced, 4),
                    ["band_one_lobe"] = Math.Round(recall["BNE"], 4), ["segmented_two_or_more"] = Math.Round(recall["SNE"], 4),
                    ["lobes"] = histogram, ["command"] = CommandLineText.Current(),
                };
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            }
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }
}
