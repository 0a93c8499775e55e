using Hematology.ML.Imaging;

namespace Hematology.ML.Screening;

/// <summary>
/// The cells of one smear, each decoded once and brought to the working-set resolution (centre crop, Lanczos,
/// JPEG round trip: the form the models learned from). Originals are not kept: a 360x363 cell is eight times
/// the memory of its 128-pixel form, and a smear may hold thousands.
/// </summary>
internal sealed class SmearCells
{
    private readonly Dictionary<string, RgbImage> _images;

    private SmearCells(IReadOnlyList<string> files, Dictionary<string, RgbImage> images)
    {
        Files = files;
        _images = images;
    }

    /// <summary>The readable cell files, in the order given.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The cell of a readable file, at the working-set resolution.</summary>
    public RgbImage Image(string file) => _images[file];

    /// <summary>Decodes every file in parallel; unreadable ones are added to <paramref name="skipped"/> and left out.</summary>
    public static SmearCells Decode(IReadOnlyList<string> paths, int resolution, List<SkippedFile> skipped, CancellationToken cancellationToken)
    {
        var images = CellImageDecoder.TryDecodeAll(paths, skipped,
            image => CellImagePreprocessor.ToWorkingSet(image, resolution, CellImagePreprocessor.WorkingSetJpegQuality), cancellationToken);
        var readable = new Dictionary<string, RgbImage>(StringComparer.Ordinal);
        var files = new List<string>(paths.Count);
        for (var i = 0; i < paths.Count; i++)
            if (images[i] is { } image && readable.TryAdd(paths[i], image)) files.Add(paths[i]);
        return new SmearCells(files, readable);
    }
}
