using Hematology.ML.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Explain;

/// <summary>
/// The layers of a network that Grad-CAM and feature maps can look into: the blocks of
/// <see cref="NetworkFreezing.Blocks"/> (convolution blocks, residual blocks, FC layers, in forward order)
/// that give a spatial map (N, C, H, W). Named by their dotted path, as in the network's weights file.
/// </summary>
internal static class NetworkLayers
{
    /// <summary>The spatial blocks of <paramref name="network"/> in forward order, with their map size at <paramref name="inputSize"/>.</summary>
    public static IReadOnlyList<(string Name, int Channels, int Side)> SpatialBlocks(nn.Module<Tensor, Tensor> network, int inputSize, Device? device = null)
    {
        var shapes = new List<(string, int, int)>();
        var removers = new List<Action>();
        foreach (var (name, module) in NetworkFreezing.Blocks(network))
        {
            if (module is not nn.Module<Tensor, Tensor> block) continue;
            var handle = block.register_forward_hook((_, _, output) =>
            {
                if (output.dim() == 4) shapes.Add((name, (int)output.shape[1], (int)output.shape[2]));
                return output;
            });
            removers.Add(handle.remove);
        }
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var wasTraining = network.training;
            network.eval();
            network.call(zeros(1, 3, inputSize, inputSize, device: device));
            if (wasTraining) network.train();
        }
        finally
        {
            foreach (var remove in removers) remove();
        }
        return shapes;
    }

    /// <summary>
    /// The module named <paramref name="layer"/>, or the last spatial block (Grad-CAM's usual choice, thesis
    /// ch. 4.6.1: the last convolutional block keeps both high-level meaning and a spatial layout).
    /// </summary>
    /// <exception cref="HematologyException">No such layer, or it has no spatial output; the message lists those that do.</exception>
    public static (string Name, nn.Module<Tensor, Tensor> Module) Resolve(nn.Module<Tensor, Tensor> network, int inputSize, string? layer, Device? device = null)
    {
        var spatial = SpatialBlocks(network, inputSize, device);
        if (spatial.Count == 0) throw new HematologyException("The network has no convolutional layer to explain.");
        var name = layer ?? spatial[^1].Name;
        if (!spatial.Any(s => s.Name == name))
            throw new HematologyException($"'{name}' is not a convolutional block of this network; choose one of: {string.Join(", ", spatial.Select(s => $"{s.Name} ({s.Channels}x{s.Side}x{s.Side})"))}.");
        var module = network.named_modules().First(m => m.name == name).module;
        return (name, (nn.Module<Tensor, Tensor>)module);
    }
}
