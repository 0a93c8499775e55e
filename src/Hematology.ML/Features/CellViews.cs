using Hematology.ML.Imaging;

namespace Hematology.ML.Features;

/// <summary>
/// Fixed views of a cell for test-time averaging of features: a cell on a smear has no orientation,
/// so flipped and rotated copies are equally valid pictures of it, and averaging their features
/// removes the orientation-dependence of ImageNet features.
/// </summary>
internal static class CellViews
{
    private static readonly (bool FlipH, bool FlipV, double Degrees)[] Transforms =
    [
        (false, false, 0), (true, false, 0), (false, true, 0), (false, false, 90), (false, false, 45),
    ];

    /// <summary>Number of views available.</summary>
    public static int Count => Transforms.Length;

    /// <summary>View <paramref name="index"/> of an image (view 0 is the image itself).</summary>
    public static RgbImage Get(RgbImage image, int index)
    {
        var (h, v, degrees) = Transforms[index];
        return index == 0 ? image : CellAugmenter.Transform(image, h, v, degrees);
    }
}
