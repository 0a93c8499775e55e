using System.Numerics.Tensors;

namespace Hematology.ML.Features.Svm;

/// <summary>
/// Least-recently-used cache of rows of the kernel matrix K(x_i, x_j) of one training problem, bounded by a memory
/// budget, as in LIBSVM. SMO touches only two rows per iteration but revisits the same few hundred rows (the free
/// support vectors) over and over, so caching them avoids recomputing most kernel values, while the full matrix of a
/// large problem (10^4 samples: 400 MB as float) would not fit or would waste time on rows never used.
/// </summary>
/// <remarks>Not thread-safe: each binary problem owns its cache.</remarks>
internal sealed class KernelCache
{
    private readonly IReadOnlyList<float[]> samples;
    private readonly SvmKernel kernel;
    private readonly float[] squaredNorms;
    private readonly float[] diagonal;
    private readonly float[]?[] rows;

    // Doubly linked LRU list over sample indices with a sentinel at index Count: next of the sentinel is the most
    // recently used row, prev of the sentinel the least recently used. Arrays instead of LinkedList avoid node garbage.
    private readonly int[] previous;
    private readonly int[] next;
    private int cachedRows;

    /// <summary>Creates a cache for the kernel matrix of <paramref name="samples"/>.</summary>
    /// <param name="samples">The rows of the problem (referenced, not copied; must not change while the cache is used).</param>
    /// <param name="kernel">A resolved kernel (gamma known).</param>
    /// <param name="megabytes">Memory budget for cached rows; at least two rows are always kept, which SMO needs.</param>
    public KernelCache(IReadOnlyList<float[]> samples, SvmKernel kernel, double megabytes)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(kernel);
        kernel.EnsureResolved();
        if (!(megabytes > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(megabytes), megabytes, "The cache budget must be positive.");
        }

        this.samples = samples;
        this.kernel = kernel;
        int n = samples.Count;
        squaredNorms = new float[n];
        diagonal = new float[n];
        for (int i = 0; i < n; i++)
        {
            float[] row = samples[i];
            squaredNorms[i] = TensorPrimitives.Dot(row, row);
            diagonal[i] = (float)kernel.FromDot(squaredNorms[i], squaredNorms[i], squaredNorms[i]);
        }

        long rowBytes = Math.Max(1L, (long)n * sizeof(float));
        long budgetRows = (long)(megabytes * 1024 * 1024 / rowBytes);
        CapacityRows = (int)Math.Clamp(budgetRows, Math.Min(2, n), n);
        rows = new float[n][];
        previous = new int[n + 1];
        next = new int[n + 1];
        previous[n] = n;
        next[n] = n;
    }

    /// <summary>Number of samples, i.e. the order of the kernel matrix.</summary>
    public int Count => samples.Count;

    /// <summary>How many rows fit into the memory budget.</summary>
    public int CapacityRows { get; }

    /// <summary>Number of row requests answered from the cache.</summary>
    public long Hits { get; private set; }

    /// <summary>Number of row requests that had to compute the row.</summary>
    public long Misses { get; private set; }

    /// <summary>K(x_i, x_i), precomputed because SMO's second-order step needs it for every candidate.</summary>
    /// <param name="i">Sample index.</param>
    public double Diagonal(int i) => diagonal[i];

    /// <summary>The squared Euclidean norm of sample <paramref name="i"/>.</summary>
    internal float SquaredNorm(int i) => squaredNorms[i];

    /// <summary>
    /// Row <paramref name="i"/> of the kernel matrix. The span stays valid until two further distinct rows have been
    /// requested (the cache holds at least two rows), which is all SMO needs for its pair of working rows.
    /// </summary>
    /// <param name="i">Sample index.</param>
    public ReadOnlySpan<float> GetRow(int i)
    {
        int sentinel = samples.Count;
        float[]? row = rows[i];
        if (row is not null)
        {
            Hits++;
            Unlink(i);
            LinkAsMostRecent(i, sentinel);
            return row;
        }

        Misses++;
        if (cachedRows >= CapacityRows)
        {
            // Reuse the evicted row's buffer: rows are large and would otherwise churn the large-object heap.
            int victim = previous[sentinel];
            Unlink(victim);
            row = rows[victim]!;
            rows[victim] = null;
            cachedRows--;
        }
        else
        {
            row = new float[sentinel];
        }

        ComputeRow(i, row);
        rows[i] = row;
        cachedRows++;
        LinkAsMostRecent(i, sentinel);
        return row;
    }

    /// <summary>A single kernel entry K(x_i, x_j), computed without touching the cache.</summary>
    /// <param name="i">First sample index.</param>
    /// <param name="j">Second sample index.</param>
    public double Evaluate(int i, int j)
        => kernel.FromDot(TensorPrimitives.Dot(samples[i], samples[j]), squaredNorms[i], squaredNorms[j]);

    private void ComputeRow(int i, float[] destination)
    {
        float[] xi = samples[i];
        double normI = squaredNorms[i];
        for (int j = 0; j < destination.Length; j++)
        {
            float dot = TensorPrimitives.Dot(xi, samples[j]);
            destination[j] = (float)kernel.FromDot(dot, normI, squaredNorms[j]);
        }
    }

    private void Unlink(int i)
    {
        next[previous[i]] = next[i];
        previous[next[i]] = previous[i];
    }

    private void LinkAsMostRecent(int i, int sentinel)
    {
        int first = next[sentinel];
        next[i] = first;
        previous[i] = sentinel;
        previous[first] = i;
        next[sentinel] = i;
    }
}
