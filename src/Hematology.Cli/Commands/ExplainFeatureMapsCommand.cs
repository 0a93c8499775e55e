using System.CommandLine;
using Hematology.ML;
using Hematology.ML.Explain;
using Hematology.ML.Networks;
using Spectre.Console;
using TorchSharp;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato explain featuremaps</c>: channels of one layer for each cell, for the model and, side by side, the
/// same architecture with ImageNet weights (or another model of it): what fine-tuning changed (thesis ch. 4.6.1).
/// </summary>
internal static class ExplainFeatureMapsCommand
{
    private const string ImageNet = "imagenet";

    public static Command Create()
    {
        var inputs = new Argument<string[]>("images") { Description = "Image files and/or folders (searched recursively)", Arity = ArgumentArity.OneOrMore };
        var model = CommonOptions.Model();
        var compare = new Option<string?>("--compare")
        {
            Description = "Second row: 'imagenet' (the architecture with its ImageNet weights; the default where it has them), another model of the same architecture, or 'none'",
        };
        var layer = new Option<string?>("--layer") { Description = "Layer by dotted name (default: the middle convolutional block, whose maps still show the cell's outline)" };
        var channels = new Option<string?>("--channels") { Description = "Channels to show, e.g. 0,5,17 (default: the --top strongest for each cell)" };
        var top = new Option<int>("--top") { DefaultValueFactory = _ => 8, Description = "How many of the most active channels to show when --channels is not given" };
        var output = ExplainCommand.Output();
        var device = CommonOptions.Device();
        var command = new Command("featuremaps", "Feature maps of a layer for each cell, the model beside ImageNet weights (dark = weak, light = strong)")
            { inputs, model, compare, layer, channels, top, output, device };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var deviceName = result.GetValue(device)!;
            var (owner, network, name) = ExplainCommand.LoadNetwork(result.GetValue(model), deviceName);
            using var disposeOwner = owner;
            var (second, secondName, disposeSecond) = Comparison(network, result.GetValue(compare), deviceName);
            using var disposeSecondOwner = disposeSecond;
            var side = network.Header.InputSize;
            var blocks = NetworkLayers.SpatialBlocks(network.Network, side, network.Device);
            var layerName = result.GetValue(layer) ?? blocks[blocks.Count / 2].Name;
            var images = ExplainCommand.ReadImages(result.GetValue(inputs)!);
            var folder = result.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var fixedChannels = ParseChannels(result.GetValue(channels));
            var page = new ExplanationPage($"Feature maps of {name}, layer {layerName}")
                .Paragraph($"Rows: {name}{(second is null ? "" : $", then {secondName}")}. Columns: the cell, then channels of layer {layerName}, each scaled to its own range (dark = weak, light = strong).");
            foreach (var chunk in images.Chunk(network.BatchSize))
            {
                ct.ThrowIfCancellationRequested();
                var batch = network.ToInputBatch(chunk.Select(c => c.Image).ToArray());
                var mine = FeatureMaps.Extract(network.Network, batch, layerName, network.Device);
                var theirs = second is null ? null : FeatureMaps.Extract(second, batch, layerName, network.Device);
                for (var i = 0; i < chunk.Length; i++)
                {
                    var shown = fixedChannels ?? mine[i].StrongestChannels(result.GetValue(top));
                    var rows = theirs is null ? new[] { mine[i] } : new[] { mine[i], theirs[i] };
                    var png = chunk[i].Stem + "-featuremaps.png";
                    ExplainCommand.WritePng(folder, png, FeatureMaps.Grid(chunk[i].Image, rows, shown));
                    page.Figure(png, $"{Path.GetFileName(chunk[i].File)}: channels {string.Join(", ", shown)} of {mine[i].Channels} ({mine[i].Side}x{mine[i].Side} maps)");
                }
            }
            page.Write(Path.Combine(folder, "index.html"));
            AnsiConsole.MarkupLine($"Wrote feature maps of layer {Markup.Escape(layerName)} for {images.Count} cell(s) and index.html to {Markup.Escape(folder)}.");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }

    private static (torch.nn.Module<torch.Tensor, torch.Tensor>? Network, string Name, IDisposable? Owner) Comparison(NetworkCellClassifier network, string? compare, string device)
    {
        var architecture = network.Header.Network;
        var hasImageNet = NetworkRegistry.Describe(architecture).ImportPretrained is not null;
        if (string.Equals(compare, "none", StringComparison.OrdinalIgnoreCase) || (compare is null && !hasImageNet)) return (null, "", null);
        if (compare is null || string.Equals(compare, ImageNet, StringComparison.OrdinalIgnoreCase))
        {
            var imageNet = NetworkRegistry.Create(architecture, network.Classes.Count, network.Header.InputSize, device, pretrained: true);
            return (imageNet, $"{architecture} with ImageNet weights", imageNet);
        }
        var (owner, other, name) = ExplainCommand.LoadNetwork(compare, device);
        if (other.Header.Network != architecture)
        {
            owner.Dispose();
            throw new HematologyException($"'{name}' is a {other.Header.Network}, not a {architecture}: feature maps compare one architecture with two sets of weights.");
        }
        return (other.Network, name, owner);
    }

    private static int[]? ParseChannels(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Select(p => int.TryParse(p, out var k) && k >= 0 ? k : throw new HematologyException($"--channels: '{p}' is not a channel number.")).ToArray();
    }
}
