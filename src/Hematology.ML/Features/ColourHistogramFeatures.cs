using Hematology.ML.Imaging;

namespace Hematology.ML.Features;

/// <summary>
/// A 512-bin RGB colour histogram (8 levels per channel) of the central part of the image, where the
/// cell is. Stain colour is what separates eosinophils, basophils and erythroblasts, and what frozen
/// ImageNet features under-use; the thesis's group made the same observation with quantitative features.
/// </summary>
internal static class ColourHistogramFeatures
{
    /// <summary>Number of features.</summary>
    public const int FeatureCount = 512;

    /// <summary>Side of the central window as a fraction of the image (80 of 128 pixels).</summary>
    public const double CentralFraction = 80.0 / 128.0;

    /// <summary>
    /// Square roots of the bin frequencies: the Hellinger map, under which Euclidean distance (what
    /// linear and RBF classifiers see) behaves like a distance between distributions.
    /// </summary>
    public static float[] Extract(RgbImage image)
    {
        var side = (int)Math.Round(Math.Min(image.Width, image.Height) * CentralFraction);
        var left = (image.Width - side) / 2;
        var top = (image.Height - side) / 2;
        var counts = new int[FeatureCount];
        for (var y = top; y < top + side; y++)
            for (var x = left; x < left + side; x++)
                counts[(image[x, y, 0] >> 5) * 64 + (image[x, y, 1] >> 5) * 8 + (image[x, y, 2] >> 5)]++;
        var total = (double)side * side;
        var features = new float[FeatureCount];
        for (var i = 0; i < FeatureCount; i++) features[i] = (float)Math.Sqrt(counts[i] / total);
        return features;
    }
}
