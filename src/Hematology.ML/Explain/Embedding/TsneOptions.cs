namespace Hematology.ML.Explain.Embedding;

/// <summary>How <see cref="Tsne"/> computes the gradient.</summary>
internal enum TsneMethod
{
    /// <summary>
    /// <see cref="Exact"/> for at most <see cref="Tsne.AutoExactMaxPoints"/> points, <see cref="BarnesHut"/> above.
    /// </summary>
    Auto,

    /// <summary>
    /// Dense affinities over all pairs and the exact O(n²) gradient. Memory grows as n² (8 bytes a pair), so it suits
    /// a few thousand points at most.
    /// </summary>
    Exact,

    /// <summary>
    /// Sparse affinities over the ⌈3 × perplexity⌉ nearest neighbours and repulsive forces summarised by a quadtree
    /// (van der Maaten, 2014): O(n log n) a step.
    /// </summary>
    BarnesHut,
}

/// <summary>
/// Settings of <see cref="Tsne"/>. The defaults follow van der Maaten's recipe as scikit-learn applies it: perplexity 30,
/// 1000 steps of which the first 250 use early exaggeration 12 and momentum 0.5, then momentum 0.8.
/// </summary>
internal sealed record TsneOptions
{
    /// <summary>
    /// Effective number of neighbours each point's Gaussian is calibrated to, at least 1. Every point needs
    /// ⌈3 × perplexity⌉ other points, so an input with fewer than ⌈3 × perplexity⌉ + 1 points is rejected rather than the
    /// perplexity being lowered behind the caller's back.
    /// </summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Total number of gradient steps, early exaggeration included; at least 1.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Seed of the initial positions; the same seed and input give bit-identical output.</summary>
    public int Seed { get; init; }

    /// <summary>How the gradient is computed.</summary>
    public TsneMethod Method { get; init; } = TsneMethod.Auto;

    /// <summary>
    /// Barnes-Hut accuracy: a quadtree cell is treated as one body when its width divided by its distance is below
    /// theta. 0 is exact (and slow); 0.5 is the usual trade-off. Ignored by <see cref="TsneMethod.Exact"/>.
    /// </summary>
    public double Theta { get; init; } = 0.5;

    /// <summary>Factor on the attractive forces during the first <see cref="ExaggerationIterations"/> steps; at least 1.</summary>
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Number of early-exaggeration steps (momentum 0.5); the remaining steps use momentum 0.8.</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>
    /// Step size; <see langword="null"/> means scikit-learn's "auto", max(n / <see cref="EarlyExaggeration"/> / 4, 50).
    /// The division by 4 matches the factor 4 kept in the gradient.
    /// </summary>
    public double? LearningRate { get; init; }

    internal void Validate()
    {
        if (!double.IsFinite(Perplexity) || Perplexity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Perplexity), Perplexity,
                "TsneOptions.Perplexity must be a finite number of at least 1 (a perplexity below 1 cannot be reached).");
        }

        if (Iterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "TsneOptions.Iterations must be at least 1.");
        }

        if (!double.IsFinite(Theta) || Theta < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Theta), Theta, "TsneOptions.Theta must be a finite number of at least 0.");
        }

        if (!double.IsFinite(EarlyExaggeration) || EarlyExaggeration < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(EarlyExaggeration), EarlyExaggeration,
                "TsneOptions.EarlyExaggeration must be a finite number of at least 1.");
        }

        if (ExaggerationIterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ExaggerationIterations), ExaggerationIterations,
                "TsneOptions.ExaggerationIterations must not be negative.");
        }

        if (LearningRate is { } rate && (!double.IsFinite(rate) || rate <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), rate,
                "TsneOptions.LearningRate must be a finite positive number, or null for the automatic rate.");
        }

        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "TsneOptions.Method is not a known TsneMethod.");
        }
    }

    // Three standard deviations of a Gaussian hold nearly all its mass, the same cut-off as scikit-learn's.
    internal int NeighbourCount => (int)Math.Ceiling(3 * Perplexity);
}
