using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hematology.ML.Networks;

/// <summary>
/// 2-D batch normalisation with the parameters, buffers and arithmetic of TorchSharp's <c>BatchNorm2d</c> (so its weight
/// files are the same), whose training step counts <c>num_batches_tracked</c> with a held Scalar
/// (<see cref="HeldScalars"/>): TorchSharp's own does <c>num_batches_tracked.add_(1)</c> with two temporary Scalars per
/// layer per step, the last source of the "Unknown scalar type" fault in training.
/// </summary>
internal sealed class StableBatchNorm2d : nn.Module<Tensor, Tensor>
{
    private readonly double eps;

    /// <summary>Builds it for <paramref name="features"/> channels (TorchSharp's defaults: eps 1e-5, momentum 0.1).</summary>
    public StableBatchNorm2d(long features, double eps = 1e-5, double momentum = 0.1) : base("BatchNorm2d")
    {
        this.eps = eps;
        Momentum = momentum;
        weight = new Parameter(ones(features));
        bias = new Parameter(zeros(features));
        running_mean = zeros(features);
        running_var = ones(features);
        num_batches_tracked = zeros(1, dtype: ScalarType.Int64).squeeze();
        register_parameter(nameof(weight), weight);
        register_parameter(nameof(bias), bias);
        register_buffer(nameof(running_mean), running_mean);
        register_buffer(nameof(running_var), running_var);
        register_buffer(nameof(num_batches_tracked), num_batches_tracked);
    }

    // Field names are the state-dict names (PyTorch's and TorchSharp's).
#pragma warning disable IDE1006
    public Parameter weight { get; }
    public Parameter bias { get; }
    public Tensor running_mean { get; }
    public Tensor running_var { get; }
    public Tensor num_batches_tracked { get; }
#pragma warning restore IDE1006

    /// <summary>The weight of the newest batch in the running statistics (0.1).</summary>
    public double Momentum { get; set; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        if (training)
            using (no_grad())
                num_batches_tracked.add_(HeldScalars.One, HeldScalars.One);
        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, Momentum, eps);
    }
}
