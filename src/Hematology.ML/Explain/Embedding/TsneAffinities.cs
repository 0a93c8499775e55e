using System.Numerics.Tensors;

namespace Hematology.ML.Explain.Embedding;

/// <summary>Symmetric affinities in compressed-row form: row i holds the points j with p_ij &gt; 0 and their p_ij.</summary>
internal sealed record SparseAffinities(int[] RowStart, int[] Columns, double[] Values);

/// <summary>
/// The input-space affinities p_ij of t-SNE: each point's Gaussian width is found by binary search so that its conditional
/// distribution has the requested perplexity, then p_ij = (p_j|i + p_i|j) / 2n.
/// </summary>
internal static class TsneAffinities
{
    private const int MaxSearchSteps = 200;
    private const double EntropyTolerance = 1e-5;

    /// <summary>Dense n × n affinities over all pairs, row-major, zero diagonal.</summary>
    public static double[] Exact(float[][] rows, double perplexity, ParallelOptions parallel)
    {
        int n = rows.Length;
        var p = new double[n * n];
        Parallel.For(0, n, parallel, () => new double[2 * (n - 1)], (i, _, buffer) =>
        {
            var distances = buffer.AsSpan(0, n - 1);
            var conditional = buffer.AsSpan(n - 1, n - 1);
            var row = rows[i];
            for (int j = 0, m = 0; j < n; j++)
            {
                if (j == i) continue;
                double d = TensorPrimitives.Distance(row, rows[j]);
                distances[m++] = d * d;
            }

            Calibrate(distances, perplexity, conditional);
            var target = p.AsSpan(i * n, n);
            for (int j = 0, m = 0; j < n; j++)
            {
                if (j != i) target[j] = conditional[m++];
            }

            return buffer;
        }, _ => { });

        double scale = 1.0 / (2.0 * n);
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double v = (p[i * n + j] + p[j * n + i]) * scale;
                p[i * n + j] = v;
                p[j * n + i] = v;
            }
        }

        return p;
    }

    /// <summary>
    /// Sparse affinities over each point's ⌈3 × perplexity⌉ nearest neighbours; the symmetrised rows hold between k and
    /// 2k entries because p_ij is kept when either point is among the other's neighbours.
    /// </summary>
    public static SparseAffinities Sparse(float[][] rows, double perplexity, int k, ParallelOptions parallel)
    {
        int n = rows.Length;
        var neighbours = new int[n * k];
        var squared = new float[n * k];
        EmbeddingKnn.FindNearest(rows, k, neighbours, squared, parallel);

        var conditional = new double[n * k];
        Parallel.For(0, n, parallel, () => new double[k], (i, _, distances) =>
        {
            for (int m = 0; m < k; m++) distances[m] = squared[i * k + m];
            Calibrate(distances, perplexity, conditional.AsSpan(i * k, k));
            return distances;
        }, _ => { });

        return Symmetrise(n, k, neighbours, conditional);
    }

    /// <summary>
    /// Sets <paramref name="p"/> to exp(-β d²) normalised, with β chosen so the entropy is ln(perplexity) nats.
    /// </summary>
    internal static void Calibrate(ReadOnlySpan<double> squaredDistances, double perplexity, Span<double> p)
    {
        // Measuring from the nearest neighbour keeps at least one weight at exp(0) = 1, so high-dimensional inputs whose
        // distances are all large cannot underflow to an all-zero row.
        double nearest = double.PositiveInfinity;
        double mean = 0;
        foreach (double d in squaredDistances)
        {
            nearest = Math.Min(nearest, d);
            mean += d;
        }

        mean = mean / squaredDistances.Length - nearest;
        double target = Math.Log(perplexity);
        // Starting from the scale of the data saves the dozens of halvings that pixel-valued distances would need from β = 1.
        double beta = mean > 0 ? 1.0 / mean : 1.0;
        double low = 0;
        double high = double.PositiveInfinity;
        double sum = 0;
        for (int step = 0; step < MaxSearchSteps; step++)
        {
            sum = 0;
            double weighted = 0;
            for (int j = 0; j < p.Length; j++)
            {
                double shifted = squaredDistances[j] - nearest;
                double w = Math.Exp(-beta * shifted);
                p[j] = w;
                sum += w;
                weighted += w * shifted;
            }

            double entropy = Math.Log(sum) + beta * weighted / sum;
            if (Math.Abs(entropy - target) <= EntropyTolerance) break;
            if (entropy > target)
            {
                low = beta;
                beta = double.IsPositiveInfinity(high) ? beta * 2 : (beta + high) / 2;
            }
            else
            {
                high = beta;
                beta = (beta + low) / 2;
            }
        }

        for (int j = 0; j < p.Length; j++) p[j] /= sum;
    }

    private static SparseAffinities Symmetrise(int n, int k, int[] neighbours, double[] conditional)
    {
        // Each conditional entry (i, j) is also written as (j, i); sorting by (row, column) puts the two halves of a pair
        // side by side, and the sort depends only on the data, so the result is the same on every run.
        int entries = 2 * n * k;
        var keys = new long[entries];
        var values = new double[entries];
        for (int i = 0, e = 0; i < n; i++)
        {
            for (int m = 0; m < k; m++, e += 2)
            {
                int j = neighbours[i * k + m];
                double v = conditional[i * k + m];
                keys[e] = (long)i * n + j;
                values[e] = v;
                keys[e + 1] = (long)j * n + i;
                values[e + 1] = v;
            }
        }

        Array.Sort(keys, values);
        var rowStart = new int[n + 1];
        var columns = new List<int>(entries);
        var merged = new List<double>(entries);
        double scale = 1.0 / (2.0 * n);
        for (int e = 0; e < entries;)
        {
            long key = keys[e];
            double v = values[e++];
            // At most two entries share a key, and a + b == b + a exactly, so the unstable sort cannot change the sum.
            if (e < entries && keys[e] == key) v += values[e++];
            int row = (int)(key / n);
            rowStart[row + 1]++;
            columns.Add((int)(key % n));
            merged.Add(v * scale);
        }

        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
        return new SparseAffinities(rowStart, columns.ToArray(), merged.ToArray());
    }
}
