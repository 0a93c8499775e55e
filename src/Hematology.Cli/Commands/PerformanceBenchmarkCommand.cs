using System.CommandLine;
using Hematology.ML;
using Hematology.ML.Models;
using Hematology.ML.Performance;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato benchmark performance</c>: the speed figures of benchmarks/README.md in one JSON (issue 6):
/// smear screening time, cells per second per model, ResNet-18 in ONNX Runtime vs TorchSharp, percent of
/// the matmul peak per network, training speed by thread count.
/// </summary>
internal static class PerformanceBenchmarkCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Every measurement once on token amounts (a smoke test of the run; the numbers are not figures)" };
        var device = CommonOptions.Device();
        var threads = new Option<int>("--threads") { Description = "Intra-op threads of libtorch and ONNX Runtime", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string?>("--output") { Description = "Results JSON (default benchmarks/results/performance.json, or performance-quick.json with --quick)" };
        var cells = new Option<string>("--cells") { Description = "Cell images to time the models on", DefaultValueFactory = _ => Path.Combine("samples", "pbc-sample") };
        var smearFrom = new Option<string[]>("--smear-from")
        {
            Description = "Folders the 200-cell benchmark smear is copied from, in order",
            DefaultValueFactory = _ => [Path.Combine("samples", "smear-sample"), Path.Combine("samples", "pbc-sample")],
            AllowMultipleArgumentsPerToken = true,
        };
        var smearCells = new Option<int?>("--smear-cells") { Description = "Cells in the benchmark smear (default 200)" };
        var command = new Command("performance", "Time smear screening, every shipped model, ONNX Runtime vs TorchSharp, FLOP rates and training; write one JSON")
            { quick, device, threads, output, cells, smearFrom, smearCells };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var isQuick = result.GetValue(quick);
            if (result.GetValue(threads) < 1) throw new HematologyException("--threads must be at least 1.");
            var path = result.GetValue(output) ?? Path.Combine("benchmarks", "results", isQuick ? "performance-quick.json" : "performance.json");
            var work = Directory.CreateTempSubdirectory("hemato-performance-").FullName;
            try
            {
                var plan = isQuick ? PerformancePlan.Quick : PerformancePlan.Full;
                if (result.GetValue(smearCells) is { } n) plan = plan with { SmearCells = n >= 1 ? n : throw new HematologyException("--smear-cells must be at least 1.") };
                var runner = new PerformanceRunner(new PerformanceOptions(plan, ModelCatalog.Shipped(),
                    result.GetValue(cells)!, result.GetValue(smearFrom)!, work, result.GetValue(device)!, result.GetValue(threads)));
                var report = ConsoleProgress.Run("Performance benchmarks", runner.Stages, false, p => runner.Run(p, ct));
                CommonOptions.WriteResults(path, report.ToJson(CommandLineText.Current()));
                Print(report);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }

    private static void Print(PerformanceReport report)
    {
        var smear = report.SmearScreening;
        AnsiConsole.MarkupLine($"{smear.Cells}-cell smear screened in [bold]{smear.Warm.Median:F2} s[/] (median of {smear.Warm.Seconds.Count}; cold {smear.ColdSeconds:F2} s; target {smear.TargetSeconds:F0} s: {(smear.WithinTarget ? "met" : "[yellow]not met[/]")})");
        var models = new Table().AddColumns("model", "cells/s, batch 1", $"cells/s, batch {report.Plan.BatchSize}");
        foreach (var m in report.Models) models.AddRow(Markup.Escape(m.Model), $"{m.BatchOfOne.EndToEndCellsPerSecond:F1}", $"{m.Batched.EndToEndCellsPerSecond:F1}");
        AnsiConsole.Write(models);
        foreach (var r in report.ResNet18Runtimes.Speeds)
            AnsiConsole.MarkupLine($"ResNet-18 batch {r.Batch}: ONNX Runtime {r.OnnxRuntimeImagesPerSecond:F1}, TorchSharp {r.TorchSharpImagesPerSecond:F1} images/s, ratio [bold]{r.OnnxRuntimeToTorchSharp:F2}[/]");
        var networks = new Table().AddColumns("network", "GFLOP/image", "GFLOP/s", "% of matmul peak");
        foreach (var n in report.Networks)
            networks.AddRow($"{Markup.Escape(n.Case.Network)}@{n.Case.InputSize}", $"{n.Flops.Gflop:F3}", $"{n.InferenceGflops:F1}", $"{n.InferencePercentOfPeak:F0} %");
        AnsiConsole.Write(networks);
        if (report.Quick) AnsiConsole.MarkupLine("[yellow]--quick: a smoke run on token amounts; these are not figures.[/]");
    }
}
