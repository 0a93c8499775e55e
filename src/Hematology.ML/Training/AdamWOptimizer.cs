using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hematology.ML.Training;

/// <summary>
/// Adam with decoupled weight decay (AdamW), the arithmetic of PyTorch's and TorchSharp's
/// <c>AdamW</c>: <c>p *= 1 - lr·wd</c>, then the bias-corrected Adam step with ε added to
/// <c>√v / √(1 - β₂ᵗ)</c>. With no weight decay it is plain Adam.
/// </summary>
/// <param name="parameters">The parameters to update.</param>
/// <param name="learningRate">The learning rate until the schedule sets one.</param>
/// <param name="weightDecay">Decoupled weight decay; 0 for Adam.</param>
/// <param name="beta1">Decay of the gradient's running mean.</param>
/// <param name="beta2">Decay of the squared gradient's running mean.</param>
/// <param name="epsilon">Keeps the denominator away from zero.</param>
internal sealed class AdamWOptimizer(IEnumerable<Parameter> parameters, double learningRate, double weightDecay = 0,
    double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    : NetworkOptimizer("AdamW", parameters, learningRate, stateTensorsPerParameter: 2)
{
    protected override void Update(Tensor parameter, Tensor gradient, Tensor[] state, long step)
    {
        var (average, squareAverage) = (state[0], state[1]);
        if (weightDecay > 0)
        {
            using var decay = (1 - LearningRate * weightDecay).ToScalar();
            parameter.mul_(decay);
        }
        using var keep1 = beta1.ToScalar();
        using var take1 = (1 - beta1).ToScalar();
        average.mul_(keep1).add_(gradient, take1);
        using var keep2 = beta2.ToScalar();
        using var take2 = (1 - beta2).ToScalar();
        squareAverage.mul_(keep2).addcmul_(gradient, gradient, take2);

        using var correction2 = Math.Sqrt(1 - Math.Pow(beta2, step)).ToScalar();
        using var eps = epsilon.ToScalar();
        using var one = 1.ToScalar();
        using var denominator = squareAverage.sqrt().div_(correction2).add_(eps, one);
        using var stepSize = (-LearningRate / (1 - Math.Pow(beta1, step))).ToScalar();
        parameter.addcdiv_(average, denominator, stepSize);
    }
}
