namespace Hematology.ML.Features.Svm;

/// <summary>
/// Solution of one binary C-SVC dual problem. The decision function is
/// f(x) = sum over support vectors of Coefficients[k] * K(x_SupportVectorIndices[k], x) - Rho.
/// </summary>
internal sealed class SmoResult
{
    internal SmoResult(double[] alphas, sbyte[] labels, double[] gradient, double rho, int iterations, bool converged)
    {
        Alphas = alphas;
        Rho = rho;
        Iterations = iterations;
        Converged = converged;

        var indices = new List<int>();
        var coefficients = new List<double>();
        double objective = 0;
        var decisions = new double[alphas.Length];
        for (int i = 0; i < alphas.Length; i++)
        {
            if (alphas[i] > 0)
            {
                indices.Add(i);
                coefficients.Add(alphas[i] * labels[i]);
            }

            // With G = Q alpha - e: the dual objective is alpha'(G - e) / 2 and sum_j alpha_j y_j K_ij = y_i (G_i + 1),
            // so both come for free from the final gradient.
            objective += alphas[i] * (gradient[i] - 1.0);
            decisions[i] = labels[i] * (gradient[i] + 1.0) - rho;
        }

        SupportVectorIndices = indices.ToArray();
        Coefficients = coefficients.ToArray();
        ObjectiveValue = objective / 2;
        TrainingDecisionValues = decisions;
    }

    /// <summary>Dual variables alpha_i, one per training sample, each in [0, C_i].</summary>
    public IReadOnlyList<double> Alphas { get; }

    /// <summary>Indices (into the training set) of the samples with alpha &gt; 0, ascending.</summary>
    public IReadOnlyList<int> SupportVectorIndices { get; }

    /// <summary>alpha_i * y_i for each entry of <see cref="SupportVectorIndices"/>.</summary>
    public IReadOnlyList<double> Coefficients { get; }

    /// <summary>The bias subtracted from the kernel expansion (LIBSVM's rho; b = -rho).</summary>
    public double Rho { get; }

    /// <summary>Value of the dual objective 1/2 alpha'Q alpha - sum alpha at the solution.</summary>
    public double ObjectiveValue { get; }

    /// <summary>f(x_i) for every training sample, derived from the final gradient without extra kernel evaluations.</summary>
    public IReadOnlyList<double> TrainingDecisionValues { get; }

    /// <summary>Number of SMO iterations (two-variable updates) performed.</summary>
    public int Iterations { get; }

    /// <summary>False when the iteration limit stopped the solver before the KKT tolerance was met.</summary>
    public bool Converged { get; }
}
