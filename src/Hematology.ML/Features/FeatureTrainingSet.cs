using Hematology.ML.Datasets;
using Hematology.ML.Imaging;

namespace Hematology.ML.Features;

/// <summary>
/// Featurised, labelled cells ready for fitting: one entry per readable image, with its views.
/// </summary>
/// <param name="Classes">Label names in index order.</param>
/// <param name="Samples">The images used, aligned with <paramref name="Views"/> and <paramref name="Labels"/>.</param>
/// <param name="Views">[image][view] raw feature vectors.</param>
/// <param name="Labels">Class index of each image.</param>
/// <param name="Skipped">Images that could not be used, and why.</param>
public sealed record FeatureTrainingSet(
    IReadOnlyList<string> Classes,
    IReadOnlyList<CellSample> Samples,
    IReadOnlyList<float[][]> Views,
    IReadOnlyList<int> Labels,
    IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>
    /// Rows for fitting: every view of every selected image is a training example of its own (the
    /// augmentation), so the model learns orientation-free cells.
    /// </summary>
    public (float[][] Rows, int[] Labels) TrainingRows(IReadOnlyList<int> images)
    {
        var rows = new List<float[]>();
        var labels = new List<int>();
        foreach (var i in images)
            foreach (var view in Views[i]) { rows.Add(view); labels.Add(Labels[i]); }
        return (rows.ToArray(), labels.ToArray());
    }

    /// <summary>Rows for scoring: one view-averaged vector per selected image, as at prediction time.</summary>
    public float[][] ScoringRows(IReadOnlyList<int> images) => images.Select(i => FeatureExtraction.Average(Views[i])).ToArray();
}
