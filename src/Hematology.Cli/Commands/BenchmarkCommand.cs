using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hematology.ML;
using Hematology.ML.Evaluation;
using Hematology.ML.Features;
using Hematology.ML.Performance;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato benchmark features</c>: the protocol behind every reported figure: k-fold
/// cross-validation on the training split, a fit on all of it, then one evaluation on the test split.
/// </summary>
internal static class BenchmarkCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var split = CommonOptions.Split();
        split.Required = true;
        var cache = CommonOptions.Cache();
        var classifiers = new Option<string>("--classifiers") { Description = "Comma-separated classifier names", Required = true };
        var blocks = CommonOptions.Blocks();
        var views = CommonOptions.Views();
        var grouping = TrainCommand.GroupingOption();
        var seed = TrainCommand.SeedOption();
        var folds = new Option<int>("--cv") { Description = "Cross-validation folds on the training split", DefaultValueFactory = _ => 5 };
        var resultsDir = new Option<string>("--results-dir") { Description = "Folder for the result JSON files and SUMMARY.md", DefaultValueFactory = _ => Path.Combine("benchmarks", "results") };
        var features = new Command("features", "Cross-validate, fit and test feature classifiers; write benchmarks/results/*.json")
            { data, split, cache, classifiers, blocks, views, grouping, seed, folds, resultsDir };
        features.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var names = result.GetValue(classifiers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length == 0) throw new HematologyException("--classifiers names no classifier.");
            foreach (var name in names) TrainCommand.Options(result, name, blocks, views, grouping, seed, cache); // all names checked before hours of work
            var first = TrainCommand.Options(result, names[0], blocks, views, grouping, seed, cache);
            var train = CommonOptions.LoadFolder(result.GetValue(data)!, result.GetValue(split), "train");
            var test = CommonOptions.LoadFolder(result.GetValue(data)!, result.GetValue(split), "test");
            var featurizer = new FeatureCellClassifierTrainer(first);
            var trainSet = TrainCommand.Featurize(featurizer, train.Samples, ct);
            var testSet = TrainCommand.Featurize(featurizer, test.Samples, ct);
            var directory = result.GetValue(resultsDir)!;
            Directory.CreateDirectory(directory);
            foreach (var name in names)
            {
                var trainer = new FeatureCellClassifierTrainer(first with { Classifier = name });
                var k = result.GetValue(folds);
                var cv = k > 1 ? ConsoleProgress.Run($"{k}-fold CV: {name}", 100, false, p => trainer.CrossValidate(trainSet, k, new TrainCommand.Scaled(p), ct)) : null;
                var started = DateTime.UtcNow;
                using var model = ConsoleProgress.Run($"Fit: {name}", 100, false, p => trainer.Fit(trainSet, null, new TrainCommand.Scaled(p), ct));
                var fitSeconds = (DateTime.UtcNow - started).TotalSeconds;
                var metrics = FeatureCellClassifierTrainer.Score(model, testSet, Enumerable.Range(0, testSet.Samples.Count).ToArray());
                var evaluation = EvaluationResult.From(metrics, testSet.Skipped.Count, name, "test split");
                var file = Path.Combine(directory, $"features-{Slug(first.Spec)}-{name}.json");
                File.WriteAllText(file, ResultJson(first.Spec, name, first.Seed, trainSet, testSet, cv, evaluation, fitSeconds).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
                AnsiConsole.MarkupLine($"[bold]{name}[/] ({first.Spec}): CV {(cv is null ? "-" : $"{cv.MeanAccuracy:P2} ± {cv.StdAccuracy:P2}")}, test [bold]{metrics.Accuracy:P2}[/], macro F1 {metrics.Macro.F1:F3}, fit {fitSeconds:F0} s -> {file}");
            }
            BenchmarkSummary.Write(directory);
            return Task.FromResult(CommandRunner.Success);
        }, ct));

        var summaryDir = new Option<string>("--results-dir") { Description = "Folder of result JSON files", DefaultValueFactory = _ => Path.Combine("benchmarks", "results") };
        var summary = new Command("summary", "Rewrite SUMMARY.md from the result JSON files") { summaryDir };
        summary.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            Console.WriteLine($"Wrote {BenchmarkSummary.Write(result.GetValue(summaryDir)!)}");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return new Command("benchmark", "Reproducible experiments whose results go to benchmarks/results") { features, summary, NetworkBenchmarkCommand.Create(), PerformanceBenchmarkCommand.Create(), ShiftBenchmarkCommand.Create(), DetectBenchmarkCommand.Create(), LobesBenchmarkCommand.Create() };
    }

    private static string Slug(FeatureSpec spec) =>
        string.Join('+', spec.Blocks.Select(b => b switch { FeatureBlocks.ResNet18 => "resnet18", FeatureBlocks.ColourHistogram => "hist", FeatureBlocks.Morphology => "morph", _ => b }))
        + $"-{spec.SourceResolution}px-v{spec.Views}";

    private static JsonObject ResultJson(FeatureSpec spec, string classifier, int seed, FeatureTrainingSet train, FeatureTrainingSet test,
        CrossValidationSummary? cv, EvaluationResult evaluation, double fitSeconds)
    {
        var testJson = JsonNode.Parse(EvaluationJson.Serialize(evaluation))!.AsObject();
        testJson.Remove("roc");
        return new JsonObject
        {
            ["kind"] = "feature-classifier",
            ["command"] = CommandLineText.Current(),
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["machine"] = Machine(),
            ["classifier"] = classifier,
            ["features"] = spec.ToString(),
            ["feature_count"] = spec.Length,
            ["views"] = spec.Views,
            ["source_resolution"] = spec.SourceResolution,
            ["seed"] = seed,
            ["train_images"] = train.Samples.Count,
            ["test_images"] = test.Samples.Count,
            ["cv"] = cv is null ? null : JsonNode.Parse(EvaluationJson.Serialize(cv)),
            ["fit_seconds"] = Math.Round(fitSeconds, 1),
            ["test"] = testJson,
        };
    }

    internal static JsonObject Machine()
    {
        var machine = MachineDescription.Current();
        return new()
        {
            ["os"] = machine.Os,
            ["cpu_cores"] = machine.Cores,
            ["cpu"] = machine.Cpu,
            ["runtime"] = machine.Runtime,
        };
    }
}
