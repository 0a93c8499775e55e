namespace Hematology.ML.Explain.Embedding;

/// <summary>
/// t-distributed stochastic neighbour embedding (van der Maaten and Hinton, 2008) of points into two dimensions, with
/// the exact gradient or the Barnes-Hut approximation (van der Maaten, 2014).
/// </summary>
/// <remarks>
/// The optimiser is the standard one: initial positions drawn from N(0, (10⁻⁴)²), early exaggeration with momentum 0.5,
/// then momentum 0.8, per-coordinate gains (+0.2 when the gradient changes sign, ×0.8 otherwise, at least 0.01), and
/// every step is taken (there is no early stop). Work is spread over cores only where each point's result is computed
/// alone and written to its own slot, and sums across points are added in index order, so the same seed and input give
/// bit-identical output on a given machine.
/// </remarks>
internal sealed class Tsne
{
    /// <summary>
    /// Largest number of points for which <see cref="TsneMethod.Auto"/> uses the exact gradient. Up to here the dense
    /// n × n affinities take at most 8 MB and an exact step costs about as much as a Barnes-Hut one.
    /// </summary>
    public const int AutoExactMaxPoints = 1000;

    private const double InitialScale = 1e-4;
    private const double MinGain = 0.01;

    /// <summary>Creates an embedder; <paramref name="options"/> are checked here rather than at the first fit.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range; the message names it.</exception>
    public Tsne(TsneOptions? options = null)
    {
        Options = options ?? new TsneOptions();
        Options.Validate();
    }

    /// <summary>The settings this embedder uses.</summary>
    public TsneOptions Options { get; }

    /// <summary>Embeds <paramref name="points"/> into the plane.</summary>
    /// <param name="points">
    /// At least ⌈3 × perplexity⌉ + 1 points, all of the same length, finite values. The rows are read, never changed.
    /// </param>
    /// <param name="progress">Receives the fraction of optimisation steps done, from 0 to 1, from the thread that called this method.</param>
    /// <param name="cancellationToken">Stops the fit between steps or during the neighbour search.</param>
    /// <returns>One {x, y} pair a point, in input order.</returns>
    /// <exception cref="ArgumentException">The points are empty, ragged, not finite, or too few for the perplexity.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public float[][] FitTransform(
        IReadOnlyList<float[]> points, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var rows = EmbeddingKnn.CheckRows(points, nameof(points));
        int n = rows.Length;
        int k = Options.NeighbourCount;
        if (n < k + 1)
        {
            throw new ArgumentException(
                $"Perplexity {Options.Perplexity} needs at least {k + 1} points (each point needs 3 × perplexity = {k} " +
                $"neighbours) but there are {n}; lower TsneOptions.Perplexity.", nameof(points));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        bool exact = Options.Method == TsneMethod.Exact || (Options.Method == TsneMethod.Auto && n <= AutoExactMaxPoints);
        var scratch = new double[3 * n];
        Action<double[], double, double[]> gradient;
        if (exact)
        {
            var p = TsneAffinities.Exact(rows, Options.Perplexity, parallel);
            gradient = (y, exaggeration, grad) => ExactGradient(p, y, exaggeration, grad, scratch, parallel);
        }
        else
        {
            var p = TsneAffinities.Sparse(rows, Options.Perplexity, k, parallel);
            var tree = new BarnesHutTree();
            double theta = Options.Theta;
            gradient = (y, exaggeration, grad) => BarnesHutGradient(p, tree, theta, y, exaggeration, grad, scratch, parallel);
        }

        var positions = Optimise(n, gradient, progress, cancellationToken);
        var embedding = new float[n][];
        for (int i = 0; i < n; i++) embedding[i] = [(float)positions[2 * i], (float)positions[2 * i + 1]];
        return embedding;
    }

    private double[] Optimise(
        int n, Action<double[], double, double[]> gradient, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var y = InitialPositions(n, Options.Seed);
        var grad = new double[2 * n];
        var update = new double[2 * n];
        var gains = new double[2 * n];
        Array.Fill(gains, 1.0);
        double rate = Options.LearningRate ?? Math.Max(n / Options.EarlyExaggeration / 4, 50);
        int reportEvery = Math.Max(1, Options.Iterations / 100);
        progress?.Report(0);
        for (int step = 0; step < Options.Iterations; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool early = step < Options.ExaggerationIterations;
            gradient(y, early ? Options.EarlyExaggeration : 1, grad);
            double momentum = early ? 0.5 : 0.8;
            for (int c = 0; c < y.Length; c++)
            {
                // Steps that keep direction grow, steps that reverse shrink (delta-bar-delta).
                gains[c] = update[c] * grad[c] < 0 ? gains[c] + 0.2 : Math.Max(gains[c] * 0.8, MinGain);
                update[c] = momentum * update[c] - rate * gains[c] * grad[c];
                y[c] += update[c];
            }

            if ((step + 1) % reportEvery == 0 || step + 1 == Options.Iterations)
            {
                progress?.Report((step + 1) / (double)Options.Iterations);
            }
        }

        return y;
    }

    /// <summary>x0, y0, x1, y1, … from N(0, (10⁻⁴)²) by Box-Muller on a seeded <see cref="Random"/>.</summary>
    private static double[] InitialPositions(int n, int seed)
    {
        var random = new Random(seed);
        var y = new double[2 * n];
        for (int c = 0; c < y.Length; c += 2)
        {
            // 1 - NextDouble() lies in (0, 1], so the logarithm is finite.
            double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            double angle = 2 * Math.PI * random.NextDouble();
            y[c] = InitialScale * radius * Math.Cos(angle);
            y[c + 1] = InitialScale * radius * Math.Sin(angle);
        }

        return y;
    }

    /// <summary>
    /// Exact gradient of KL(P‖Q): 4 Σ_j (e p_ij − q_ij) w_ij (y_i − y_j) with w_ij = 1 / (1 + |y_i − y_j|²), e the
    /// exaggeration. <paramref name="scratch"/> holds 3n doubles.
    /// </summary>
    internal static void ExactGradient(
        double[] p, double[] y, double exaggeration, double[] grad, double[] scratch, ParallelOptions parallel)
    {
        int n = y.Length / 2;
        Parallel.For(0, n, parallel, i =>
        {
            double xi = y[2 * i], yi = y[2 * i + 1];
            double attractX = 0, attractY = 0, repelX = 0, repelY = 0, z = 0;
            var row = p.AsSpan(i * n, n);
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double dx = xi - y[2 * j], dy = yi - y[2 * j + 1];
                double w = 1.0 / (1.0 + dx * dx + dy * dy);
                z += w;
                double pull = row[j] * w, push = w * w;
                attractX += pull * dx;
                attractY += pull * dy;
                repelX += push * dx;
                repelY += push * dy;
            }

            Store(i, attractX, attractY, repelX, repelY, z, grad, scratch);
        });
        Combine(n, exaggeration, grad, scratch);
    }

    /// <summary>
    /// Barnes-Hut gradient: attraction over the sparse affinities, repulsion from <paramref name="tree"/> rebuilt over
    /// <paramref name="y"/>. <paramref name="scratch"/> holds 3n doubles.
    /// </summary>
    internal static void BarnesHutGradient(SparseAffinities p, BarnesHutTree tree, double theta, double[] y,
        double exaggeration, double[] grad, double[] scratch, ParallelOptions parallel)
    {
        int n = y.Length / 2;
        tree.Build(y);
        Parallel.For(0, n, parallel, i =>
        {
            double xi = y[2 * i], yi = y[2 * i + 1];
            double attractX = 0, attractY = 0;
            for (int e = p.RowStart[i]; e < p.RowStart[i + 1]; e++)
            {
                int j = p.Columns[e];
                double dx = xi - y[2 * j], dy = yi - y[2 * j + 1];
                double pull = p.Values[e] / (1.0 + dx * dx + dy * dy);
                attractX += pull * dx;
                attractY += pull * dy;
            }

            double z = tree.Repulsion(i, theta, out double repelX, out double repelY);
            Store(i, attractX, attractY, repelX, repelY, z, grad, scratch);
        });
        Combine(n, exaggeration, grad, scratch);
    }

    // Per-point parts go to their own slots (attraction in grad, repulsion and Z share in scratch) because the
    // normalisation Z needs every point before any repulsion can be scaled.
    private static void Store(int i, double attractX, double attractY, double repelX, double repelY, double z,
        double[] grad, double[] scratch)
    {
        grad[2 * i] = attractX;
        grad[2 * i + 1] = attractY;
        scratch[2 * i] = repelX;
        scratch[2 * i + 1] = repelY;
        scratch[grad.Length + i] = z;
    }

    private static void Combine(int n, double exaggeration, double[] grad, double[] scratch)
    {
        double z = 0;
        for (int i = 0; i < n; i++) z += scratch[2 * n + i];
        for (int c = 0; c < 2 * n; c++) grad[c] = 4 * (exaggeration * grad[c] - scratch[c] / z);
    }
}
