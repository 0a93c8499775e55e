using System.CommandLine;
using System.Text.Json.Nodes;
using Hematology.ML.Datasets;
using Hematology.ML.Explain;
using Hematology.ML.Explain.Embedding;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato explain tsne</c>: labelled cells embedded in 2-D twice, from raw pixels and from the model's learned
/// features, with the k-NN accuracy of each embedding (thesis ch. 4.6.1: pixels do not separate the classes).
/// </summary>
internal static class ExplainTsneCommand
{
    public static Command Create()
    {
        var data = new Argument<string>("data") { Description = "Folder with one sub-folder per class (e.g. the PBC set, or dysplastic/ and normal/ neutrophils)" };
        var model = CommonOptions.Model();
        var split = CommonOptions.Split();
        var subset = CommonOptions.Subset();
        var limit = new Option<int>("--limit") { Description = "Use at most this many cells, drawn evenly from the classes with --seed (0: all)" };
        var perplexity = new Option<double>("--perplexity") { DefaultValueFactory = _ => 30, Description = "t-SNE perplexity (effective neighbours)" };
        var iterations = new Option<int>("--iterations") { DefaultValueFactory = _ => 1000, Description = "t-SNE optimisation steps" };
        var seed = TrainCommand.SeedOption();
        var k = new Option<int>("--k") { DefaultValueFactory = _ => 5, Description = "k of the k-NN accuracy" };
        var results = new Option<string?>("--results") { Description = "Also write the figures as JSON here (e.g. benchmarks/results/tsne-pbc8-test.json)" };
        var output = ExplainCommand.Output();
        var device = CommonOptions.Device();
        var command = new Command("tsne", "t-SNE of raw pixels vs the model's learned features, coloured by class, with 2-D k-NN accuracies")
            { data, model, split, subset, limit, perplexity, iterations, seed, k, results, output, device };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var (owner, network, name) = ExplainCommand.LoadNetwork(result.GetValue(model), result.GetValue(device)!);
            using var disposeOwner = owner;
            var folder = CommonOptions.LoadFolder(result.GetValue(data)!, result.GetValue(split), result.GetValue(subset));
            CommonOptions.ReportSkipped(folder.Skipped);
            var cells = Draw(folder.Samples, result.GetValue(limit), result.GetValue(seed));
            var options = new TsneOptions { Perplexity = result.GetValue(perplexity), Iterations = result.GetValue(iterations), Seed = result.GetValue(seed) };
            var comparison = AnsiConsole.Status().Start($"t-SNE of {cells.Count} cells", status =>
                TsneComparison.Run(network, cells, options, result.GetValue(k), progress: new Progress<string>(s => status.Status(Markup.Escape(s))), cancellationToken: ct));
            CommonOptions.ReportSkipped(comparison.Skipped);

            var outputFolder = result.GetValue(output)!;
            Directory.CreateDirectory(outputFolder);
            var page = new ExplanationPage($"t-SNE of {comparison.Labels.Length} cells: raw pixels vs {name}'s learned features")
                .Paragraph($"Each point is a cell, coloured by its class. Left: the centre square at 32x32 pixels ({comparison.Pixels.Dimensions} values). " +
                           $"Right: the {comparison.Features.Dimensions} values entering the last fully-connected layer of {name}. Perplexity {comparison.Perplexity:0.##}, {options.Iterations} steps, seed {options.Seed}.");
            foreach (var view in new[] { comparison.Pixels, comparison.Features })
            {
                var png = $"tsne-{view.Name.Replace(' ', '-')}.png";
                File.WriteAllBytes(Path.Combine(outputFolder, png), EmbeddingPlots.ScatterPng(view.Embedding, comparison.Labels, comparison.Classes,
                    $"{view.Name}: {comparison.K}-NN accuracy {view.KnnAccuracy2D:P1} in 2-D"));
                page.Figure(png, $"{view.Name} ({view.Dimensions} values per cell)");
            }
            page.Table(["view", "values per cell", $"{comparison.K}-NN accuracy in 2-D", $"{comparison.K}-NN accuracy in the original space"],
                new[] { comparison.Pixels, comparison.Features }.Select(v => (IReadOnlyList<string>)[v.Name, v.Dimensions.ToString(), $"{v.KnnAccuracy2D:P1}", $"{v.KnnAccuracyOriginal:P1}"]));
            page.Write(Path.Combine(outputFolder, "index.html"));

            var json = ToJson(comparison, name, result, options);
            CommonOptions.WriteResults(Path.Combine(outputFolder, "tsne.json"), json);
            if (result.GetValue(results) is { } resultsPath) CommonOptions.WriteResults(resultsPath, json.DeepClone());
            AnsiConsole.MarkupLine($"{comparison.K}-NN accuracy in 2-D: raw pixels {comparison.Pixels.KnnAccuracy2D:P1}, learned features {comparison.Features.KnnAccuracy2D:P1}.");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }

    // Evenly from the classes, so a small --limit still shows every class.
    private static IReadOnlyList<CellSample> Draw(IReadOnlyList<CellSample> samples, int limit, int seed)
    {
        if (limit <= 0 || limit >= samples.Count) return samples;
        var random = new Random(seed);
        var byClass = samples.GroupBy(s => s.CellClass).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Queue<CellSample>(g.OrderBy(_ => random.Next()))).ToList();
        var drawn = new List<CellSample>();
        while (drawn.Count < limit)
            foreach (var queue in byClass.Where(q => q.Count > 0))
                if (drawn.Count < limit) drawn.Add(queue.Dequeue());
        return drawn;
    }

    private static JsonObject ToJson(EmbeddingComparison comparison, string model, System.CommandLine.ParseResult result, TsneOptions options)
    {
        JsonObject View(EmbeddingView v) => new()
        {
            ["values_per_cell"] = v.Dimensions, ["knn_accuracy_2d"] = Math.Round(v.KnnAccuracy2D, 4), ["knn_accuracy_original_space"] = Math.Round(v.KnnAccuracyOriginal, 4),
        };
        return new JsonObject
        {
            ["command"] = CommandLineText.Current(), ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd"), ["model"] = model,
            ["data"] = result.GetValue<string>("data"), ["subset"] = result.GetValue<string?>("--subset"), ["cells"] = comparison.Labels.Length,
            ["classes"] = new JsonObject(comparison.Classes.Select(c => KeyValuePair.Create(c, (JsonNode?)comparison.Labels.Count(l => l == c)))),
            ["tsne"] = new JsonObject { ["perplexity"] = Math.Round(comparison.Perplexity, 2), ["iterations"] = options.Iterations, ["seed"] = options.Seed,
                ["method"] = comparison.Labels.Length <= Tsne.AutoExactMaxPoints ? "exact" : $"barnes-hut (theta {options.Theta})" },
            ["k"] = comparison.K, ["raw_pixels_32px"] = View(comparison.Pixels), ["learned_features"] = View(comparison.Features),
        };
    }
}
