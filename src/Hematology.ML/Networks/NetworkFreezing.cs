using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Networks;

/// <summary>
/// Fine-tuning the last k blocks of a network: the blocks are the network's parameterised children in
/// registration (forward) order, with sequential containers opened one level at a time, so ResNet's
/// <c>layer4</c> gives its two residual blocks, VGG's <c>features</c> its convolutions and the thesis
/// networks their convolution blocks and FC layers.
/// </summary>
internal static class NetworkFreezing
{
    /// <summary>The blocks of a network, in forward order, with their dotted names.</summary>
    public static IReadOnlyList<(string Name, nn.Module Module)> Blocks(nn.Module network)
    {
        var blocks = new List<(string, nn.Module)>();
        Collect(network, "", blocks);
        return blocks;
    }

    /// <summary>
    /// Makes only the last <paramref name="trainableBlocks"/> blocks trainable (all of them when it is at
    /// least the block count) and returns their names. Frozen batch-norm layers still update their running
    /// statistics in training mode; call <c>eval()</c> on them to hold those too.
    /// </summary>
    public static IReadOnlyList<string> TrainLastBlocks(nn.Module network, int trainableBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trainableBlocks);
        var blocks = Blocks(network);
        var firstTrainable = Math.Max(0, blocks.Count - trainableBlocks);
        for (var i = 0; i < blocks.Count; i++)
            foreach (var parameter in blocks[i].Module.parameters())
                parameter.requires_grad = i >= firstTrainable;
        return blocks.Skip(firstTrainable).Select(b => b.Name).ToArray();
    }

    /// <summary>Freezes the first <paramref name="frozenBlocks"/> blocks and trains the rest; returns the trainable blocks.</summary>
    public static IReadOnlyList<string> FreezeFirstBlocks(nn.Module network, int frozenBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frozenBlocks);
        return TrainLastBlocks(network, Math.Max(0, Blocks(network).Count - frozenBlocks));
    }

    private static void Collect(nn.Module module, string prefix, List<(string, nn.Module)> into)
    {
        foreach (var (name, child) in module.named_children())
        {
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            if (!child.parameters().Any()) continue;
            if (child is TorchSharp.Modules.Sequential) Collect(child, path, into);
            else into.Add((path, child));
        }
    }
}
