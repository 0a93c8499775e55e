using Hematology.ML.Datasets;
using Hematology.ML.Imaging;
using Hematology.ML.Runtime;
using static TorchSharp.torch;

namespace Hematology.ML.Training;

/// <summary>
/// Cell images decoded once, centre-cropped and resized to the network input, kept as bytes (a quarter of
/// the memory of floats), and turned into standardised float batches on demand, augmented if asked.
/// </summary>
public sealed class CellImageBatches
{
    private readonly RgbImage[] _images;
    private readonly long[] _labels;

    /// <summary>Decodes and resizes <paramref name="samples"/>; labels are indices into <paramref name="classes"/>.</summary>
    /// <exception cref="HematologyException">A sample's class is not among <paramref name="classes"/>.</exception>
    public CellImageBatches(IReadOnlyList<CellSample> samples, IReadOnlyList<string> classes, int inputSize)
    {
        TorchRuntime.EnsureInitialized(); // batches are tensors: libtorch must be ready before the first one
        if (samples.Count == 0) throw new HematologyException("No images to make batches of.");
        _labels = samples.Select(s => (long)IndexOf(classes, s.CellClass)).ToArray();
        _images = new RgbImage[samples.Count];
        Parallel.For(0, samples.Count, i => _images[i] = CellImagePreprocessor.CropAndResize(CellImageDecoder.Decode(samples[i].Path), inputSize));
    }

    /// <summary>Number of images.</summary>
    public int Count => _images.Length;

    /// <summary>
    /// The images at <paramref name="indices"/> as [n, 3, side, side] (each image standardised on its own,
    /// thesis ch. 4.3) and their labels; <paramref name="augmentSeed"/> draws one augmented view per image.
    /// </summary>
    public (Tensor Images, Tensor Labels) Batch(IReadOnlyList<int> indices, int? augmentSeed = null, Device? device = null)
    {
        var side = _images[0].Width;
        var plane = 3 * side * side;
        var pixels = new float[indices.Count * plane];
        var augmenter = new CellAugmenter();
        Parallel.For(0, indices.Count, k =>
        {
            var image = _images[indices[k]];
            if (augmentSeed is { } seed) image = augmenter.Augment(image, HashCode.Combine(seed, indices[k]));
            var values = image.ToPlanarFloats();
            PixelStandardizer.StandardizeInPlace(values);
            values.CopyTo(pixels, k * plane);
        });
        var labels = indices.Select(i => _labels[i]).ToArray();
        return (tensor(pixels, [indices.Count, 3, side, side], device: device), tensor(labels, device: device));
    }

    private static int IndexOf(IReadOnlyList<string> classes, string cellClass)
    {
        for (var i = 0; i < classes.Count; i++)
            if (string.Equals(classes[i], cellClass, StringComparison.OrdinalIgnoreCase)) return i;
        throw new HematologyException($"Image class '{cellClass}' is not one of the network's classes ({string.Join(", ", classes)}).");
    }
}
