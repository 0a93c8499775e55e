namespace Hematology.ML.Training;

/// <summary>Where a training run is within an epoch, for progress bars.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Phase"><c>train</c> or <c>validate</c>.</param>
/// <param name="ImagesDone">Images of this phase done.</param>
/// <param name="ImagesTotal">Images of this phase.</param>
/// <param name="LearningRate">The current learning rate.</param>
internal sealed record TrainingProgress(int Epoch, string Phase, int ImagesDone, int ImagesTotal, double LearningRate);
