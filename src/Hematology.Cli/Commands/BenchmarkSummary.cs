using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Hematology.Cli.Commands;

/// <summary>Writes <c>SUMMARY.md</c>: one table row per result file, best test accuracy first.</summary>
internal static class BenchmarkSummary
{
    public static string Write(string directory)
    {
        var rows = Directory.EnumerateFiles(directory, "features-*.json")
            .Select(f => (File: Path.GetFileName(f), Json: JsonNode.Parse(File.ReadAllText(f))!.AsObject()))
            .OrderByDescending(r => (double?)r.Json["test"]?["accuracy"] ?? 0).ToArray();
        var text = new StringBuilder();
        text.AppendLine("# Feature-based cell classifiers on PBC (8 classes)");
        text.AppendLine();
        text.AppendLine("Protocol: features of the 128-pixel working set; k-fold cross-validation on the training split");
        text.AppendLine("(mean ± standard deviation), a fit on the whole training split, then one evaluation on the test split");
        text.AppendLine("(3,078 images). Produced by `hemato benchmark features`; each row's JSON holds the exact command.");
        text.AppendLine();
        text.AppendLine("| classifier | features | CV accuracy | test accuracy (95% CI) | macro F1 | fit (s) | result |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (file, json) in rows)
        {
            var cv = json["cv"] is JsonObject c ? $"{Pct(c["mean_accuracy"])} ± {Pct(c["std_accuracy"])}" : "-";
            var test = json["test"]!;
            var ci = test["accuracy_ci95"]!.AsArray();
            text.AppendLine($"| {json["classifier"]} | {json["features"]} | {cv} | {Pct(test["accuracy"])} ({Pct(ci[0])}-{Pct(ci[1])}) | {Num(test["macro"]?["f1"])} | {json["fit_seconds"]} | [{file}]({file}) |");
        }
        text.AppendLine();
        text.AppendLine("Commands:");
        text.AppendLine();
        foreach (var command in rows.Select(r => r.Json["command"]?.ToString()).Distinct())
            text.AppendLine($"    {command}");
        AppendNetworkRuns(text, directory);
        var path = Path.Combine(directory, "SUMMARY.md");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>
    /// The trained networks and ensembles: every evaluation <c>*-test.json</c> (one with an accuracy) that is not a feature
    /// benchmark, with the run's manifest (<c>&lt;run&gt;-manifest.json</c> beside it, or the shipped model's
    /// manifest in <c>models/</c>) for how it was trained.
    /// </summary>
    private static void AppendNetworkRuns(StringBuilder text, string directory)
    {
        var runs = Directory.EnumerateFiles(directory, "*-test.json").Where(f => !Path.GetFileName(f).StartsWith("features-", StringComparison.Ordinal))
            .Select(f => (File: Path.GetFileName(f), Json: JsonNode.Parse(File.ReadAllText(f))!.AsObject(), Manifest: ManifestFor(f)))
            // Other results share the name ending (the t-SNE of the test split): only evaluations have an accuracy interval.
            .Where(r => r.Json["accuracy_ci95"] is JsonArray)
            .OrderByDescending(r => (double?)r.Json["accuracy"] ?? 0).ToArray();
        if (runs.Length == 0) return;
        text.AppendLine();
        text.AppendLine("# Trained networks, ensembles and shipped models on PBC (8 classes)");
        text.AppendLine();
        text.AppendLine("Protocol: `hemato train cnn` on the training split of the 128-pixel working set, the epoch with the best");
        text.AppendLine("validation accuracy kept, then one `hemato evaluate` on the test split (3,078 images). Wall times are");
        text.AppendLine("of the 2-core CPU (validation passes included). Each row's manifest holds the exact command.");
        text.AppendLine();
        text.AppendLine("| model | how it was trained | val accuracy | test accuracy (95% CI) | macro F1 | epochs | train wall time | result |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (file, json, manifest) in runs)
        {
            var ci = json["accuracy_ci95"]!.AsArray();
            var metrics = manifest?["metrics"];
            var wall = metrics?["train_wall_seconds"] is { } seconds ? $"{(double)seconds / 60:F0} min" : "-";
            var epochs = metrics?["epochs_run"]?.ToString() ?? "-";
            text.AppendLine($"| {json["model"]} | {manifest?["description"]?.ToString() ?? "-"} | {Pct(metrics?["val_accuracy"])} | {Pct(json["accuracy"])} ({Pct(ci[0])}-{Pct(ci[1])}) | {Num(json["macro"]?["f1"])} | {epochs} | {wall} | [{file}]({file}) |");
        }
        text.AppendLine();
        text.AppendLine("Training commands:");
        text.AppendLine();
        foreach (var command in runs.Select(r => r.Manifest?["command"]?.ToString()).OfType<string>().Distinct())
            text.AppendLine($"    {command}");
    }

    private static JsonObject? ManifestFor(string testJson)
    {
        var directory = Path.GetDirectoryName(testJson)!;
        var beside = Path.Combine(directory, Path.GetFileName(testJson).Replace("-test.json", "-manifest.json"));
        var shipped = Path.Combine(directory, "..", "..", "models", Path.GetFileName(testJson).Replace("-test.json", ".json"));
        var path = File.Exists(beside) ? beside : File.Exists(shipped) ? shipped : null;
        return path is null ? null : JsonNode.Parse(File.ReadAllText(path))?.AsObject();
    }

    private static string Pct(JsonNode? value) => value is null ? "-" : ((double)value * 100).ToString("F2", CultureInfo.InvariantCulture) + " %";
    private static string Num(JsonNode? value) => value is null ? "-" : ((double)value).ToString("F3", CultureInfo.InvariantCulture);
}
