namespace Hematology.ML.Features.Svm;

/// <summary>Hyper-parameters and resource limits for <see cref="KernelSvmTrainer"/>.</summary>
internal sealed class KernelSvmOptions
{
    /// <summary>The kernel; gamma left <see langword="null"/> is resolved from the training data ("scale").</summary>
    public SvmKernel Kernel { get; init; } = SvmKernel.Rbf();

    /// <summary>Box constraint C: larger values fit the training data more tightly.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>
    /// Optional per-class multipliers of C (length = class count), as LIBSVM's -wi; the bound of a sample of class c
    /// is C * ClassWeights[c]. <see cref="BalancedClassWeights"/> gives scikit-learn's "balanced" weights.
    /// </summary>
    public IReadOnlyList<double>? ClassWeights { get; init; }

    /// <summary>
    /// Total memory budget for kernel rows in megabytes. It is split evenly between the binary problems solved at the
    /// same time, so the process never holds more than this regardless of parallelism.
    /// </summary>
    public double CacheMegabytes { get; init; } = 512;

    /// <summary>Stopping tolerance on the KKT violation (LIBSVM's eps).</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Iteration cap per binary problem; <see langword="null"/> for <see cref="SmoSolver.DefaultMaxIterations"/>.</summary>
    public int? MaxIterations { get; init; }

    /// <summary>How many pairwise problems are solved concurrently.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Folds of the internal cross-validation that produces the decision values Platt's sigmoids are fitted on
    /// (LIBSVM uses 5). Held-out values matter: on its own training data an SVM's decision values are optimistic
    /// (support vectors sit at |f| &lt;= 1, the rest beyond), which makes the sigmoids too steep and the probabilities
    /// overconfident. 0 fits the sigmoids on training decision values instead, about five times cheaper.
    /// Classes of a pair with fewer samples than folds also fall back to training decision values.
    /// </summary>
    public int ProbabilityFolds { get; init; } = 5;

    /// <summary>Seed of the fold assignment, so repeated fits give identical models.</summary>
    public int Seed { get; init; }

    /// <summary>scikit-learn's "balanced" weights n / (k * n_c), which equalise the total C of every class.</summary>
    /// <param name="labels">Training labels 0..classCount-1.</param>
    /// <param name="classCount">Number of classes.</param>
    public static double[] BalancedClassWeights(IReadOnlyList<int> labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var counts = new int[classCount];
        foreach (int label in labels)
        {
            if ((uint)label >= (uint)classCount)
            {
                throw new ArgumentException($"Label {label} is outside 0..{classCount - 1}.", nameof(labels));
            }

            counts[label]++;
        }

        // An absent class gets weight 1: it has no samples, so the value is never used.
        return counts.Select(n => n == 0 ? 1.0 : (double)labels.Count / (classCount * n)).ToArray();
    }

    internal void Validate(int classCount)
    {
        ArgumentNullException.ThrowIfNull(Kernel);
        if (!(C > 0 && double.IsFinite(C)))
        {
            throw new ArgumentException($"C must be a positive finite number, got {C}.");
        }

        if (!(CacheMegabytes > 0))
        {
            throw new ArgumentException($"CacheMegabytes must be positive, got {CacheMegabytes}.");
        }

        if (!(Tolerance > 0))
        {
            throw new ArgumentException($"Tolerance must be positive, got {Tolerance}.");
        }

        if (MaxIterations is < 1)
        {
            throw new ArgumentException($"MaxIterations must be at least 1, got {MaxIterations}.");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentException($"MaxDegreeOfParallelism must be at least 1, got {MaxDegreeOfParallelism}.");
        }

        if (ProbabilityFolds is < 0 or 1)
        {
            throw new ArgumentException($"ProbabilityFolds must be 0 (no cross-validation) or at least 2, got {ProbabilityFolds}.");
        }

        if (ClassWeights is { } weights)
        {
            if (weights.Count != classCount)
            {
                throw new ArgumentException($"ClassWeights has {weights.Count} entries but there are {classCount} classes.");
            }

            if (weights.Any(w => !(w > 0 && double.IsFinite(w))))
            {
                throw new ArgumentException("Every class weight must be a positive finite number.");
            }
        }
    }
}
