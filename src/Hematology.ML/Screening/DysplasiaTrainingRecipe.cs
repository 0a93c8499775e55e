namespace Hematology.ML.Screening;

/// <summary>
/// How a DysplasiaNet candidate is trained: plain values, so every run of the family comparison and
/// of cross-validation uses the same recipe and can be written down.
/// </summary>
/// <param name="Network">A registry name: <c>dysplasianet</c> (= M1) or <c>dysplasianet-m2</c> ... <c>-m8</c>.</param>
/// <param name="InputSize">Input side in pixels (the thesis used 299; measured choice, see docs/screening.md).</param>
/// <param name="Epochs">Passes over the training neutrophils; the best epoch by validation accuracy is kept.</param>
/// <param name="Seed">Seed of initialisation, shuffling and augmentation.</param>
internal sealed record DysplasiaTrainingRecipe(string Network, int InputSize, int Epochs, int Seed)
{
    /// <summary>Images per step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Adam's learning rate (cosine schedule). 1e-3, not the eight-class default 1e-4: a 17k-73k-parameter
    /// network from scratch learned the simulated task within 3-4 epochs at 1e-3 (runs/ logs of the shipped model).
    /// Measured failure mode: some runs stay at chance for the first 2 epochs (see docs/screening.md).
    /// </summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Flips and rotations each epoch (granularity does not depend on orientation).</summary>
    public bool Augment { get; init; } = true;

    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "cpu";
}
