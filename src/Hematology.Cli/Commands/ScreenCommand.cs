using System.CommandLine;
using Hematology.ML.Screening;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato screen &lt;smear folder&gt;</c>: the thesis's modular system on one smear: differential count,
/// DysplasiaNet scores of the neutrophils, dysplastic fraction, stain control and one decision.
/// </summary>
internal static class ScreenCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("smear") { Description = "Folder of one smear's cell images (searched recursively)" };
        var output = new Option<string?>("--output") { Description = "Write the JSON report here" };
        var html = new Option<string?>("--html") { Description = "Write the HTML report (thumbnails of flagged neutrophils) here" };
        var json = CommonOptions.Json();
        var options = new ScreeningOptions();
        var command = new Command("screen", "Screen a smear for MDS: eight-class model, neutrophils to DysplasiaNet, dysplastic fraction, decision") { folder, output, html, json };
        foreach (var option in options.All) command.Options.Add(option);
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var (path, manifest) = options.ResolveDysplasia(result);
            var thresholds = options.LoadThresholds(result, manifest);
            var (pipeline, simulated, parts) = options.Build(result, thresholds, path, manifest);
            using var disposeParts = parts;
            var smear = result.GetValue(folder)!;
            var screening = pipeline.Screen(smear, null, ct);
            CommonOptions.ReportSkipped(screening.Skipped);
            if (result.GetValue(output) is { } o) ScreeningReport.WriteJson(screening, o);
            if (result.GetValue(html) is { } h) ScreeningReport.WriteHtml(screening, h, pipeline.ExplainFlagged(screening, cancellationToken: ct));
            if (result.GetValue(json))
            {
                Console.WriteLine(ScreeningReport.ToJson(screening).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                return Task.FromResult(CommandRunner.Success);
            }
            if (simulated) AnsiConsole.MarkupLine("[yellow]SIMULATED TRAINING: DysplasiaNet and its thresholds learned from simulated dysplasia; not clinical.[/]");
            var table = new Table().Title("Differential count").AddColumns("Class", "Cells");
            foreach (var (c, n) in screening.Differential) table.AddRow(c, n.ToString());
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{screening.Neutrophils.Count} neutrophils, {screening.DysplasticNeutrophils} dysplastic (score >= {thresholds.DysplasiaCutoff:F3}): " +
                                   $"dysplastic fraction {screening.DysplasticFraction:P1} (threshold {thresholds.SmearThreshold:P1}); stain control {screening.Stain.Status}.");
            AnsiConsole.MarkupLine($"Decision: [bold]{screening.Decision.ToText()}[/]");
            if (screening.Domain?.Warning is { } warning) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(warning)}[/]");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }
}
