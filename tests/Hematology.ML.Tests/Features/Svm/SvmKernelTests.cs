using Hematology.ML.Features.Svm;

namespace Hematology.ML.Tests.Features.Svm;

public class SvmKernelTests
{
    [Fact]
    public void Cubic_polynomial_matches_hand_computation()
    {
        // <x,y> = 1*3 + 2*(-1) = 1; (0.5 * 1 + 2)^3 = 2.5^3 = 15.625.
        var k = SvmKernel.Polynomial(3, gamma: 0.5, coef0: 2);
        Assert.Equal(15.625, k.Evaluate([1f, 2f], [3f, -1f]), 1e-9);
    }

    [Fact]
    public void Rbf_matches_hand_computation()
    {
        // |x - y|^2 = (1-3)^2 + (2+1)^2 = 13; exp(-0.1 * 13).
        var k = SvmKernel.Rbf(gamma: 0.1);
        Assert.Equal(Math.Exp(-1.3), k.Evaluate([1f, 2f], [3f, -1f]), 1e-6);
        Assert.Equal(1.0, k.Evaluate([1f, 2f], [1f, 2f]), 1e-12);
    }

    [Fact]
    public void Linear_is_the_dot_product_over_many_simd_lanes()
    {
        var x = Enumerable.Range(0, 37).Select(i => (float)i).ToArray();
        var y = Enumerable.Range(0, 37).Select(i => 1f - i % 3).ToArray();
        double expected = x.Zip(y, (a, b) => (double)a * b).Sum();
        Assert.Equal(expected, SvmKernel.Linear().Evaluate(x, y), 1e-3);
    }

    [Fact]
    public void Default_gamma_is_one_over_features_times_pooled_variance()
    {
        // Values {0, 2, 0, 2}: mean 1, variance 1, 2 features -> gamma = 1/2.
        float[][] x = [[0, 2], [0, 2]];
        var k = SvmKernel.Rbf().ResolveGamma(x);
        Assert.Equal(0.5, k.Gamma!.Value, 1e-12);
        Assert.Equal(1.0, SvmKernel.Polynomial(2).ResolveGamma([[3, 3]]).Gamma!.Value); // zero variance
        Assert.Equal(7.0, SvmKernel.Rbf(7).ResolveGamma(x).Gamma!.Value); // explicit gamma untouched
    }

    [Fact]
    public void Unresolved_gamma_cannot_be_evaluated()
    {
        Assert.Throws<InvalidOperationException>(() => SvmKernel.Rbf().Evaluate([1f], [1f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SvmKernel.Rbf(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SvmKernel.Polynomial(0));
    }
}
