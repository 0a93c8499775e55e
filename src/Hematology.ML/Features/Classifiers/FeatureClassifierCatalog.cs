using Hematology.ML.Features.Svm;
using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace Hematology.ML.Features.Classifiers;

/// <summary>
/// Every feature classifier by name, so the CLI, model files and benchmarks speak the same names.
/// The thesis's systems are the polynomial-kernel SVMs (quadratic, cubic) and the RBF SVM; the linear
/// models and gradient boosting are the usual baselines.
/// </summary>
public static class FeatureClassifierCatalog
{
    /// <summary>One-versus-all linear SVM (ML.NET, Pegasos-style solver).</summary>
    public const string LinearSvm = "linear-svm";
    /// <summary>Multinomial logistic regression (maximum entropy, L-BFGS; ML.NET).</summary>
    public const string MaximumEntropy = "maxent";
    /// <summary>Exact kernel SVM, polynomial degree 2 (our SMO solver).</summary>
    public const string QuadraticSvm = "svm-quadratic";
    /// <summary>Exact kernel SVM, polynomial degree 3 (the thesis's cubic SVM).</summary>
    public const string CubicSvm = "svm-cubic";
    /// <summary>Exact kernel SVM, Gaussian RBF kernel.</summary>
    public const string RbfSvm = "svm-rbf";
    /// <summary>RBF kernel approximated by random Fourier features (ML.NET ApproximatedKernelMap) + linear SVM.</summary>
    public const string RandomFourierSvm = "rbf-rff";
    /// <summary>Gradient-boosted trees (LightGBM).</summary>
    public const string LightGbm = "lightgbm";

    /// <summary>All names.</summary>
    public static IReadOnlyList<string> Names { get; } = [LinearSvm, MaximumEntropy, QuadraticSvm, CubicSvm, RbfSvm, RandomFourierSvm, LightGbm];

    /// <summary>Defaults of the trainers, kept in one place.</summary>
    internal static class Defaults
    {
        /// <summary>Soft-margin C of the kernel SVMs.</summary>
        public const double KernelSvmC = 10;
        /// <summary>Random frequencies for <see cref="RandomFourierSvm"/> (cosine and sine of each: twice as many features).</summary>
        public const int RandomFeatures = 2048;
        /// <summary>L2 penalty of the maximum-entropy model.</summary>
        public const float MaximumEntropyL2 = 1f;
        /// <summary>Boosting rounds of LightGBM.</summary>
        public const int BoostingRounds = 200;
    }

    /// <summary>A trainer by name; <paramref name="featureCount"/> sets kernel widths (gamma = 1/d on standardised features).</summary>
    internal static IFeatureClassifierTrainer Create(string name, int featureCount, int seed = 0, int? threads = null)
    {
        const string label = "Label", features = "Features";
        var gamma = 1.0 / Math.Max(1, featureCount);
        return name switch
        {
            LinearSvm => new MlNetFeatureClassifierTrainer(name, ml => ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.LinearSvm(label, features, numberOfIterations: 20), label), false, seed),
            MaximumEntropy => new MlNetFeatureClassifierTrainer(name, ml => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(
                label, features, l2Regularization: Defaults.MaximumEntropyL2), true, seed),
            // The cache checkpoint matters: without it the linear SVM's passes recompute the random
            // features every epoch (measured: over ten minutes for one fit instead of about one).
            RandomFourierSvm => new MlNetFeatureClassifierTrainer(name, ml => ml.Transforms.ApproximatedKernelMap(features, rank: Defaults.RandomFeatures,
                    generator: new GaussianKernel((float)gamma), useCosAndSinBases: true, seed: seed)
                .AppendCacheCheckpoint(ml)
                .Append(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.LinearSvm(label, features, numberOfIterations: 20), label)), false, seed),
            LightGbm => new MlNetFeatureClassifierTrainer(name, ml => ml.MulticlassClassification.Trainers.LightGbm(
                label, features, numberOfIterations: Defaults.BoostingRounds), true, seed),
            QuadraticSvm => new KernelSvmFeatureClassifierTrainer(name, SvmKernel.Polynomial(2, gamma, 1), Defaults.KernelSvmC, threads),
            CubicSvm => new KernelSvmFeatureClassifierTrainer(name, SvmKernel.Polynomial(3, gamma, 1), Defaults.KernelSvmC, threads),
            RbfSvm => new KernelSvmFeatureClassifierTrainer(name, SvmKernel.Rbf(gamma), Defaults.KernelSvmC, threads),
            _ => throw new HematologyException($"Unknown classifier '{name}'; known: {string.Join(", ", Names)}."),
        };
    }

    /// <summary>Reads a trained classifier that <see cref="IFeatureClassifier.Save"/> wrote.</summary>
    internal static IFeatureClassifier Load(string name, Stream stream) => name switch
    {
        QuadraticSvm or CubicSvm or RbfSvm => KernelSvmFeatureClassifier.Load(name, stream),
        _ when Names.Contains(name) => MlNetFeatureClassifier.Load(name, stream),
        _ => throw new InvalidDataException($"The model file names an unknown classifier '{name}'."),
    };
}
