using Hematology.ML.Imaging;

namespace Hematology.ML.Cells;

/// <summary>What a classifier says about one cell image.</summary>
/// <param name="Source">The image file (or another label of the input).</param>
/// <param name="PredictedClass">The most probable class.</param>
/// <param name="Probability">Its probability.</param>
/// <param name="Probabilities">All class probabilities, in the model's class order.</param>
public sealed record CellPrediction(string Source, string PredictedClass, float Probability, IReadOnlyList<float> Probabilities)
{
    /// <summary>The prediction of the most probable class (the first of equals) from probabilities in <paramref name="classes"/> order.</summary>
    public static CellPrediction FromProbabilities(string source, IReadOnlyList<string> classes, float[] probabilities)
    {
        var best = MostProbable(probabilities);
        return new CellPrediction(source, classes[best], probabilities[best], probabilities);
    }

    /// <summary>The index of the largest probability (the first of equals).</summary>
    internal static int MostProbable(float[] probabilities)
    {
        var best = 0;
        for (var i = 1; i < probabilities.Length; i++) if (probabilities[i] > probabilities[best]) best = i;
        return best;
    }
}

/// <summary>
/// A trained cell-image classifier, whatever its kind (a CNN, deep features into an SVM, an ensemble): the contract
/// that classification, evaluation and screening use. Its one scoring entry takes decoded pixels
/// (<see cref="ClassifyImages"/>); files go through the single default on top of it (<see cref="Classify"/>), so each
/// cell is decoded once and every stage that follows gets the same pixels.
/// </summary>
public interface ICellClassifier : IDisposable
{
    /// <summary>Class names in index order.</summary>
    IReadOnlyList<string> Classes { get; }

    /// <summary>Resolution of the images it learned from; every input is brought to it first (<see cref="ToWorkingSet"/>).</summary>
    int SourceResolution { get; }

    /// <summary>
    /// The label this model uses for a cell class (the class itself, or its group when the model
    /// learned a coarser grouping), or null when the model does not know the class.
    /// </summary>
    string? LabelOf(string cellClass) => Classes.Contains(cellClass) ? cellClass : null;

    /// <summary>
    /// A decoded cell in the form the model learned from: centre crop, Lanczos resize to <see cref="SourceResolution"/> and a
    /// JPEG round trip, as PBC's working set was made. A cell already in that form is returned as it is, so a caller may hold
    /// cells this way (an eighth of the memory of a 360-pixel original) and hand them to <see cref="ClassifyImages"/>.
    /// </summary>
    Imaging.RgbImage ToWorkingSet(Imaging.RgbImage cell) =>
        Imaging.CellImagePreprocessor.ToWorkingSet(cell, SourceResolution, Imaging.CellImagePreprocessor.WorkingSetJpegQuality);

    /// <summary>
    /// Class probabilities for decoded cells of any size, each named by its <c>Source</c>, in input order: the one scoring
    /// entry every model implements. A model that adapts to its input (label-free, <see cref="Adaptation"/>) adapts to
    /// these cells. <paramref name="progress"/> receives the number of cells done.
    /// </summary>
    CellClassification ClassifyImages(IReadOnlyList<(string Source, Imaging.RgbImage Image)> cells, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Class probabilities for image files: each is decoded once within the pixel budget and brought to
    /// <see cref="ToWorkingSet"/>, the readable ones are scored together by <see cref="ClassifyImages"/>, and the
    /// unreadable ones are skipped and listed. <paramref name="progress"/> receives the number of images done.
    /// </summary>
    CellClassification Classify(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        CellFiles.Classify(this, imagePaths, progress, cancellationToken);

    /// <summary>Label-free adaptation to the lab of the images given, when the model has it (networks and ensembles of them); else null.</summary>
    internal ILabAdaptable? Adaptation => null;

    /// <summary>Its work cut into input preparation and one network, when it has a single network to time; else null.</summary>
    internal IStagedCellModel? Stages => null;

    /// <summary>
    /// Where a model that computes features keeps them between runs (a folder; null: in memory only). Models that compute
    /// none, such as networks, have nothing to keep.
    /// </summary>
    internal void UseFeatureCache(string? folder) { }
}

/// <summary>Predictions for a set of files, in input order (null where the file was unreadable).</summary>
public sealed record CellClassification(IReadOnlyList<CellPrediction?> Predictions, IReadOnlyList<SkippedFile> Skipped);
