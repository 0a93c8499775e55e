using Hematology.ML.Features.Svm;

namespace Hematology.ML.Features.Classifiers;

/// <summary>The project's own SMO kernel SVM (one-versus-one) behind the classifier contract.</summary>
internal sealed class KernelSvmFeatureClassifierTrainer(string name, SvmKernel kernel, double c, int? threads) : IFeatureClassifierTrainer
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public IFeatureClassifier Fit(float[][] features, int[] labels, int classCount, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var trainer = new KernelSvmTrainer(new KernelSvmOptions
        {
            Kernel = kernel,
            C = c,
            MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount,
        });
        return new KernelSvmFeatureClassifier(Name, trainer.Fit(features, labels, classCount, progress, cancellationToken));
    }
}

/// <summary>A trained kernel SVM.</summary>
internal sealed class KernelSvmFeatureClassifier(string name, KernelSvmModel model) : IFeatureClassifier
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>The underlying model (support vectors, coefficients).</summary>
    public KernelSvmModel Model { get; } = model;

    /// <inheritdoc />
    public float[][] PredictProbabilities(float[][] features) => Model.PredictProbabilities(features);

    /// <inheritdoc />
    public void Save(Stream stream) => Model.Save(stream);

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public static KernelSvmFeatureClassifier Load(string name, Stream stream) => new(name, KernelSvmModel.Load(stream));
}
