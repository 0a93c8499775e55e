using Hematology.ML.Features.Svm;

namespace Hematology.ML.Tests.Features.Svm;

public class SmoSolverTests
{
    private static SmoResult Solve(float[][] x, int[] y, double c, SvmKernel kernel)
        => SmoSolver.Solve(new KernelCache(x, kernel, 1), y, Enumerable.Repeat(c, y.Length).ToArray());

    private static double[] Weights(float[][] x, SmoResult r)
    {
        var w = new double[x[0].Length];
        for (int k = 0; k < r.SupportVectorIndices.Count; k++)
        {
            for (int f = 0; f < w.Length; f++)
            {
                w[f] += r.Coefficients[k] * x[r.SupportVectorIndices[k]][f];
            }
        }

        return w;
    }

    [Fact]
    public void Two_opposite_points_give_unit_normal_zero_bias_and_half_alphas()
    {
        // Dual: min 2a^2 - 2a with a1 = a2 = a, so a = 1/2; w = 1/2 (1,0) + 1/2 (1,0) = (1,0); b = 0 by symmetry.
        float[][] x = [[1, 0], [-1, 0]];
        var r = Solve(x, [1, -1], 1000, SvmKernel.Linear());

        Assert.True(r.Converged);
        Assert.Equal(0.5, r.Alphas[0], 1e-3);
        Assert.Equal(0.5, r.Alphas[1], 1e-3);
        var w = Weights(x, r);
        Assert.Equal(1.0, w[0], 1e-3);
        Assert.Equal(0.0, w[1], 1e-3);
        Assert.Equal(0.0, r.Rho, 1e-3);
        Assert.Equal(-0.5, r.ObjectiveValue, 1e-3);
    }

    [Fact]
    public void Shifted_points_put_the_bias_at_their_midpoint()
    {
        // Same geometry moved by +2: w = (1,0) and the boundary x = 2, so f(x) = x - 2 and rho = 2.
        float[][] x = [[3, 0], [1, 0]];
        var r = Solve(x, [1, -1], 1000, SvmKernel.Linear());

        Assert.Equal(0.5, r.Alphas[0], 1e-3);
        Assert.Equal(2.0, r.Rho, 1e-3);
        Assert.Equal(1.0, r.TrainingDecisionValues[0], 1e-3);
        Assert.Equal(-1.0, r.TrainingDecisionValues[1], 1e-3);
    }

    [Fact]
    public void Without_free_variables_rho_is_the_middle_of_the_kkt_bracket()
    {
        // Both alphas at C = 0.1: y_1 G_1 = 0.9 - 0.3 - 1 = -0.4 bounds rho from below, y_2 G_2 = 1.2 from above,
        // so rho = 0.4 and f(x1) = 0.1*9 - 0.1*3 - 0.4 = 0.2.
        float[][] x = [[3, 0], [1, 0]];
        var r = Solve(x, [1, -1], 0.1, SvmKernel.Linear());

        Assert.Equal(0.4, r.Rho, 1e-6);
        Assert.Equal(0.2, r.TrainingDecisionValues[0], 1e-6);
        Assert.Equal(-0.2, r.TrainingDecisionValues[1], 1e-6);
    }

    [Fact]
    public void Separable_four_points_have_the_analytic_maximum_margin_solution()
    {
        // Closest points of the two convex hulls are (1,1) and (-1,-1), distance 2*sqrt(2): so w = (1/2, 1/2), b = 0,
        // margin 2/|w| = 2*sqrt(2), and w = 2a(1,1) gives a = 1/4 on both support vectors; the outer points get 0.
        float[][] x = [[1, 1], [2, 2], [-1, -1], [-2, -1]];
        var r = Solve(x, [1, 1, -1, -1], 1e4, SvmKernel.Linear());

        Assert.Equal([0, 2], r.SupportVectorIndices);
        Assert.Equal(0.25, r.Alphas[0], 1e-3);
        Assert.Equal(0.0, r.Alphas[1], 1e-9);
        Assert.Equal(0.25, r.Alphas[2], 1e-3);
        Assert.Equal(0.0, r.Alphas[3], 1e-9);
        var w = Weights(x, r);
        Assert.Equal(0.5, w[0], 1e-3);
        Assert.Equal(0.5, w[1], 1e-3);
        Assert.Equal(0.0, r.Rho, 1e-3);
        Assert.Equal(2 * Math.Sqrt(2), 2 / Math.Sqrt(w[0] * w[0] + w[1] * w[1]), 1e-3);
        Assert.Equal(1.0, r.TrainingDecisionValues[0], 1e-3);
        Assert.Equal(-1.0, r.TrainingDecisionValues[2], 1e-3);
        Assert.Equal(-1.5, r.TrainingDecisionValues[3], 1e-3);
    }

    [Fact]
    public void Small_C_clips_alphas_at_the_bound()
    {
        // The unconstrained optimum a = 1/2 exceeds C = 0.1, so both alphas sit at C; f(x1) = 0.1*1 + 0.1*1 = 0.2.
        float[][] x = [[1, 0], [-1, 0]];
        var r = Solve(x, [1, -1], 0.1, SvmKernel.Linear());

        Assert.Equal(0.1, r.Alphas[0], 1e-12);
        Assert.Equal(0.1, r.Alphas[1], 1e-12);
        Assert.Equal(0.2, r.TrainingDecisionValues[0], 1e-6);
        Assert.Equal(-0.2, r.TrainingDecisionValues[1], 1e-6);
    }

    [Fact]
    public void Per_sample_upper_bounds_are_respected()
    {
        float[][] x = [[1, 0], [-1, 0], [0.5f, 0.2f], [-0.4f, -0.3f]];
        var r = SmoSolver.Solve(new KernelCache(x, SvmKernel.Linear(), 1), [1, -1, -1, 1], [0.3, 5, 0.05, 2]);

        double[] c = [0.3, 5, 0.05, 2];
        for (int i = 0; i < 4; i++)
        {
            Assert.InRange(r.Alphas[i], 0, c[i]);
        }

        // Equality constraint y'a = 0 must survive the clipping.
        Assert.Equal(0.0, r.Alphas[0] - r.Alphas[1] - r.Alphas[2] + r.Alphas[3], 1e-9);
        Assert.Equal(0.05, r.Alphas[2], 1e-12); // the mislabelled point is pinned at its small bound
    }

    public static TheoryData<string> XorSeparatingKernels => new() { "poly2", "rbf" };

    private static readonly float[][] Xor = [[1, 1], [-1, -1], [1, -1], [-1, 1]];
    private static readonly int[] XorLabels = [1, 1, -1, -1];

    [Theory]
    [MemberData(nameof(XorSeparatingKernels))]
    public void Xor_is_separated_by_quadratic_and_rbf_kernels(string name)
    {
        var kernel = name == "poly2" ? SvmKernel.Polynomial(2, gamma: 1, coef0: 1) : SvmKernel.Rbf(gamma: 0.5);
        var r = Solve(Xor, XorLabels, 100, kernel);

        Assert.True(r.Converged);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(XorLabels[i], Math.Sign(r.TrainingDecisionValues[i]));
        }
    }

    [Fact]
    public void Xor_is_not_separated_by_the_linear_kernel()
    {
        var r = Solve(Xor, XorLabels, 100, SvmKernel.Linear());

        int correct = Enumerable.Range(0, 4).Count(i => Math.Sign(r.TrainingDecisionValues[i]) == XorLabels[i]);
        Assert.True(correct < 4, $"a linear SVM cannot classify XOR, but got {correct}/4");
    }

    [Fact]
    public void Kernel_cache_keeps_only_its_budget_and_returns_correct_rows()
    {
        var rng = new Random(3);
        var x = Enumerable.Range(0, 300).Select(_ => new[] { (float)rng.NextDouble(), (float)rng.NextDouble() }).ToArray();
        var kernel = SvmKernel.Rbf(gamma: 2);
        var cache = new KernelCache(x, kernel, megabytes: 300 * 4 * 10 / (1024.0 * 1024.0)); // room for 10 rows

        Assert.Equal(10, cache.CapacityRows);
        for (int i = 0; i < 12; i++)
        {
            cache.GetRow(i);
        }

        cache.GetRow(11); // still cached
        cache.GetRow(0); // evicted by rows 10 and 11
        Assert.Equal(1, cache.Hits);
        Assert.Equal(13, cache.Misses);
        var row = cache.GetRow(7).ToArray();
        Assert.Equal(kernel.Evaluate(x[7], x[123]), row[123], 1e-6);
        Assert.Equal(1.0, cache.Diagonal(5), 1e-9);
    }

    [Fact]
    public void Cancelled_token_stops_the_solver()
    {
        float[][] x = [[1, 0], [-1, 0]];
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() =>
            SmoSolver.Solve(new KernelCache(x, SvmKernel.Linear(), 1), [1, -1], [1.0, 1.0], cancellationToken: cts.Token));
    }
}
