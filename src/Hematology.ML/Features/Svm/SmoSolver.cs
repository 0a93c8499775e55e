namespace Hematology.ML.Features.Svm;

/// <summary>
/// Sequential minimal optimisation for the binary C-SVC dual
/// min 1/2 a'Qa - e'a subject to y'a = 0, 0 &lt;= a_i &lt;= C_i, with Q_ij = y_i y_j K(x_i, x_j).
/// Working pairs are chosen by the second-order rule of Fan, Chen &amp; Lin (2005), "Working set selection using second
/// order information for training support vector machines", JMLR 6, which is what LIBSVM uses.
/// </summary>
/// <remarks>
/// No shrinking: every iteration scans all variables. Shrinking mainly pays off when most samples end up bounded and
/// the problem is far larger than the ~10^3-10^4 samples of one one-versus-one pair here, where the kernel rows dominate
/// the cost, so the simpler and easier-to-verify solver was preferred.
/// </remarks>
internal static class SmoSolver
{
    // Fallback curvature for non-positive-definite pairs (e.g. duplicate samples), as in the WSS2 paper.
    private const double Tau = 1e-12;

    /// <summary>Default iteration cap: LIBSVM's max(10^7, 100 n), which well-posed problems never reach.</summary>
    /// <param name="sampleCount">Number of variables.</param>
    public static int DefaultMaxIterations(int sampleCount) => (int)Math.Min(int.MaxValue, Math.Max(10_000_000L, 100L * sampleCount));

    /// <summary>Solves the dual problem.</summary>
    /// <param name="kernel">Kernel cache over the problem's samples.</param>
    /// <param name="labels">+1 or -1 per sample.</param>
    /// <param name="upperBounds">C_i per sample (positive); class weights are expressed through it.</param>
    /// <param name="tolerance">Stopping tolerance on the maximal KKT violation m(a) - M(a) (LIBSVM's eps, usually 1e-3).</param>
    /// <param name="maxIterations">Iteration cap; <see langword="null"/> for <see cref="DefaultMaxIterations"/>.</param>
    /// <param name="cancellationToken">Checked every 1,000 iterations.</param>
    public static SmoResult Solve(
        KernelCache kernel,
        IReadOnlyList<int> labels,
        IReadOnlyList<double> upperBounds,
        double tolerance = 1e-3,
        int? maxIterations = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(upperBounds);
        int n = kernel.Count;
        if (labels.Count != n || upperBounds.Count != n)
        {
            throw new ArgumentException($"The kernel has {n} samples but {labels.Count} labels and {upperBounds.Count} bounds were given.");
        }

        if (!(tolerance > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be positive.");
        }

        var y = new sbyte[n];
        var c = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = labels[i] switch
            {
                1 => 1,
                -1 => -1,
                _ => throw new ArgumentException($"Labels must be +1 or -1; sample {i} has {labels[i]}.", nameof(labels)),
            };
            c[i] = upperBounds[i] > 0 && double.IsFinite(upperBounds[i])
                ? upperBounds[i]
                : throw new ArgumentException($"Upper bounds C must be positive and finite; sample {i} has {upperBounds[i]}.", nameof(upperBounds));
        }

        int limit = maxIterations ?? DefaultMaxIterations(n);
        var alpha = new double[n];
        var gradient = new double[n];
        Array.Fill(gradient, -1.0); // G = Q a - e at a = 0.
        var diagonal = new double[n];
        for (int i = 0; i < n; i++)
        {
            diagonal[i] = kernel.Diagonal(i);
        }

        int iteration = 0;
        bool converged = false;
        while (iteration < limit)
        {
            if (iteration % 1000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!SelectWorkingSet(kernel, y, c, alpha, gradient, diagonal, tolerance, out int i, out int j))
            {
                converged = true;
                break;
            }

            iteration++;
            UpdatePair(kernel, y, c, alpha, gradient, diagonal, i, j);
        }

        if (!converged)
        {
            // The limit may coincide with the optimum; report what the KKT test says rather than assume failure.
            converged = !SelectWorkingSet(kernel, y, c, alpha, gradient, diagonal, tolerance, out _, out _);
        }

        return new SmoResult(alpha, y, gradient, ComputeRho(y, c, alpha, gradient), iteration, converged);
    }

    // I_up holds the variables that may move in the direction increasing y_t a_t, I_low those that may decrease it.
    private static bool InUp(sbyte y, double alpha, double c) => y > 0 ? alpha < c : alpha > 0;

    private static bool InLow(sbyte y, double alpha, double c) => y > 0 ? alpha > 0 : alpha < c;

    /// <summary>WSS2: i maximises the violation -y_i G_i over I_up; j minimises the second-order gain estimate -b^2/a.</summary>
    private static bool SelectWorkingSet(
        KernelCache kernel, sbyte[] y, double[] c, double[] alpha, double[] gradient, double[] diagonal, double tolerance, out int i, out int j)
    {
        int n = y.Length;
        double maxUp = double.NegativeInfinity;
        i = -1;
        for (int t = 0; t < n; t++)
        {
            if (InUp(y[t], alpha[t], c[t]))
            {
                double v = -y[t] * gradient[t];
                if (v > maxUp)
                {
                    maxUp = v;
                    i = t;
                }
            }
        }

        j = -1;
        if (i < 0)
        {
            return false;
        }

        ReadOnlySpan<float> rowI = kernel.GetRow(i);
        double maxLow = double.NegativeInfinity;
        double bestGain = double.PositiveInfinity;
        for (int t = 0; t < n; t++)
        {
            if (!InLow(y[t], alpha[t], c[t]))
            {
                continue;
            }

            double v = y[t] * gradient[t];
            maxLow = Math.Max(maxLow, v);
            double b = maxUp + v; // maxUp - (-y_t G_t): the violation of the pair (i, t).
            if (b > 0)
            {
                double a = diagonal[i] + diagonal[t] - 2.0 * rowI[t];
                if (a <= 0)
                {
                    a = Tau;
                }

                double gain = -(b * b) / a;
                if (gain < bestGain)
                {
                    bestGain = gain;
                    j = t;
                }
            }
        }

        return j >= 0 && maxUp + maxLow >= tolerance;
    }

    /// <summary>
    /// Exact minimisation along the feasible direction a_i += y_i t, a_j -= y_j t (which keeps y'a constant), clipped so
    /// both variables stay inside their boxes; then the O(n) gradient update with the two kernel rows.
    /// </summary>
    private static void UpdatePair(KernelCache kernel, sbyte[] y, double[] c, double[] alpha, double[] gradient, double[] diagonal, int i, int j)
    {
        ReadOnlySpan<float> rowI = kernel.GetRow(i);
        ReadOnlySpan<float> rowJ = kernel.GetRow(j);
        double curvature = diagonal[i] + diagonal[j] - 2.0 * rowI[j];
        if (curvature <= 0)
        {
            curvature = Tau;
        }

        double violation = -y[i] * gradient[i] + y[j] * gradient[j];
        double room = y[i] > 0 ? c[i] - alpha[i] : alpha[i];
        double roomJ = y[j] > 0 ? alpha[j] : c[j] - alpha[j];
        double step = violation / curvature;
        double newI = alpha[i] + y[i] * step;
        double newJ = alpha[j] - y[j] * step;

        // Clip to the nearer bound and set that variable exactly onto it, so "at bound" tests stay exact.
        if (step >= room || step >= roomJ)
        {
            step = Math.Min(room, roomJ);
            newI = step == room ? (y[i] > 0 ? c[i] : 0.0) : alpha[i] + y[i] * step;
            newJ = step == roomJ ? (y[j] > 0 ? 0.0 : c[j]) : alpha[j] - y[j] * step;
        }

        double deltaI = (newI - alpha[i]) * y[i];
        double deltaJ = (newJ - alpha[j]) * y[j];
        alpha[i] = newI;
        alpha[j] = newJ;

        // G_k += Q_ki da_i + Q_kj da_j with Q_kt = y_k y_t K_kt.
        for (int k = 0; k < gradient.Length; k++)
        {
            gradient[k] += y[k] * (rowI[k] * deltaI + rowJ[k] * deltaJ);
        }
    }

    /// <summary>
    /// rho from the KKT conditions: free variables satisfy y_i G_i = rho exactly, so average them; without free
    /// variables the bounded ones only bracket rho, and the middle of the bracket is taken.
    /// </summary>
    private static double ComputeRho(sbyte[] y, double[] c, double[] alpha, double[] gradient)
    {
        double upper = double.PositiveInfinity;
        double lower = double.NegativeInfinity;
        double freeSum = 0;
        int freeCount = 0;
        for (int t = 0; t < y.Length; t++)
        {
            double v = y[t] * gradient[t];
            bool atUpper = alpha[t] >= c[t];
            bool atLower = alpha[t] <= 0;
            if (!atUpper && !atLower)
            {
                freeSum += v;
                freeCount++;
            }
            else if ((atLower && y[t] > 0) || (atUpper && y[t] < 0))
            {
                upper = Math.Min(upper, v);
            }
            else
            {
                lower = Math.Max(lower, v);
            }
        }

        if (freeCount > 0)
        {
            return freeSum / freeCount;
        }

        if (double.IsInfinity(upper) && double.IsInfinity(lower))
        {
            return 0;
        }

        if (double.IsInfinity(upper))
        {
            return lower;
        }

        return double.IsInfinity(lower) ? upper : (upper + lower) / 2;
    }
}
