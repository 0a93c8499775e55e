using Hematology.ML.Features.Svm;

namespace Hematology.ML.Tests.Features.Svm;

public class PairwiseCouplingTests
{
    [Fact]
    public void Two_classes_reduce_to_the_pair_probability()
    {
        var p = PairwiseCoupling.Couple(new double[,] { { 0, 0.8 }, { 0.2, 0 } });
        Assert.Equal(0.8, p[0], 1e-9);
        Assert.Equal(0.2, p[1], 1e-9);
    }

    [Fact]
    public void Consistent_pairwise_probabilities_recover_the_class_probabilities()
    {
        // r_ij = p_i / (p_i + p_j) makes every term r_ji p_i - r_ij p_j vanish, so the objective is 0 at p.
        double[] truth = [0.5, 0.3, 0.2];
        var r = new double[3, 3];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                r[i, j] = i == j ? 0 : truth[i] / (truth[i] + truth[j]);
            }
        }

        var p = PairwiseCoupling.Couple(r);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(truth[i], p[i], 1e-6);
        }
    }

    [Fact]
    public void Inconsistent_three_class_case_satisfies_the_method_2_optimality_conditions()
    {
        // r_01 = 0.9, r_02 = 0.4, r_12 = 0.7 cannot come from any p. Method 2's optimum satisfies Qp = -b e, sum p = 1,
        // with Q_tt = sum_{j != t} r_jt^2 and Q_tj = -r_jt r_tj; check that directly on an independently built Q.
        var r = new double[,] { { 0, 0.9, 0.4 }, { 0.1, 0, 0.7 }, { 0.6, 0.3, 0 } };
        var p = PairwiseCoupling.Couple(r);

        Assert.Equal(1.0, p.Sum(), 1e-9);
        var qp = new double[3];
        for (int t = 0; t < 3; t++)
        {
            for (int j = 0; j < 3; j++)
            {
                if (j != t)
                {
                    qp[t] += r[j, t] * r[j, t] * p[t] - r[j, t] * r[t, j] * p[j];
                }
            }
        }

        Assert.Equal(qp[0], qp[1], 1e-9);
        Assert.Equal(qp[0], qp[2], 1e-9);
        Assert.All(p, v => Assert.True(v > 0));
        Assert.True(p[0] > p[1] && p[0] > p[2], "class 0 wins its only decisive duel");
    }
}
