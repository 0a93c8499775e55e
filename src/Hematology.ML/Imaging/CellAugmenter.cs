namespace Hematology.ML.Imaging;

/// <summary>
/// The thesis's augmentation (ch. 4.3): random horizontal and vertical flips and a rotation of
/// 0-60 degrees. A cell has no orientation on a smear, so these views are as real as the original.
/// Every random choice comes from the caller's seed, so a run is reproducible.
/// </summary>
internal sealed class CellAugmenter
{
    /// <summary>Defaults from the thesis.</summary>
    public static class Defaults
    {
        /// <summary>Largest rotation in degrees.</summary>
        public const double MaxRotationDegrees = 60;
    }

    /// <summary>Largest rotation in degrees (uniform in [0, max]).</summary>
    public double MaxRotationDegrees { get; init; } = Defaults.MaxRotationDegrees;

    /// <summary>Whether horizontal flips are drawn.</summary>
    public bool HorizontalFlip { get; init; } = true;

    /// <summary>Whether vertical flips are drawn.</summary>
    public bool VerticalFlip { get; init; } = true;

    /// <summary>One augmented view of <paramref name="image"/>, fully determined by <paramref name="seed"/>.</summary>
    public RgbImage Augment(RgbImage image, int seed)
    {
        var random = new Random(seed);
        var flipH = HorizontalFlip && random.Next(2) == 1;
        var flipV = VerticalFlip && random.Next(2) == 1;
        var angle = random.NextDouble() * MaxRotationDegrees;
        return Transform(image, flipH, flipV, angle);
    }

    /// <summary>
    /// Flips, then rotates about the centre by <paramref name="degrees"/> with bilinear sampling. Corners
    /// that come from outside the image repeat the nearest edge pixel (Keras's "nearest" fill, used by
    /// the thesis), which on a smear continues the background instead of painting black triangles.
    /// </summary>
    public static RgbImage Transform(RgbImage image, bool flipHorizontal, bool flipVertical, double degrees)
    {
        int w = image.Width, h = image.Height;
        var result = new byte[w * h * 3];
        var radians = degrees * Math.PI / 180.0;
        double cos = Math.Cos(radians), sin = Math.Sin(radians);
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        var src = image.Pixels;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                // Inverse mapping: where in the flipped source does this output pixel come from?
                double dx = x - cx, dy = y - cy;
                var sx = cos * dx + sin * dy + cx;
                var sy = -sin * dx + cos * dy + cy;
                if (flipHorizontal) sx = w - 1 - sx;
                if (flipVertical) sy = h - 1 - sy;
                sx = Math.Clamp(sx, 0, w - 1);
                sy = Math.Clamp(sy, 0, h - 1);
                int x0 = (int)sx, y0 = (int)sy;
                int x1 = Math.Min(x0 + 1, w - 1), y1 = Math.Min(y0 + 1, h - 1);
                double fx = sx - x0, fy = sy - y0;
                var o = (y * w + x) * 3;
                for (var c = 0; c < 3; c++)
                {
                    var top = src[(y0 * w + x0) * 3 + c] * (1 - fx) + src[(y0 * w + x1) * 3 + c] * fx;
                    var bottom = src[(y1 * w + x0) * 3 + c] * (1 - fx) + src[(y1 * w + x1) * 3 + c] * fx;
                    result[o + c] = (byte)Math.Clamp((int)Math.Round(top * (1 - fy) + bottom * fy), 0, 255);
                }
            }
        }
        return new RgbImage(w, h, result);
    }
}
