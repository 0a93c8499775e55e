namespace Hematology.ML.Features.Svm;

/// <summary>
/// Combines pairwise probabilities r_ij = P(class i | class i or j, x) into class probabilities, using method 2 of
/// Wu, Lin &amp; Weng (2004), "Probability estimates for multi-class classification by pairwise coupling", JMLR 5:
/// minimise sum_i sum_{j != i} (r_ji p_i - r_ij p_j)^2 subject to sum p = 1. That is the quadratic program
/// min p'Qp / 2 with Q_ii = sum_{j != i} r_ji^2, Q_ij = -r_ji r_ij, whose optimum is automatically non-negative.
/// </summary>
/// <remarks>
/// LIBSVM solves the program iteratively; with at most a handful of classes the KKT system
/// [Q e; e' 0][p; b] = [0; 1] is solved directly instead, which gives the same optimum exactly.
/// </remarks>
internal static class PairwiseCoupling
{
    /// <summary>Pairwise probabilities are clipped to [MinProbability, 1 - MinProbability] so Q stays positive definite.</summary>
    public const double MinProbability = 1e-7;

    /// <summary>Class probabilities from the matrix r (r[i, j] = P(i | i or j); only off-diagonal entries are read).</summary>
    public static double[] Couple(double[,] r)
    {
        int k = r.GetLength(0);
        if (k == 1)
        {
            return [1.0];
        }

        int size = k + 1;
        var system = new double[size, size + 1]; // augmented matrix
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                if (i == j)
                {
                    continue;
                }

                double rij = Math.Clamp(r[i, j], MinProbability, 1 - MinProbability);
                double rji = Math.Clamp(r[j, i], MinProbability, 1 - MinProbability);
                system[i, i] += rji * rji;
                system[i, j] = -rji * rij;
            }

            system[i, k] = 1; // Lagrange multiplier column
            system[k, i] = 1; // sum p = 1
        }

        system[k, size] = 1;
        double[] solution = SolveLinearSystem(system, size);

        // The optimum is non-negative in exact arithmetic; clean up round-off so the result is a distribution.
        var p = new double[k];
        double total = 0;
        for (int i = 0; i < k; i++)
        {
            p[i] = Math.Max(0, solution[i]);
            total += p[i];
        }

        for (int i = 0; i < k; i++)
        {
            p[i] /= total;
        }

        return p;
    }

    /// <summary>Gaussian elimination with partial pivoting on an augmented size x (size + 1) matrix.</summary>
    private static double[] SolveLinearSystem(double[,] m, int size)
    {
        for (int column = 0; column < size; column++)
        {
            int pivot = column;
            for (int row = column + 1; row < size; row++)
            {
                if (Math.Abs(m[row, column]) > Math.Abs(m[pivot, column]))
                {
                    pivot = row;
                }
            }

            if (pivot != column)
            {
                for (int col = column; col <= size; col++)
                {
                    (m[column, col], m[pivot, col]) = (m[pivot, col], m[column, col]);
                }
            }

            double diagonal = m[column, column];
            for (int row = column + 1; row < size; row++)
            {
                double factor = m[row, column] / diagonal;
                if (factor == 0)
                {
                    continue;
                }

                for (int col = column; col <= size; col++)
                {
                    m[row, col] -= factor * m[column, col];
                }
            }
        }

        var x = new double[size];
        for (int row = size - 1; row >= 0; row--)
        {
            double sum = m[row, size];
            for (int col = row + 1; col < size; col++)
            {
                sum -= m[row, col] * x[col];
            }

            x[row] = sum / m[row, row];
        }

        return x;
    }
}
