using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hematology.ML.Performance;

/// <summary>
/// The arithmetic one image costs a network: the multiply-adds of its convolutions and fully connected
/// layers, read from a forward pass with hooks that record each layer's output shape. Batch-norm,
/// activations, pooling and additions are left out: they are a few percent of the work and none of
/// them runs at matmul speed, so counting them would flatter the achieved GFLOP/s.
/// </summary>
/// <param name="MultiplyAdds">Multiply-adds per image.</param>
/// <param name="Parameters">Trainable and frozen parameters of the network.</param>
/// <param name="InputSize">The input side the count holds for.</param>
internal sealed record NetworkFlops(long MultiplyAdds, long Parameters, int InputSize)
{
    /// <summary>Floating-point operations per image: two per multiply-add.</summary>
    public long Flops => 2 * MultiplyAdds;

    /// <summary>Forward FLOPs per image in units of 10^9.</summary>
    public double Gflop => Flops / 1e9;

    /// <summary>
    /// Counts the multiply-adds of one <paramref name="inputSize"/>-pixel image through <paramref name="network"/>
    /// (on <paramref name="device"/>, where its weights are). The network's training mode is left as it was.
    /// </summary>
    public static NetworkFlops Count(nn.Module<Tensor, Tensor> network, int inputSize, Device? device = null)
    {
        long multiplyAdds = 0;
        var removers = new List<Action>();
        foreach (var (_, module) in network.named_modules())
        {
            if (module is not (Convolution or Linear) || module is not nn.Module<Tensor, Tensor> layer) continue;
            var handle = layer.register_forward_hook((m, _, output) =>
            {
                multiplyAdds += OutputsPerImage(output) * InputsPerOutput(m);
                return output;
            });
            removers.Add(handle.remove);
        }
        var wasTraining = network.training;
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            network.eval();
            network.call(zeros(1, 3, inputSize, inputSize, device: device));
        }
        finally
        {
            foreach (var remove in removers) remove();
            if (wasTraining) network.train();
        }
        var parameters = network.parameters().Sum(p => p.numel());
        return new NetworkFlops(multiplyAdds, parameters, inputSize);
    }

    private static long OutputsPerImage(Tensor output) => output.numel() / output.shape[0];

    // Each output of a convolution or linear layer sums over its weight's trailing dimensions
    // (in_channels / groups x kernel, or in_features).
    private static long InputsPerOutput(nn.Module<Tensor, Tensor> layer)
    {
        var weight = layer switch
        {
            Convolution conv => conv.weight,
            Linear linear => linear.weight,
            _ => null,
        } ?? throw new InvalidOperationException($"{layer.GetName()} has no weight.");
        return weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
    }
}
