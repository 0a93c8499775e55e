using System.CommandLine;
using Hematology.ML.Explain;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary><c>hemato explain gradcam</c>: where in each cell the network found the evidence for a class.</summary>
internal static class ExplainGradCamCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("images") { Description = "Image files and/or folders (searched recursively)", Arity = ArgumentArity.OneOrMore };
        var model = CommonOptions.Model();
        var cls = new Option<string?>("--class") { Description = "Class to explain (default: each cell's predicted class)" };
        var layer = ExplainCommand.Layer();
        var size = new Option<int>("--size") { DefaultValueFactory = _ => 256, Description = "Side of each overlay in pixels" };
        var output = ExplainCommand.Output();
        var device = CommonOptions.Device();
        var command = new Command("gradcam", "Grad-CAM heatmaps over cell images (a colour scale from blue, no evidence, to red, the strongest)")
            { inputs, model, cls, layer, size, output, device };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var (owner, network, name) = ExplainCommand.LoadNetwork(result.GetValue(model), result.GetValue(device)!);
            using var disposeOwner = owner;
            var gradCam = new GradCam(network, result.GetValue(layer));
            var images = ExplainCommand.ReadImages(result.GetValue(inputs)!);
            var folder = result.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var maps = ConsoleProgress.Run($"Grad-CAM of {images.Count} cells", images.Count, false, p =>
            {
                var all = new List<CellHeatmap>();
                foreach (var chunk in images.Chunk(network.BatchSize))
                {
                    all.AddRange(gradCam.Explain(chunk.Select(i => i.Image).ToArray(), result.GetValue(cls), ct));
                    p.Report(all.Count);
                }
                return all;
            });
            var page = new ExplanationPage($"Grad-CAM of {name}")
                .Paragraph($"Layer {gradCam.Layer}; class explained: {result.GetValue(cls) ?? "each cell's predicted class"}. Colour scale per cell: blue (no evidence) to red (strongest), bar on the right; the cell shows through where the network found nothing.");
            for (var i = 0; i < images.Count; i++)
            {
                var png = images[i].Stem + "-gradcam.png";
                ExplainCommand.WritePng(folder, png, HeatmapColours.Overlay(images[i].Image, maps[i], result.GetValue(size)));
                page.Figure(png, $"{Path.GetFileName(images[i].File)}: {maps[i].ExplainedClass} (p = {maps[i].Probability:F2})");
            }
            page.Write(Path.Combine(folder, "index.html"));
            AnsiConsole.MarkupLine($"Wrote {images.Count} Grad-CAM overlay(s) (layer {Markup.Escape(gradCam.Layer)}) and index.html to {Markup.Escape(folder)}.");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }
}
