using Hematology.ML.Datasets;
using Hematology.ML.Imaging;
using Hematology.ML.Networks;
using static TorchSharp.torch;

namespace Hematology.ML.Training;

/// <summary>
/// Cell images decoded once and brought to the network input by the working-set recipe (centre crop,
/// Lanczos resize, JPEG round trip when resized, as inference does), kept in memory as bytes (the
/// 128-pixel PBC training set is ~530 MB), and turned into standardised float batches on demand,
/// augmented if asked. <see cref="Prepare"/> is thread-safe, so the trainer builds the next batch on
/// the thread pool while the network works on the current one.
/// </summary>
internal sealed class CellImageBatches
{
    private readonly RgbImage[] _images;

    /// <summary>Decodes and resizes <paramref name="samples"/>; labels are indices into <paramref name="classes"/>.</summary>
    /// <exception cref="HematologyException">A sample's class is not among <paramref name="classes"/>.</exception>
    public CellImageBatches(IReadOnlyList<CellSample> samples, IReadOnlyList<string> classes, int inputSize, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (samples.Count == 0) throw new HematologyException("No images to make batches of.");
        Labels = samples.Select(s => (long)IndexOf(classes, s.CellClass)).ToArray();
        _images = new RgbImage[samples.Count];
        var done = 0;
        Parallel.For(0, samples.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            _images[i] = CellImagePreprocessor.ToWorkingSet(CellImageDecoder.Decode(samples[i].Path), inputSize, CellImagePreprocessor.WorkingSetJpegQuality);
            progress?.Report(Interlocked.Increment(ref done));
        });
    }

    /// <summary>Number of images.</summary>
    public int Count => _images.Length;

    /// <summary>Label index of each image.</summary>
    public IReadOnlyList<long> Labels { get; }

    /// <summary>
    /// The pixels of the images at <paramref name="indices"/>, planar [n, 3, side, side], each image
    /// standardised on its own (thesis ch. 4.3); <paramref name="augmentSeed"/> draws one augmented view
    /// per image.
    /// </summary>
    public PreparedBatch Prepare(IReadOnlyList<int> indices, int? augmentSeed = null)
    {
        var side = _images[0].Width;
        var plane = 3 * side * side;
        var pixels = new float[indices.Count * plane];
        var augmenter = new CellAugmenter();
        Parallel.For(0, indices.Count, k =>
        {
            var image = _images[indices[k]];
            if (augmentSeed is { } seed) image = augmenter.Augment(image, Seeds.Combine(seed, indices[k], k));
            var values = image.ToPlanarFloats();
            PixelStandardizer.StandardizeInPlace(values);
            values.CopyTo(pixels, k * plane);
        });
        return new PreparedBatch(pixels, indices.Select(i => Labels[i]).ToArray(), side);
    }

    /// <summary><see cref="Prepare"/> as tensors on <paramref name="device"/>.</summary>
    public (Tensor Images, Tensor Labels) Batch(IReadOnlyList<int> indices, int? augmentSeed = null, Device? device = null) =>
        Prepare(indices, augmentSeed).ToTensors(device);

    private static int IndexOf(IReadOnlyList<string> classes, string cellClass)
    {
        for (var i = 0; i < classes.Count; i++)
            if (string.Equals(classes[i], cellClass, StringComparison.OrdinalIgnoreCase)) return i;
        throw new HematologyException($"Image class '{cellClass}' is not one of the network's classes ({string.Join(", ", classes)}).");
    }
}
