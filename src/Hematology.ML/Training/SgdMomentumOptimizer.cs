using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hematology.ML.Training;

/// <summary>
/// Stochastic gradient descent with momentum, the arithmetic of PyTorch's and TorchSharp's <c>SGD</c>
/// without dampening or Nesterov: <c>g += wd·p</c> (weight decay as an L2 term, coupled to the gradient),
/// <c>b = μ·b + g</c>, <c>p -= lr·b</c>.
/// </summary>
/// <param name="parameters">The parameters to update.</param>
/// <param name="learningRate">The learning rate until the schedule sets one.</param>
/// <param name="momentum">The momentum μ.</param>
/// <param name="weightDecay">The L2 weight decay.</param>
internal sealed class SgdMomentumOptimizer(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0.9, double weightDecay = 0)
    : NetworkOptimizer("SGD with momentum", parameters, learningRate, stateTensorsPerParameter: 1)
{
    protected override void Update(Tensor parameter, Tensor gradient, Tensor[] state, long step)
    {
        // PyTorch starts the buffer as a copy of the first gradient; without dampening, μ·0 + g on the
        // zero buffer is that same copy, so the buffer can exist from the start and be saved like Adam's.
        var buffer = state[0];
        using var keep = momentum.ToScalar();
        using var one = 1.ToScalar();
        using var decayed = weightDecay == 0 ? null : WithWeightDecay(gradient, parameter);
        buffer.mul_(keep).add_(decayed ?? gradient, one);
        using var rate = (-LearningRate).ToScalar();
        parameter.add_(buffer, rate);
    }

    private Tensor WithWeightDecay(Tensor gradient, Tensor parameter)
    {
        using var decay = weightDecay.ToScalar();
        return gradient.add(parameter, decay);
    }
}
