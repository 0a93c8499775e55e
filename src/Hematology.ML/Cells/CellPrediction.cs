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
/// A trained cell-image classifier, whatever its kind (features + SVM now, CNNs later): the contract
/// that classification, evaluation and screening use.
/// </summary>
public interface ICellClassifier : IDisposable
{
    /// <summary>Class names in index order.</summary>
    IReadOnlyList<string> Classes { get; }

    /// <summary>Resolution of the images it learned from; every input is brought to it first.</summary>
    int SourceResolution { get; }

    /// <summary>
    /// The label this model uses for a cell class (the class itself, or its group when the model
    /// learned a coarser grouping), or null when the model does not know the class.
    /// </summary>
    string? LabelOf(string cellClass) => Classes.Contains(cellClass) ? cellClass : null;

    /// <summary>
    /// Class probabilities for image files; unreadable files are skipped and listed.
    /// <paramref name="progress"/> receives the number of images done.
    /// </summary>
    CellClassification Classify(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Class probabilities for cells already decoded (the cells a field's detection cut out), each named by its
    /// <c>Source</c>; adapts to them as <see cref="Classify"/> adapts to files. Models that read files (feature models)
    /// get them as lossless temporary files, removed afterwards; networks and ensembles score the pixels.
    /// </summary>
    CellClassification ClassifyImages(IReadOnlyList<(string Source, Imaging.RgbImage Image)> cells, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Path.GetTempPath(), "hematology-cells-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var paths = new string[cells.Count];
            for (var i = 0; i < cells.Count; i++)
            {
                paths[i] = Path.Combine(folder, $"{i:D6}.png");
                File.WriteAllBytes(paths[i], Imaging.CellImageDecoder.EncodePng(cells[i].Image));
            }
            var result = Classify(paths, progress, cancellationToken);
            var renamed = result.Predictions.Select((p, i) => p is null ? null : p with { Source = cells[i].Source }).ToArray();
            var skipped = result.Skipped.Select(s => s with { Path = cells[Array.IndexOf(paths, s.Path)].Source }).ToArray();
            return new CellClassification(renamed, skipped);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>
/// A cell classifier that also scores cells already decoded: a smear screen decodes each cell once and hands
/// the same pixels to every stage, instead of each stage reading the files again.
/// </summary>
internal interface IDecodedCellClassifier : ICellClassifier
{
    /// <summary>Class probabilities (in <see cref="ICellClassifier.Classes"/> order) of decoded cell images of any size.</summary>
    float[][] PredictProbabilities(IReadOnlyList<Imaging.RgbImage> images);
}

/// <summary>Predictions for a set of files, in input order (null where the file was unreadable).</summary>
public sealed record CellClassification(IReadOnlyList<CellPrediction?> Predictions, IReadOnlyList<SkippedFile> Skipped);
