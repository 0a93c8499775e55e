using System.Text;

namespace Hematology.ML.Features.Svm;

/// <summary>
/// Binary layout of a saved <see cref="KernelSvmModel"/> (all little-endian):
/// magic "HMLKSVM\0", int32 version, kernel (int32 kind, float64 gamma, float64 coef0, int32 degree),
/// int32 classCount, int32 featureCount, classCount presence bytes, int32 svCount, svCount*featureCount float32,
/// int32 pairCount, then per pair: int32 positive, int32 negative, float64 rho, float64 plattA, float64 plattB,
/// int32 n, n int32 support-vector indices, n float64 coefficients.
/// </summary>
internal static class KernelSvmModelFormat
{
    private const int CurrentVersion = 1;

    // Guards against absurd allocations when a corrupted header claims billions of entries.
    private const long MaxElements = 1L << 31;

    private static readonly byte[] Magic = "HMLKSVM\0"u8.ToArray();

    public static void Write(KernelSvmModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(CurrentVersion);
        writer.Write((int)model.Kernel.Kind);
        writer.Write(model.Kernel.Gamma ?? 0.0);
        writer.Write(model.Kernel.Coef0);
        writer.Write(model.Kernel.Degree);
        writer.Write(model.ClassCount);
        writer.Write(model.FeatureCount);
        foreach (bool present in model.ClassPresent)
        {
            writer.Write(present);
        }

        writer.Write(model.SupportVectorCount);
        foreach (float[] vector in model.SupportVectors)
        {
            foreach (float value in vector)
            {
                writer.Write(value);
            }
        }

        writer.Write(model.PairModels.Count);
        foreach (SvmPairModel pair in model.PairModels)
        {
            writer.Write(pair.PositiveClass);
            writer.Write(pair.NegativeClass);
            writer.Write(pair.Rho);
            writer.Write(pair.Sigmoid.A);
            writer.Write(pair.Sigmoid.B);
            writer.Write(pair.SupportVectors.Length);
            foreach (int index in pair.SupportVectors)
            {
                writer.Write(index);
            }

            foreach (double coefficient in pair.Coefficients)
            {
                writer.Write(coefficient);
            }
        }
    }

    public static KernelSvmModel Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            byte[] magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("The stream is not a Hematology.ML kernel SVM model (the file header does not match).");
            }

            int version = reader.ReadInt32();
            if (version != CurrentVersion)
            {
                throw new InvalidDataException($"Unsupported kernel SVM model version {version}; this library reads version {CurrentVersion}.");
            }

            var kind = (SvmKernelKind)reader.ReadInt32();
            double gamma = reader.ReadDouble();
            double coef0 = reader.ReadDouble();
            int degree = reader.ReadInt32();
            SvmKernel kernel = kind switch
            {
                SvmKernelKind.Linear => SvmKernel.Linear(),
                SvmKernelKind.Polynomial => SvmKernel.Polynomial(degree, gamma, coef0),
                SvmKernelKind.Rbf => SvmKernel.Rbf(gamma),
                _ => throw new InvalidDataException($"Unknown kernel kind {(int)kind} in the model."),
            };

            int classCount = ReadCount(reader, "class count", 1, 1 << 16);
            int featureCount = ReadCount(reader, "feature count", 1, 1 << 26);
            var present = new bool[classCount];
            for (int c = 0; c < classCount; c++)
            {
                present[c] = reader.ReadBoolean();
            }

            int svCount = ReadCount(reader, "support vector count", 0);
            if ((long)svCount * featureCount > MaxElements)
            {
                throw new InvalidDataException("The model claims an implausibly large support-vector table.");
            }

            var vectors = new float[svCount][];
            for (int k = 0; k < svCount; k++)
            {
                var vector = new float[featureCount];
                for (int f = 0; f < featureCount; f++)
                {
                    vector[f] = reader.ReadSingle();
                }

                vectors[k] = vector;
            }

            int pairCount = ReadCount(reader, "pair count", 0, 1 << 26);
            var pairs = new SvmPairModel[pairCount];
            for (int p = 0; p < pairCount; p++)
            {
                int positive = reader.ReadInt32();
                int negative = reader.ReadInt32();
                if ((uint)positive >= (uint)classCount || (uint)negative >= (uint)classCount || positive == negative
                    || !present[positive] || !present[negative])
                {
                    throw new InvalidDataException($"Pair {p} refers to invalid classes ({positive}, {negative}).");
                }

                double rho = reader.ReadDouble();
                var sigmoid = new PlattSigmoid(reader.ReadDouble(), reader.ReadDouble());
                int n = ReadCount(reader, "pair support vector count", 0);
                if (n > svCount)
                {
                    throw new InvalidDataException($"Pair {p} claims {n} support vectors but the model has {svCount}.");
                }

                var indices = new int[n];
                for (int k = 0; k < n; k++)
                {
                    indices[k] = reader.ReadInt32();
                    if ((uint)indices[k] >= (uint)svCount)
                    {
                        throw new InvalidDataException($"Pair {p} refers to support vector {indices[k]}, outside 0..{svCount - 1}.");
                    }
                }

                var coefficients = new double[n];
                for (int k = 0; k < n; k++)
                {
                    coefficients[k] = reader.ReadDouble();
                }

                pairs[p] = new SvmPairModel(positive, negative, indices, coefficients, rho, sigmoid);
            }

            return new KernelSvmModel(kernel, classCount, featureCount, vectors, pairs, present);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The kernel SVM model is truncated (the stream ended early).", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The kernel SVM model contains invalid kernel parameters: {e.Message}", e);
        }
    }

    private static int ReadCount(BinaryReader reader, string what, int minimum, int maximum = int.MaxValue)
    {
        int value = reader.ReadInt32();
        if (value < minimum || value > maximum)
        {
            throw new InvalidDataException($"The model's {what} ({value}) is invalid.");
        }

        return value;
    }
}
