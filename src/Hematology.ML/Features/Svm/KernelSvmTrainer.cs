using System.Numerics.Tensors;

namespace Hematology.ML.Features.Svm;

/// <summary>
/// Trains a multi-class kernel SVM the way LIBSVM does: one binary C-SVC per pair of classes (k(k-1)/2 problems, each
/// on the samples of its two classes only), solved by <see cref="SmoSolver"/>, with a Platt sigmoid per pair for
/// probabilities. Pairs are independent, so they are solved in parallel.
/// </summary>
internal sealed class KernelSvmTrainer
{
    /// <summary>Creates a trainer.</summary>
    /// <param name="options">Hyper-parameters; <see langword="null"/> for the defaults (RBF, C = 1).</param>
    public KernelSvmTrainer(KernelSvmOptions? options = null)
    {
        Options = options ?? new KernelSvmOptions();
    }

    /// <summary>The hyper-parameters used by <see cref="Fit"/>.</summary>
    public KernelSvmOptions Options { get; }

    /// <summary>Trains a model.</summary>
    /// <param name="features">One row per sample, all of the same length, finite values. Rows are not modified.</param>
    /// <param name="labels">Class of each sample, 0..classCount-1. Classes may be absent (their probability is then 0).</param>
    /// <param name="classCount">Number of classes, at least 2.</param>
    /// <param name="progress">Receives the fraction of pairwise problems finished: 0 at the start, then once per finished pair.</param>
    /// <param name="cancellationToken">Cancels training with <see cref="OperationCanceledException"/>.</param>
    public KernelSvmModel Fit(
        float[][] features,
        int[] labels,
        int classCount,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        int featureCount = ValidateInputs(features, labels, classCount);
        Options.Validate(classCount);
        cancellationToken.ThrowIfCancellationRequested();

        SvmKernel kernel = Options.Kernel.ResolveGamma(features);
        var byClass = new List<int>[classCount];
        for (int c = 0; c < classCount; c++)
        {
            byClass[c] = [];
        }

        for (int i = 0; i < labels.Length; i++)
        {
            byClass[labels[i]].Add(i);
        }

        var present = byClass.Select(list => list.Count > 0).ToArray();
        var pairClasses = new List<(int Positive, int Negative)>();
        for (int s = 0; s < classCount; s++)
        {
            for (int t = s + 1; t < classCount; t++)
            {
                if (present[s] && present[t])
                {
                    pairClasses.Add((s, t));
                }
            }
        }

        int concurrency = Math.Max(1, Math.Min(Options.MaxDegreeOfParallelism, pairClasses.Count));
        double cachePerProblem = Options.CacheMegabytes / concurrency;
        var solutions = new PairSolution[pairClasses.Count];
        int finished = 0;
        progress?.Report(pairClasses.Count == 0 ? 1.0 : 0.0);
        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, pairClasses.Count, parallelOptions, p =>
            {
                var (s, t) = pairClasses[p];
                solutions[p] = TrainPair(features, byClass[s], byClass[t], s, t, p, kernel, cachePerProblem, cancellationToken);
                progress?.Report((double)Interlocked.Increment(ref finished) / pairClasses.Count);
            });
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.All(inner => inner is OperationCanceledException))
        {
            throw new OperationCanceledException("Kernel SVM training was cancelled.", e, cancellationToken);
        }

        return Assemble(features, kernel, classCount, featureCount, present, pairClasses, solutions);
    }

    private PairSolution TrainPair(
        float[][] features, List<int> positive, List<int> negative, int positiveClass, int negativeClass, int pairIndex,
        SvmKernel kernel, double cacheMegabytes, CancellationToken cancellationToken)
    {
        int n = positive.Count + negative.Count;
        var indices = new int[n];
        positive.CopyTo(indices);
        negative.CopyTo(indices, positive.Count);
        var samples = new float[n][];
        var y = new int[n];
        var bounds = new double[n];
        double cPositive = Options.C * (Options.ClassWeights?[positiveClass] ?? 1.0);
        double cNegative = Options.C * (Options.ClassWeights?[negativeClass] ?? 1.0);
        for (int i = 0; i < n; i++)
        {
            samples[i] = features[indices[i]];
            bool isPositive = i < positive.Count;
            y[i] = isPositive ? 1 : -1;
            bounds[i] = isPositive ? cPositive : cNegative;
        }

        var cache = new KernelCache(samples, kernel, cacheMegabytes);
        SmoResult result = SmoSolver.Solve(cache, y, bounds, Options.Tolerance, Options.MaxIterations, cancellationToken);

        int folds = Options.ProbabilityFolds;
        IReadOnlyList<double> decisions = folds >= 2 && positive.Count >= folds && negative.Count >= folds
            ? CrossValidatedDecisions(samples, y, bounds, kernel, folds, pairIndex, cacheMegabytes, cancellationToken)
            : result.TrainingDecisionValues;
        var sigmoid = PlattSigmoid.Fit(decisions, y.Select(v => v > 0).ToArray());

        var supportVectors = result.SupportVectorIndices.Select(k => indices[k]).ToArray();
        return new PairSolution(supportVectors, result.Coefficients.ToArray(), result.Rho, sigmoid);
    }

    /// <summary>
    /// Decision values of every sample from a model trained without its fold, as LIBSVM does before fitting Platt's
    /// sigmoid. Folds are stratified (each class shuffled separately and dealt round-robin) so that no training fold
    /// misses a class; the shuffle is seeded per pair so fits are reproducible.
    /// </summary>
    private double[] CrossValidatedDecisions(
        float[][] samples, int[] y, double[] bounds, SvmKernel kernel, int folds, int pairIndex, double cacheMegabytes,
        CancellationToken cancellationToken)
    {
        int n = samples.Length;
        var fold = new int[n];
        var random = new Random(unchecked(Options.Seed * 1_000_003 + pairIndex));
        foreach (int side in new[] { 1, -1 })
        {
            int[] members = Enumerable.Range(0, n).Where(i => y[i] == side).ToArray();
            random.Shuffle(members);
            for (int r = 0; r < members.Length; r++)
            {
                fold[members[r]] = r % folds;
            }
        }

        var norms = samples.Select(v => TensorPrimitives.Dot(v, v)).ToArray();
        var decisions = new double[n];
        for (int f = 0; f < folds; f++)
        {
            int[] train = Enumerable.Range(0, n).Where(i => fold[i] != f).ToArray();
            var cache = new KernelCache(train.Select(i => samples[i]).ToArray(), kernel, cacheMegabytes);
            SmoResult result = SmoSolver.Solve(
                cache, train.Select(i => y[i]).ToArray(), train.Select(i => bounds[i]).ToArray(),
                Options.Tolerance, Options.MaxIterations, cancellationToken);

            var sv = result.SupportVectorIndices.Select(k => train[k]).ToArray();
            for (int i = 0; i < n; i++)
            {
                if (fold[i] != f)
                {
                    continue;
                }

                double sum = -result.Rho;
                for (int k = 0; k < sv.Length; k++)
                {
                    double dot = TensorPrimitives.Dot(samples[i], samples[sv[k]]);
                    sum += result.Coefficients[k] * kernel.FromDot(dot, norms[i], norms[sv[k]]);
                }

                decisions[i] = sum;
            }
        }

        return decisions;
    }

    private static KernelSvmModel Assemble(
        float[][] features, SvmKernel kernel, int classCount, int featureCount, bool[] present,
        List<(int Positive, int Negative)> pairClasses, PairSolution[] solutions)
    {
        // Ascending training index order makes the shared table, and so the saved model, independent of thread timing.
        int[] table = solutions.SelectMany(s => s.SupportVectors).Distinct().Order().ToArray();
        var position = new Dictionary<int, int>(table.Length);
        for (int k = 0; k < table.Length; k++)
        {
            position[table[k]] = k;
        }

        var vectors = table.Select(i => (float[])features[i].Clone()).ToArray();
        var pairs = new SvmPairModel[solutions.Length];
        for (int p = 0; p < solutions.Length; p++)
        {
            PairSolution s = solutions[p];
            pairs[p] = new SvmPairModel(
                pairClasses[p].Positive, pairClasses[p].Negative,
                s.SupportVectors.Select(i => position[i]).ToArray(), s.Coefficients, s.Rho, s.Sigmoid);
        }

        return new KernelSvmModel(kernel, classCount, featureCount, vectors, pairs, present);
    }

    private static int ValidateInputs(float[][] features, int[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (classCount < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "A classifier needs at least 2 classes.");
        }

        if (features.Length == 0)
        {
            throw new ArgumentException("The training set is empty.", nameof(features));
        }

        if (labels.Length != features.Length)
        {
            throw new ArgumentException($"There are {features.Length} feature rows but {labels.Length} labels; they must match one to one.", nameof(labels));
        }

        int featureCount = features[0]?.Length ?? 0;
        if (featureCount == 0)
        {
            throw new ArgumentException("Feature rows must not be null or empty (row 0 is).", nameof(features));
        }

        for (int i = 0; i < features.Length; i++)
        {
            float[] row = features[i];
            if (row is null || row.Length != featureCount)
            {
                throw new ArgumentException(
                    $"All feature rows must have the same length: row 0 has {featureCount} values but row {i} has {(row is null ? "none (null)" : row.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}.",
                    nameof(features));
            }

            for (int f = 0; f < featureCount; f++)
            {
                if (!float.IsFinite(row[f]))
                {
                    throw new ArgumentException($"Feature {f} of row {i} is {row[f]}; NaN and infinite values are not allowed.", nameof(features));
                }
            }

            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"Label {labels[i]} of row {i} is outside 0..{classCount - 1}.", nameof(labels));
            }
        }

        return featureCount;
    }

    private sealed record PairSolution(int[] SupportVectors, double[] Coefficients, double Rho, PlattSigmoid Sigmoid);
}
