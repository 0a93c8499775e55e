using System.CommandLine;
using System.Text.Json.Nodes;
using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Evaluation;
using Hematology.ML.Features;
using Hematology.ML.Features.Classifiers;
using Hematology.ML.Models;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary><c>hemato train features</c>: deep + quantitative features into a named classifier.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var split = CommonOptions.Split();
        var subset = CommonOptions.Subset();
        var cache = CommonOptions.Cache();
        var classifier = ClassifierOption();
        var blocks = CommonOptions.Blocks();
        var views = CommonOptions.Views();
        var grouping = GroupingOption();
        var seed = SeedOption();
        var cv = new Option<int>("--cv") { Description = "Folds of cross-validation on the training images before the final fit (0 = none)", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--output") { Description = "Model file to write; its manifest is written beside it (.json)", Required = true };
        var name = new Option<string?>("--name") { Description = "Model name in the manifest (default: the file name)" };
        var isDefault = new Option<bool>("--default") { Description = "Mark the model as the default of its folder's catalogue (for shipped models)" };
        var features = new Command("features", "Train a feature-based cell classifier (ImageNet ResNet-18 + quantitative features)")
            { data, split, subset, cache, classifier, blocks, views, grouping, seed, cv, output, name, isDefault };
        features.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var subsetName = result.GetValue(subset) ?? (result.GetValue(split) is null ? null : "train");
            var folder = CommonOptions.LoadFolder(result.GetValue(data)!, result.GetValue(split), subsetName);
            var options = Options(result, result.GetValue(classifier)!, blocks, views, grouping, seed, cache);
            var trainer = new FeatureCellClassifierTrainer(options);
            var set = Featurize(trainer, folder.Samples, ct);

            var metrics = new JsonObject();
            if (result.GetValue(cv) is var folds and > 1)
            {
                var summary = ConsoleProgress.Run($"{folds}-fold cross-validation ({options.Classifier})", 100, false,
                    p => trainer.CrossValidate(set, folds, new Scaled(p), ct));
                AnsiConsole.MarkupLine($"Cross-validation: accuracy [bold]{summary.MeanAccuracy:P2}[/] ± {summary.StdAccuracy:P2}, macro F1 {summary.MeanMacroF1:F3} ± {summary.StdMacroF1:F3}");
                metrics["cv_folds"] = folds;
                metrics["cv_accuracy_mean"] = Math.Round(summary.MeanAccuracy, 4);
                metrics["cv_accuracy_std"] = Math.Round(summary.StdAccuracy, 4);
                metrics["cv_macro_f1_mean"] = Math.Round(summary.MeanMacroF1, 4);
            }
            var started = DateTime.UtcNow;
            using var model = ConsoleProgress.Run($"Fitting {options.Classifier} on {set.Samples.Count} images", 100, false,
                p => trainer.Fit(set, null, new Scaled(p), ct));
            metrics["fit_seconds"] = Math.Round((DateTime.UtcNow - started).TotalSeconds, 1);

            var outputPath = result.GetValue(output)!;
            model.Save(outputPath);
            var manifest = new ModelManifest
            {
                Name = result.GetValue(name) ?? Path.GetFileNameWithoutExtension(outputPath),
                Kind = "features",
                File = Path.GetFileName(outputPath),
                InputSize = options.Spec.SourceResolution,
                Classes = model.Classes,
                Description = $"ImageNet ResNet-18 (ONNX) + {string.Join(" + ", options.Spec.Blocks.Skip(1))} features, {options.Spec.Views} view(s), {options.Classifier}",
                Command = CommandLineText.Current(),
                Seed = options.Seed,
                DataSplit = $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(folder.Root))}" + (subsetName is null ? "" : $", {Path.GetFileName(result.GetValue(split))}: {subsetName} ({set.Samples.Count} images)"),
                Date = DateTime.UtcNow.ToString("yyyy-MM-dd"),
                Metrics = metrics,
                IsDefault = result.GetValue(isDefault),
            };
            manifest.Write(Path.ChangeExtension(outputPath, ".json"));
            Console.WriteLine($"Model: {outputPath} ({new FileInfo(outputPath).Length / 1024.0:F0} KiB), manifest beside it.");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return new Command("train", "Train cell classifiers") { features, TrainCnnCommand.Create(), TrainEnsembleCommand.Create() };
    }

    public static Option<string> ClassifierOption() => new("--classifier")
    {
        Description = $"Classifier: {string.Join(", ", FeatureClassifierCatalog.Names)}",
        DefaultValueFactory = _ => FeatureClassifierCatalog.MaximumEntropy,
    };

    public static Option<string> GroupingOption() => new("--labels")
    {
        Description = "Label grouping: pbc8, thesis-groups, or a JSON file",
        DefaultValueFactory = _ => LabelGrouping.Pbc8.Name,
    };

    public static Option<int> SeedOption() => new("--seed") { Description = "Seed of folds and solvers", DefaultValueFactory = _ => 0 };

    public static FeatureTrainingOptions Options(System.CommandLine.ParseResult result, string name, Option<string> blocks,
        Option<int> views, Option<string> grouping, Option<int> seed, Option<string?> cache)
    {
        if (!FeatureClassifierCatalog.Names.Contains(name))
            throw new ML.HematologyException($"Unknown classifier '{name}'; known: {string.Join(", ", FeatureClassifierCatalog.Names)}.");
        return new FeatureTrainingOptions
        {
            Spec = FeatureSpec.Parse(result.GetValue(blocks)!, views: result.GetValue(views)),
            Classifier = name,
            Grouping = LabelGrouping.Resolve(result.GetValue(grouping)!),
            Seed = result.GetValue(seed),
            Cache = CommonOptions.OpenCache(result.GetValue(cache)),
        };
    }

    public static FeatureTrainingSet Featurize(FeatureCellClassifierTrainer trainer, IReadOnlyList<CellSample> samples, CancellationToken ct)
    {
        var set = ConsoleProgress.Run($"Featurising {samples.Count} images ({trainer.Options.Spec})", samples.Count, false,
            p => trainer.Featurize(samples, p, ct));
        CommonOptions.ReportSkipped(set.Skipped);
        return set;
    }

    // Trainers report fractions; the bars count to 100.
    internal sealed class Scaled(IProgress<int> inner) : IProgress<double>
    {
        public void Report(double value) => inner.Report((int)Math.Round(value * 100));
    }
}
