using Hematology.ML.Datasets;
using Hematology.ML.Imaging;
using Hematology.ML.Training;

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

    /// <summary>Whether <paramref name="file"/> was read.</summary>
    public bool Contains(string file) => _images.ContainsKey(file);

    /// <summary>The cell of a readable file, at the working-set resolution.</summary>
    public RgbImage Image(string file) => _images[file];

    /// <summary>Decodes every file in parallel; unreadable ones are added to <paramref name="skipped"/> and left out.</summary>
    public static SmearCells Decode(IReadOnlyList<string> paths, int resolution, List<SkippedFile> skipped, CancellationToken cancellationToken)
    {
        var images = new RgbImage?[paths.Count];
        var reasons = new string?[paths.Count];
        Parallel.For(0, paths.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var image = CellImageDecoder.TryDecode(paths[i], out reasons[i]);
            if (image is not null) images[i] = CellImagePreprocessor.ToWorkingSet(image, resolution, CellImageBatches.WorkingSetJpegQuality);
        });
        var readable = new Dictionary<string, RgbImage>(StringComparer.Ordinal);
        var files = new List<string>(paths.Count);
        for (var i = 0; i < paths.Count; i++)
        {
            if (images[i] is null) skipped.Add(new SkippedFile(paths[i], reasons[i] ?? "unreadable image"));
            else if (readable.TryAdd(paths[i], images[i]!)) files.Add(paths[i]);
        }
        return new SmearCells(files, readable);
    }
}
