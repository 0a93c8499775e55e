using System.CommandLine;
using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Explain;
using Hematology.ML.Imaging;
using Hematology.ML.Models;
using Hematology.ML.Networks;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato explain gradcam|featuremaps|tsne</c>: the thesis's three ways of opening a model (ch. 4.6.1,
/// 5.4.2, 6.2.2), each writing PNGs and an index.html into --output.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create() =>
        new("explain", "Open a network model: Grad-CAM heatmaps, feature maps of a layer, t-SNE of raw pixels vs learned features")
        {
            ExplainGradCamCommand.Create(), ExplainFeatureMapsCommand.Create(), ExplainTsneCommand.Create(),
        };

    public static Option<string> Output() => new("--output") { Description = "Folder for the PNGs and index.html", Required = true };

    public static Option<string?> Layer() => new("--layer") { Description = "Layer by dotted name (default: the last convolutional block; an unknown name lists the choices)" };

    /// <summary>The network inside a shipped name or model file, with the loaded model that owns it.</summary>
    public static (ICellClassifier Owner, NetworkCellClassifier Network, string Name) LoadNetwork(string? model, string device)
    {
        var catalog = ModelCatalog.Shipped();
        var path = catalog.ResolvePath(model);
        var owner = catalog.LoadClassifier(path, device);
        var name = Path.GetFileNameWithoutExtension(path);
        var network = ExplainableNetwork.Find(owner);
        if (network is null)
        {
            owner.Dispose();
            ExplainableNetwork.Require(owner, name); // throws the user's error
        }
        return (owner, network!, name);
    }

    /// <summary>
    /// The readable images of the command line, in order, with a unique output stem each; unreadable ones are
    /// reported as warnings and listed, and the command goes on with the rest.
    /// </summary>
    public static IReadOnlyList<(string File, string Stem, RgbImage Image)> ReadImages(string[] inputs)
    {
        var folder = CellImageFolder.FromPaths(inputs);
        var skipped = folder.Skipped.ToList();
        var images = new List<(string, string, RgbImage)>();
        foreach (var sample in folder.Samples)
        {
            var image = CellImageDecoder.TryDecode(sample.Path, out var reason);
            if (image is null) { skipped.Add(new SkippedFile(sample.Path, reason ?? "unreadable image")); continue; }
            images.Add((sample.Path, $"{images.Count + 1:000}-{Path.GetFileNameWithoutExtension(sample.Path)}", image));
        }
        CommonOptions.ReportSkipped(skipped);
        if (images.Count == 0) throw new ML.HematologyException($"No readable cell images among {string.Join(", ", inputs)} ({skipped.Count} file(s) skipped).");
        return images;
    }

    public static void WritePng(string folder, string name, RgbImage image) =>
        File.WriteAllBytes(Path.Combine(folder, name), CellImageDecoder.EncodePng(image));
}
