using System.CommandLine;
using Hematology.ML.Features;

namespace Hematology.Cli.Commands;

/// <summary><c>hemato features</c>: featurise a folder once so later training and evaluation read the cache.</summary>
internal static class FeaturesCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var split = CommonOptions.Split();
        var subset = CommonOptions.Subset();
        var cache = CommonOptions.Cache();
        var blocks = CommonOptions.Blocks();
        var views = CommonOptions.Views();
        var command = new Command("features", "Compute and cache the features of a folder of cell images") { data, split, subset, cache, blocks, views };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var folder = CommonOptions.LoadFolder(result.GetValue(data)!, result.GetValue(split), result.GetValue(subset));
            var spec = FeatureSpec.Parse(result.GetValue(blocks)!, views: result.GetValue(views));
            using var extractor = new CellFeatureExtractor(spec, CommonOptions.OpenCache(result.GetValue(cache)));
            var started = DateTime.UtcNow;
            var extraction = ConsoleProgress.Run($"Featurising {folder.Samples.Count} images", folder.Samples.Count, false,
                p => extractor.Extract(folder.Samples.Select(s => s.Path).ToArray(), p, ct));
            CommonOptions.ReportSkipped(extraction.Skipped);
            var seconds = (DateTime.UtcNow - started).TotalSeconds;
            Console.WriteLine($"{folder.Samples.Count - extraction.Skipped.Count} images featurised ({spec}), {extraction.Skipped.Count} skipped, {seconds:F0} s ({folder.Samples.Count / Math.Max(seconds, 1e-3):F1} images/s).");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }
}
