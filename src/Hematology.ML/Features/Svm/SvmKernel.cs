using System.Numerics.Tensors;

namespace Hematology.ML.Features.Svm;

/// <summary>
/// A kernel function together with its hyper-parameters. Immutable, so one instance can be shared by
/// all the binary problems that are trained in parallel.
/// </summary>
internal sealed record SvmKernel
{
    /// <summary>Which kernel family this is.</summary>
    public SvmKernelKind Kind { get; init; }

    /// <summary>
    /// Scale of the inner product (polynomial) or of the squared distance (RBF). <see langword="null"/> means
    /// "scale": 1 / (featureCount * variance of all feature values), resolved from the training data as scikit-learn does.
    /// Ignored by the linear kernel.
    /// </summary>
    public double? Gamma { get; init; }

    /// <summary>Additive constant of the polynomial kernel; ignored by the other kernels.</summary>
    public double Coef0 { get; init; }

    /// <summary>Degree of the polynomial kernel; ignored by the other kernels.</summary>
    public int Degree { get; init; } = 3;

    /// <summary>Creates the linear kernel &lt;x, y&gt;.</summary>
    public static SvmKernel Linear() => new() { Kind = SvmKernelKind.Linear };

    /// <summary>Creates the polynomial kernel (gamma * &lt;x, y&gt; + coef0)^degree.</summary>
    /// <param name="degree">Polynomial degree, at least 1 (2 = quadratic, 3 = cubic).</param>
    /// <param name="gamma">Inner-product scale; <see langword="null"/> for the data-dependent "scale" default.</param>
    /// <param name="coef0">
    /// Additive constant. Defaults to 1 (not LIBSVM's 0) because with 0 an even-degree kernel loses all lower-order
    /// terms, and MATLAB's quadratic/cubic SVMs used by the thesis are (1 + &lt;x, y&gt;)^q.
    /// </param>
    public static SvmKernel Polynomial(int degree, double? gamma = null, double coef0 = 1.0)
    {
        if (degree < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(degree), degree, "The polynomial degree must be at least 1.");
        }

        ValidateGamma(gamma);
        if (!double.IsFinite(coef0))
        {
            throw new ArgumentOutOfRangeException(nameof(coef0), coef0, "coef0 must be a finite number.");
        }

        return new() { Kind = SvmKernelKind.Polynomial, Degree = degree, Gamma = gamma, Coef0 = coef0 };
    }

    /// <summary>Creates the Gaussian RBF kernel exp(-gamma * |x - y|^2).</summary>
    /// <param name="gamma">Width parameter; <see langword="null"/> for the data-dependent "scale" default.</param>
    public static SvmKernel Rbf(double? gamma = null)
    {
        ValidateGamma(gamma);
        return new() { Kind = SvmKernelKind.Rbf, Gamma = gamma };
    }

    /// <summary>True when the kernel can be evaluated, i.e. it needs no gamma or gamma has been fixed.</summary>
    public bool IsResolved => Kind == SvmKernelKind.Linear || Gamma.HasValue;

    /// <summary>
    /// Returns this kernel with a missing gamma replaced by the "scale" default computed from <paramref name="samples"/>;
    /// returns the kernel unchanged when it is already resolved.
    /// </summary>
    /// <param name="samples">The training rows (all of equal length).</param>
    public SvmKernel ResolveGamma(IReadOnlyList<float[]> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return IsResolved ? this : this with { Gamma = ScaleGamma(samples) };
    }

    /// <summary>
    /// The scikit-learn "scale" gamma, 1 / (featureCount * variance of every feature value pooled together).
    /// Pooling keeps gamma tied to the typical squared distance, so the kernel neither saturates to 0 nor to 1.
    /// Returns 1 when the data have zero variance, where any positive value is equivalent.
    /// </summary>
    /// <param name="samples">The training rows (all of equal length, at least one).</param>
    public static double ScaleGamma(IReadOnlyList<float[]> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0 || samples[0].Length == 0)
        {
            throw new ArgumentException("At least one non-empty sample is needed to compute the default gamma.", nameof(samples));
        }

        // Welford-free two-pass form in double: float sums over ~10^7 values would lose the variance.
        double sum = 0;
        long count = 0;
        foreach (var row in samples)
        {
            for (int k = 0; k < row.Length; k++)
            {
                sum += row[k];
            }

            count += row.Length;
        }

        double mean = sum / count;
        double squares = 0;
        foreach (var row in samples)
        {
            for (int k = 0; k < row.Length; k++)
            {
                double d = row[k] - mean;
                squares += d * d;
            }
        }

        double variance = squares / count;
        return variance > 0 ? 1.0 / (samples[0].Length * variance) : 1.0;
    }

    /// <summary>Evaluates K(x, y).</summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector, same length as <paramref name="x"/>.</param>
    /// <exception cref="InvalidOperationException">Gamma has not been resolved (see <see cref="ResolveGamma"/>).</exception>
    public double Evaluate(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Kernel arguments must have the same length ({x.Length} vs {y.Length}).");
        }

        EnsureResolved();
        double dot = TensorPrimitives.Dot(x, y);
        return Kind == SvmKernelKind.Rbf
            ? FromDot(dot, TensorPrimitives.Dot(x, x), TensorPrimitives.Dot(y, y))
            : FromDot(dot, 0, 0);
    }

    /// <summary>
    /// Kernel value from a precomputed inner product (and, for RBF, squared norms): |x - y|^2 = |x|^2 + |y|^2 - 2&lt;x, y&gt;
    /// turns every kernel into one SIMD dot product per pair.
    /// </summary>
    internal double FromDot(double dot, double xSquaredNorm, double ySquaredNorm)
    {
        switch (Kind)
        {
            case SvmKernelKind.Linear:
                return dot;
            case SvmKernelKind.Polynomial:
                return IntegerPower(Gamma!.Value * dot + Coef0, Degree);
            default:
                // Rounding can make the expanded distance slightly negative for (near-)identical points.
                double squaredDistance = Math.Max(0.0, xSquaredNorm + ySquaredNorm - 2.0 * dot);
                return Math.Exp(-Gamma!.Value * squaredDistance);
        }
    }

    /// <summary>True when <see cref="FromDot"/> needs the squared norms of its arguments.</summary>
    internal bool NeedsSquaredNorms => Kind == SvmKernelKind.Rbf;

    internal void EnsureResolved()
    {
        if (!IsResolved)
        {
            throw new InvalidOperationException("The kernel's gamma is not set; call ResolveGamma with the training data first.");
        }
    }

    private static double IntegerPower(double value, int exponent)
    {
        // Repeated squaring: Math.Pow is several times slower and this runs once per kernel entry.
        double result = 1.0;
        while (exponent > 0)
        {
            if ((exponent & 1) != 0)
            {
                result *= value;
            }

            value *= value;
            exponent >>= 1;
        }

        return result;
    }

    private static void ValidateGamma(double? gamma)
    {
        if (gamma is { } g && !(g > 0 && double.IsFinite(g)))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be a positive finite number (or null for the default).");
        }
    }
}
