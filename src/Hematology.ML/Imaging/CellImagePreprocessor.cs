namespace Hematology.ML.Imaging;

/// <summary>
/// The one preprocessing recipe of the project: centre square crop, then resize. A model that learned
/// from images of resolution R first brings every input to R this way (a 360x363 original becomes the
/// same 128x128 image as in <c>pbc-128</c>), and only then to its network input size.
/// </summary>
internal static class CellImagePreprocessor
{
    /// <summary>JPEG quality of the working-set recipe (what PBC's own images were stored at).</summary>
    public const int WorkingSetJpegQuality = 90;

    /// <summary>Crops the largest centred square (the offset rounds down, as the working set was made).</summary>
    public static RgbImage CenterSquareCrop(RgbImage image)
    {
        var (left, top, side) = CenterSquare(image);
        if (image.Width == side && image.Height == side) return image;
        var pixels = new byte[side * side * 3];
        for (var y = 0; y < side; y++)
            Array.Copy(image.Pixels, ((top + y) * image.Width + left) * 3, pixels, y * side * 3, side * 3);
        return new RgbImage(side, side, pixels);
    }

    /// <summary>Centre-crops to a square and resizes to <paramref name="size"/> x <paramref name="size"/> (Lanczos-3).</summary>
    public static RgbImage CropAndResize(RgbImage image, int size)
    {
        var (left, top, side) = CenterSquare(image);
        return LanczosResampler.Resize(image, left, top, side, side, size, size);
    }

    // The largest centred square; its offset rounds down, as the working set was made.
    private static (int Left, int Top, int Side) CenterSquare(RgbImage image)
    {
        var side = Math.Min(image.Width, image.Height);
        return ((image.Width - side) / 2, (image.Height - side) / 2, side);
    }

    /// <summary>
    /// The working-set recipe: centre crop, Lanczos resize to <paramref name="resolution"/> and, when the
    /// image had to be resized and <paramref name="jpegQuality"/> is given, a JPEG round trip at that
    /// quality, as the stored working set went through. An image already at the resolution is taken to
    /// be from the working set and left as it is.
    /// </summary>
    public static RgbImage ToWorkingSet(RgbImage image, int resolution, int? jpegQuality)
    {
        if (image.Width == resolution && image.Height == resolution) return image;
        var resized = CropAndResize(image, resolution);
        return jpegQuality is { } quality ? CellImageDecoder.Decode(CellImageDecoder.EncodeJpeg(resized, quality)) : resized;
    }
}
