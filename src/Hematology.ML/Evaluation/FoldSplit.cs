namespace Hematology.ML.Evaluation;

/// <summary>Sample indices of one cross-validation fold.</summary>
/// <param name="Fold">Fold index (0-based).</param>
/// <param name="TrainIndices">Indices used for training (every other fold), ascending.</param>
/// <param name="TestIndices">Held-out indices of this fold, ascending.</param>
public sealed record FoldSplit(int Fold, int[] TrainIndices, int[] TestIndices);
