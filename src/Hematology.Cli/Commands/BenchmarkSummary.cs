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
        var path = Path.Combine(directory, "SUMMARY.md");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static string Pct(JsonNode? value) => value is null ? "-" : ((double)value * 100).ToString("F2", CultureInfo.InvariantCulture) + " %";
    private static string Num(JsonNode? value) => value is null ? "-" : ((double)value).ToString("F3", CultureInfo.InvariantCulture);
}
