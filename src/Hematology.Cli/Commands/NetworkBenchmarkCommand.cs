using System.CommandLine;
using Hematology.ML.Networks;
using Hematology.ML.Performance;
using Hematology.ML.Runtime;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato benchmark network</c>: training and inference speed of a registered network on this machine,
/// on random batches. Run it with <c>HEMATOLOGY_ML_GLIBC_TUNING=off</c> to see what the allocator fix is worth.
/// </summary>
internal static class NetworkBenchmarkCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--network") { Description = $"Network name: {string.Join(", ", NetworkRegistry.Names)}", Required = true };
        var size = new Option<int?>("--size") { Description = "Input side in pixels (default: the network's own)" };
        var batch = new Option<int>("--batch") { Description = "Images per step", DefaultValueFactory = _ => 32 };
        var steps = new Option<int>("--steps") { Description = "Timed steps (after two warm-up steps)", DefaultValueFactory = _ => 10 };
        var classes = new Option<int>("--classes") { Description = "Number of classes", DefaultValueFactory = _ => 8 };
        var device = CommonOptions.Device();
        var command = new Command("network", "Time training steps and inference of a network (random pixels)") { name, size, batch, steps, classes, device };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var networkName = result.GetValue(name)!;
            var inputSize = result.GetValue(size) ?? NetworkRegistry.Describe(networkName).DefaultInputSize;
            var target = TorchRuntime.EnsureInitialized(result.GetValue(device)!);
            using var network = NetworkRegistry.Create(networkName, result.GetValue(classes), inputSize, result.GetValue(device)!);
            var outputs = network.parameters().Last().shape[0];
            var speed = NetworkThroughput.Measure(network, (int)outputs, inputSize, result.GetValue(batch), result.GetValue(steps), target);
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(networkName)}[/] at {inputSize}px, batch {result.GetValue(batch)}, {target}, " +
                $"allocator {TorchRuntime.AllocatorOutcome}, {TorchSharp.torch.get_num_threads()} threads: " +
                $"train [bold]{speed.TrainImagesPerSecond:F1}[/] images/s, inference [bold]{speed.InferImagesPerSecond:F1}[/] images/s");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }
}
