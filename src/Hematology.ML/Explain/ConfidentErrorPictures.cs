using Hematology.ML.Evaluation;
using Hematology.ML.Imaging;

namespace Hematology.ML.Explain;

/// <summary>
/// What a report shows of one confident error: the cell as the network saw it (centre square) and, for a
/// network model, its Grad-CAM for the predicted class (why the network thought so) and for the true class
/// (what it found of the right answer). PNG bytes, small enough to embed dozens in one HTML page.
/// </summary>
/// <param name="Error">The error shown.</param>
/// <param name="Cell">The centre square of the image, or null when it could not be read.</param>
/// <param name="PredictedMap">Grad-CAM overlay for the predicted class, or null without a network.</param>
/// <param name="TrueMap">Grad-CAM overlay for the true class, or null without a network.</param>
/// <param name="Unreadable">Why the image could not be read again, or null.</param>
internal sealed record ConfidentErrorPictures(ConfidentError Error, byte[]? Cell, byte[]? PredictedMap, byte[]? TrueMap, string? Unreadable)
{
    /// <summary>Side in pixels of the pictures unless told otherwise: enough to see granules, small enough for a report.</summary>
    public const int DefaultSize = 128;

    // Two maps per error: one network batch of the default size (32) per pass, and progress between passes.
    private const int ErrorsPerPass = 16;

    /// <summary>The pictures of <paramref name="errors"/>, in their order.</summary>
    /// <param name="errors">The errors to draw.</param>
    /// <param name="gradCam">Grad-CAM of the evaluated network, or null to draw the cells alone.</param>
    /// <param name="size">Side of the cell pictures (the overlays add a colour bar to the right).</param>
    /// <param name="progress">Receives how many errors are drawn.</param>
    /// <param name="cancellationToken">Stops between Grad-CAM passes.</param>
    public static IReadOnlyList<ConfidentErrorPictures> Render(IReadOnlyList<ConfidentError> errors, GradCam? gradCam,
        int size = DefaultSize, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(errors);
        // The files were read for the evaluation moments ago, but one may have gone since: that should not cost the report.
        var images = errors.Select(e => (Image: CellImageDecoder.TryDecode(e.File, out var reason), Reason: reason)).ToArray();
        var readable = Enumerable.Range(0, errors.Count).Where(i => images[i].Image is not null).ToArray();
        var predicted = new byte[errors.Count][];
        var truth = new byte[errors.Count][];
        if (gradCam is not null)
        {
            // Both maps of an error in the same batched pass: a Grad-CAM call costs far more than an image in it.
            foreach (var chunk in readable.Chunk(ErrorsPerPass))
            {
                var cells = chunk.Select(i => images[i].Image!).ToArray();
                var classes = chunk.Select(i => errors[i].PredictedClass).Concat(chunk.Select(i => errors[i].TrueClass)).ToArray();
                var maps = gradCam.ExplainEach([.. cells, .. cells], classes, cancellationToken);
                for (var j = 0; j < chunk.Length; j++)
                {
                    predicted[chunk[j]] = CellImageDecoder.EncodePng(HeatmapColours.Overlay(cells[j], maps[j], size));
                    truth[chunk[j]] = CellImageDecoder.EncodePng(HeatmapColours.Overlay(cells[j], maps[chunk.Length + j], size));
                }
                progress?.Report(chunk[^1] + 1); // unreadable errors before it are done too
            }
        }

        var result = errors.Select((error, i) => images[i].Image is { } image
            ? new ConfidentErrorPictures(error, CellImageDecoder.EncodePng(CellImagePreprocessor.CropAndResize(image, size)), predicted[i], truth[i], null)
            : new ConfidentErrorPictures(error, null, null, null, images[i].Reason)).ToArray();
        progress?.Report(errors.Count);
        return result;
    }
}
