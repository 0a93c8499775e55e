namespace Hematology.ML.Features.Classifiers;

/// <summary>A trained classifier over standardised feature vectors.</summary>
internal interface IFeatureClassifier
{
    /// <summary>The registry name of the algorithm (e.g. <c>svm-rbf</c>).</summary>
    string Name { get; }

    /// <summary>Class scores that sum to 1, one per class index, for each row.</summary>
    float[][] PredictProbabilities(float[][] features);

    /// <summary>Writes the trained parameters.</summary>
    void Save(Stream stream);
}

/// <summary>Fits an <see cref="IFeatureClassifier"/> (the estimator half of the estimator/model pair).</summary>
internal interface IFeatureClassifierTrainer
{
    /// <summary>The registry name of the algorithm.</summary>
    string Name { get; }

    /// <summary>Trains on rows <paramref name="features"/> with class indices <paramref name="labels"/> (0..classCount-1).</summary>
    IFeatureClassifier Fit(float[][] features, int[] labels, int classCount, IProgress<double>? progress = null, CancellationToken cancellationToken = default);
}
