using System.Numerics.Tensors;

namespace Hematology.ML.Explain.Embedding;

/// <summary>
/// Leave-one-out k-nearest-neighbour accuracy of labelled points, Euclidean, in any dimension. Comparing it on raw pixels,
/// on learned features and on their 2-D embeddings shows how much of the class structure each representation keeps.
/// </summary>
internal static class EmbeddingKnn
{
    /// <summary>
    /// Fraction of points whose label equals the majority label of their <paramref name="k"/> nearest other points.
    /// A tied vote goes to the tied label whose member is nearest; points at equal distance are taken in index order.
    /// </summary>
    /// <typeparam name="TLabel">Label type, compared with its default equality.</typeparam>
    /// <param name="points">The points, all of the same length, finite values.</param>
    /// <param name="labels">One label a point.</param>
    /// <param name="k">Neighbours that vote, from 1 to the number of points minus 1.</param>
    /// <param name="cancellationToken">Stops the neighbour search.</param>
    /// <returns>Accuracy in [0, 1].</returns>
    public static double LeaveOneOutAccuracy<TLabel>(
        IReadOnlyList<float[]> points, IReadOnlyList<TLabel> labels, int k = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var rows = CheckRows(points, nameof(points));
        int n = rows.Length;
        if (labels.Count != n)
        {
            throw new ArgumentException($"There are {labels.Count} labels for {n} points; each point needs one label.", nameof(labels));
        }

        if (k < 1 || k > n - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the number of points minus 1 ({n - 1}).");
        }

        var neighbours = new int[n * k];
        FindNearest(rows, k, neighbours, new float[n * k], new ParallelOptions { CancellationToken = cancellationToken });
        var comparer = EqualityComparer<TLabel>.Default;
        var votes = new int[k];
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            var nearest = neighbours.AsSpan(i * k, k);
            for (int a = 0; a < k; a++)
            {
                votes[a] = 0;
                for (int b = 0; b < k; b++)
                {
                    if (comparer.Equals(labels[nearest[a]], labels[nearest[b]])) votes[a]++;
                }
            }

            // Neighbours are sorted by distance, so the first with the most votes is the nearest member of a tied label.
            int winner = 0;
            for (int a = 1; a < k; a++)
            {
                if (votes[a] > votes[winner]) winner = a;
            }

            if (comparer.Equals(labels[nearest[winner]], labels[i])) correct++;
        }

        return correct / (double)n;
    }

    /// <summary>
    /// Fills row i of <paramref name="neighbours"/> (k entries) with the indices of the k points nearest point i, itself
    /// excluded, nearest first, and <paramref name="squaredDistances"/> with their squared distances.
    /// </summary>
    internal static void FindNearest(float[][] rows, int k, int[] neighbours, float[] squaredDistances, ParallelOptions parallel)
    {
        int n = rows.Length;
        Parallel.For(0, n, parallel, i =>
        {
            var index = neighbours.AsSpan(i * k, k);
            var distance = squaredDistances.AsSpan(i * k, k);
            var row = rows[i];
            int filled = 0;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                float d = TensorPrimitives.Distance(row, rows[j]);
                d *= d;
                // Rejecting equal distances keeps the earlier index, so ties resolve the same way on every run.
                if (filled == k && d >= distance[k - 1]) continue;
                int slot = filled < k ? filled++ : k - 1;
                while (slot > 0 && distance[slot - 1] > d)
                {
                    distance[slot] = distance[slot - 1];
                    index[slot] = index[slot - 1];
                    slot--;
                }

                distance[slot] = d;
                index[slot] = j;
            }
        });
    }

    /// <summary>
    /// Checks that there is at least one point, that all points are non-null, non-empty, of one length and finite, and
    /// returns them as an array so the hot loops index it without interface calls.
    /// </summary>
    internal static float[][] CheckRows(IReadOnlyList<float[]> points, string paramName)
    {
        ArgumentNullException.ThrowIfNull(points, paramName);
        if (points.Count == 0)
        {
            throw new ArgumentException("There are no points.", paramName);
        }

        var rows = new float[points.Count][];
        for (int i = 0; i < rows.Length; i++)
        {
            var row = points[i] ?? throw new ArgumentException($"Point {i} is null.", paramName);
            if (row.Length == 0)
            {
                throw new ArgumentException($"Point {i} has no values.", paramName);
            }

            if (i > 0 && row.Length != rows[0].Length)
            {
                throw new ArgumentException(
                    $"Point {i} has {row.Length} values but point 0 has {rows[0].Length}; all points need the same length.", paramName);
            }

            int bad = FirstNonFinite(row);
            if (bad >= 0)
            {
                throw new ArgumentException($"Point {i}, value {bad} is {row[bad]}; only finite values can be embedded.", paramName);
            }

            rows[i] = row;
        }

        return rows;
    }

    private static int FirstNonFinite(float[] row)
    {
        for (int j = 0; j < row.Length; j++)
        {
            if (!float.IsFinite(row[j])) return j;
        }

        return -1;
    }
}
