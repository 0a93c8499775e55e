using Hematology.ML.Imaging;
using Hematology.ML.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Explain;

/// <summary>The maps of one layer for one image: <see cref="Channels"/> maps of <see cref="Side"/> x <see cref="Side"/>, channel-major.</summary>
/// <param name="Layer">The layer's dotted name.</param>
/// <param name="Channels">Number of channels.</param>
/// <param name="Side">Side of each map.</param>
/// <param name="Values">All maps, channel after channel, row-major.</param>
internal sealed record LayerActivation(string Layer, int Channels, int Side, float[] Values)
{
    /// <summary>Channel <paramref name="k"/>'s map.</summary>
    public float[] Channel(int k) => k >= 0 && k < Channels ? Values.AsSpan(k * Side * Side, Side * Side).ToArray()
        : throw new HematologyException($"Channel {k} does not exist: layer '{Layer}' has channels 0-{Channels - 1}.");

    /// <summary>The <paramref name="count"/> channels with the highest mean activation, strongest first.</summary>
    public int[] StrongestChannels(int count) => Enumerable.Range(0, Channels)
        .OrderByDescending(k => Channel(k).Average()).ThenBy(k => k).Take(count).ToArray();
}

/// <summary>
/// Feature maps of intermediate layers (thesis ch. 4.6.1): what channel k of layer L responds to in a cell,
/// and, for two networks of one architecture (ImageNet weights and fine-tuned ones), side by side.
/// </summary>
internal static class FeatureMaps
{
    /// <summary>
    /// The activation of <paramref name="layer"/> (default: the last convolutional block) for each image of
    /// <paramref name="input"/>, a batch already brought to the network's input.
    /// </summary>
    /// <exception cref="HematologyException">Unknown layer or one without spatial output.</exception>
    public static IReadOnlyList<LayerActivation> Extract(nn.Module<Tensor, Tensor> network, PreparedBatch input, string? layer = null, Device? device = null)
    {
        var (name, module) = NetworkLayers.Resolve(network, input.Side, layer, device);
        float[]? values = null;
        long[] shape = [];
        var hook = module.register_forward_hook((_, _, output) =>
        {
            shape = output.shape;
            values = output.detach().to(CPU).data<float>().ToArray();
            return output;
        });
        try
        {
            network.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            network.call(input.ToTensors(device).Images);
        }
        finally
        {
            hook.remove();
        }
        int channels = (int)shape[1], side = (int)shape[2], per = channels * side * side;
        return Enumerable.Range(0, (int)shape[0]).Select(i => new LayerActivation(name, channels, side, values!.AsSpan(i * per, per).ToArray())).ToArray();
    }

    /// <summary>
    /// A grid picture: one row per labelled activation, one column per channel of <paramref name="channels"/>,
    /// each map scaled to its own range (dark = weak, light = strong) at <paramref name="tile"/> pixels, the cell
    /// itself in the first column.
    /// </summary>
    public static RgbImage Grid(RgbImage cell, IReadOnlyList<LayerActivation> rows, IReadOnlyList<int> channels, int tile = 96)
    {
        const int gap = 4;
        int columns = channels.Count + 1, width = columns * tile + (columns - 1) * gap, height = rows.Count * tile + (rows.Count - 1) * gap;
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, (byte)255);
        var thumbnail = CellImagePreprocessor.CropAndResize(cell, tile);
        for (var r = 0; r < rows.Count; r++)
        {
            Paste(thumbnail, pixels, width, 0, r * (tile + gap));
            for (var c = 0; c < channels.Count; c++)
            {
                var map = HeatmapColours.ResizeBilinear(rows[r].Channel(channels[c]), rows[r].Side, tile);
                float lo = map.Min(), hi = map.Max(), range = hi - lo > 1e-12f ? hi - lo : 1;
                var grey = new byte[tile * tile * 3];
                for (var i = 0; i < map.Length; i++) grey[i * 3] = grey[i * 3 + 1] = grey[i * 3 + 2] = (byte)Math.Round(255 * (map[i] - lo) / range);
                Paste(new RgbImage(tile, tile, grey), pixels, width, (c + 1) * (tile + gap), r * (tile + gap));
            }
        }
        return new RgbImage(width, height, pixels);
    }

    private static void Paste(RgbImage image, byte[] into, int width, int left, int top)
    {
        for (var y = 0; y < image.Height; y++)
            Array.Copy(image.Pixels, y * image.Width * 3, into, ((top + y) * width + left) * 3, image.Width * 3);
    }
}
