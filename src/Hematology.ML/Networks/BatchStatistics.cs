using static TorchSharp.torch;

namespace Hematology.ML.Networks;

/// <summary>
/// Batch-normalisation statistics recomputed on a lab's own cells, without labels (AdaBN, Li et al. 2016). Batch
/// normalisation is named as the main cause of the cross-lab collapse (Tsutsui et al. 2023): its running means and
/// variances are the training lab's, so another stain or magnification reaches every layer off-centre. Recomputing
/// them on the new lab's images re-centres each layer; the learnt weights stay as they are.
/// </summary>
internal static class BatchStatistics
{
    /// <summary>Fewest cells whose statistics are worth more than the training lab's (below it they are too noisy).</summary>
    public const int MinimumCells = 48;

    /// <summary>The running statistics of every batch-normalisation layer, to put back after a folder.</summary>
    public static Tensor[] Snapshot(nn.Module network) =>
        Layers(network).SelectMany(l => new[] { l.running_mean.detach().clone(), l.running_var.detach().clone() }).ToArray();

    /// <summary>Puts back what <see cref="Snapshot"/> saved.</summary>
    public static void Restore(nn.Module network, Tensor[] snapshot)
    {
        using var noGrad = no_grad();
        foreach (var (layer, i) in Layers(network).Select((l, i) => (l, i)))
        {
            layer.running_mean.copy_(snapshot[2 * i]);
            layer.running_var.copy_(snapshot[2 * i + 1]);
        }
    }

    /// <summary>
    /// Replaces the running statistics by the cumulative average over <paramref name="batches"/> (each layer's
    /// momentum is 1/k at the k-th batch, PyTorch's <c>momentum=None</c>). Each batch is made when its turn comes, inside
    /// that step's dispose scope. Dropout and the weights are untouched; the network is left in evaluation mode.
    /// </summary>
    public static void Recompute(nn.Module<Tensor, Tensor> network, IEnumerable<Func<Tensor>> batches)
    {
        var layers = Layers(network).ToArray();
        if (layers.Length == 0) return;
        var momenta = layers.Select(l => l.Momentum).ToArray();
        try
        {
            using var noGrad = no_grad();
            foreach (var layer in layers) { layer.running_mean.zero_(); layer.running_var.fill_(1); }
            var k = 0;
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                k++;
                foreach (var layer in layers) { layer.Momentum = 1.0 / k; layer.train(); }
                network.call(batch());
            }
        }
        finally
        {
            foreach (var (layer, momentum) in layers.Zip(momenta)) layer.Momentum = momentum;
            network.eval();
        }
    }

    private static IEnumerable<StableBatchNorm2d> Layers(nn.Module network) => network.modules().OfType<StableBatchNorm2d>();
}
