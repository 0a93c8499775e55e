using System.Numerics.Tensors;

namespace Hematology.ML.Features.Svm;

/// <summary>
/// A trained multi-class kernel SVM (one-versus-one) with Platt-calibrated pairwise probabilities combined by pairwise
/// coupling. Immutable and thread-safe for prediction.
/// </summary>
internal sealed class KernelSvmModel
{
    private readonly float[][] supportVectors;
    private readonly float[] supportVectorNorms;
    private readonly SvmPairModel[] pairs;
    private readonly bool[] classPresent;
    private readonly int[] presentClasses;

    internal KernelSvmModel(SvmKernel kernel, int classCount, int featureCount, float[][] supportVectors, SvmPairModel[] pairs, bool[] classPresent)
    {
        kernel.EnsureResolved();
        Kernel = kernel;
        ClassCount = classCount;
        FeatureCount = featureCount;
        this.supportVectors = supportVectors;
        this.pairs = pairs;
        this.classPresent = classPresent;
        presentClasses = Enumerable.Range(0, classCount).Where(c => classPresent[c]).ToArray();
        supportVectorNorms = supportVectors.Select(v => TensorPrimitives.Dot(v, v)).ToArray();
        Pairs = pairs.Select(p => (p.PositiveClass, p.NegativeClass)).ToArray();
    }

    /// <summary>The resolved kernel (gamma filled in).</summary>
    public SvmKernel Kernel { get; }

    /// <summary>Number of classes; labels and probability indices are 0..ClassCount-1.</summary>
    public int ClassCount { get; }

    /// <summary>Length of the feature vectors the model expects.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of distinct support vectors over all pairs (each stored once).</summary>
    public int SupportVectorCount => supportVectors.Length;

    /// <summary>
    /// The binary machines in the order of <see cref="DecisionValues"/>: (i, j) with i &lt; j, positive for class i.
    /// Pairs involving a class without training samples are absent.
    /// </summary>
    public IReadOnlyList<(int PositiveClass, int NegativeClass)> Pairs { get; }

    internal IReadOnlyList<SvmPairModel> PairModels => pairs;

    internal IReadOnlyList<float[]> SupportVectors => supportVectors;

    internal IReadOnlyList<bool> ClassPresent => classPresent;

    /// <summary>Decision value of every binary machine for <paramref name="x"/>, in the order of <see cref="Pairs"/>.</summary>
    /// <param name="x">Feature vector of length <see cref="FeatureCount"/>.</param>
    public double[] DecisionValues(float[] x)
    {
        ValidateSample(x, nameof(x));
        double[] kernelValues = KernelToSupportVectors(x);
        var values = new double[pairs.Length];
        for (int p = 0; p < pairs.Length; p++)
        {
            values[p] = Decision(pairs[p], kernelValues);
        }

        return values;
    }

    /// <summary>Class probabilities for <paramref name="x"/>: length <see cref="ClassCount"/>, summing to 1, 0 for classes never seen in training.</summary>
    /// <param name="x">Feature vector of length <see cref="FeatureCount"/>.</param>
    public float[] PredictProbabilities(float[] x)
    {
        ValidateSample(x, nameof(x));
        double[] kernelValues = KernelToSupportVectors(x);
        int m = presentClasses.Length;
        var slot = new int[ClassCount];
        for (int s = 0; s < m; s++)
        {
            slot[presentClasses[s]] = s;
        }

        var r = new double[m, m];
        foreach (var pair in pairs)
        {
            double p = pair.Sigmoid.Probability(Decision(pair, kernelValues));
            r[slot[pair.PositiveClass], slot[pair.NegativeClass]] = p;
            r[slot[pair.NegativeClass], slot[pair.PositiveClass]] = 1 - p;
        }

        double[] coupled = PairwiseCoupling.Couple(r);
        var result = new float[ClassCount];
        for (int s = 0; s < m; s++)
        {
            result[presentClasses[s]] = (float)coupled[s];
        }

        return result;
    }

    /// <summary>Class probabilities for many rows, computed in parallel.</summary>
    /// <param name="xs">Feature vectors, each of length <see cref="FeatureCount"/>.</param>
    /// <param name="maxDegreeOfParallelism">Concurrency limit; -1 for the runtime's default.</param>
    public float[][] PredictProbabilities(float[][] xs, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(xs);
        for (int i = 0; i < xs.Length; i++)
        {
            ValidateSample(xs[i], $"{nameof(xs)}[{i}]");
        }

        var result = new float[xs.Length][];
        Parallel.For(0, xs.Length, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i => result[i] = PredictProbabilities(xs[i]));
        return result;
    }

    /// <summary>
    /// The most probable class (lowest index on ties). This is the argmax of <see cref="PredictProbabilities(float[])"/>,
    /// as LIBSVM's probability prediction, and can occasionally differ from one-versus-one majority voting when the
    /// votes are split and the calibrated probabilities disagree with the vote count.
    /// </summary>
    /// <param name="x">Feature vector of length <see cref="FeatureCount"/>.</param>
    public int Predict(float[] x)
    {
        float[] p = PredictProbabilities(x);
        int best = 0;
        for (int c = 1; c < p.Length; c++)
        {
            if (p[c] > p[best])
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>Writes the model in the compact binary format read by <see cref="Load"/>.</summary>
    /// <param name="stream">A writable stream; left open.</param>
    public void Save(Stream stream) => KernelSvmModelFormat.Write(this, stream);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <param name="stream">A readable stream positioned at the start of the model; left open.</param>
    /// <exception cref="InvalidDataException">The stream is not a kernel SVM model, is of an unknown version, or is truncated.</exception>
    public static KernelSvmModel Load(Stream stream) => KernelSvmModelFormat.Read(stream);

    private static double Decision(SvmPairModel pair, double[] kernelValues)
    {
        double sum = -pair.Rho;
        int[] sv = pair.SupportVectors;
        double[] coefficients = pair.Coefficients;
        for (int k = 0; k < sv.Length; k++)
        {
            sum += coefficients[k] * kernelValues[sv[k]];
        }

        return sum;
    }

    private double[] KernelToSupportVectors(float[] x)
    {
        float norm = Kernel.NeedsSquaredNorms ? TensorPrimitives.Dot(x, x) : 0f;
        var values = new double[supportVectors.Length];
        for (int k = 0; k < supportVectors.Length; k++)
        {
            values[k] = Kernel.FromDot(TensorPrimitives.Dot(x, supportVectors[k]), norm, supportVectorNorms[k]);
        }

        return values;
    }

    private void ValidateSample(float[] x, string name)
    {
        if (x is null)
        {
            throw new ArgumentNullException(name);
        }

        if (x.Length != FeatureCount)
        {
            throw new ArgumentException($"{name} has {x.Length} features but the model was trained on {FeatureCount}.", name);
        }

        if (!float.IsFinite(TensorPrimitives.Sum(x)) && x.Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException($"{name} contains NaN or infinite values.", name);
        }
    }
}
