namespace Hematology.ML.Imaging;

/// <summary>A cell image seen at another magnification, in a frame of the same pixel size.</summary>
internal static class Magnification
{
    /// <summary>
    /// The same field at another magnification, in a frame of the same pixel size: a factor below 1 shrinks the cell
    /// and shows more of the background (filled by mirroring the edge, which continues plasma and red cells); above 1
    /// crops the centre and enlarges it.
    /// </summary>
    public static RgbImage Zoom(RgbImage image, double factor)
    {
        int w = image.Width, h = image.Height;
        if (factor >= 1)
        {
            int cw = (int)Math.Round(w / factor), ch = (int)Math.Round(h / factor);
            return LanczosResampler.Resize(image, (w - cw) / 2, (h - ch) / 2, cw, ch, w, h);
        }
        var small = LanczosResampler.Resize(image, Math.Max(1, (int)Math.Round(w * factor)), Math.Max(1, (int)Math.Round(h * factor)));
        var pixels = new byte[w * h * 3];
        int offsetX = (w - small.Width) / 2, offsetY = (h - small.Height) / 2;
        for (var y = 0; y < h; y++)
        {
            var sy = Mirror(y - offsetY, small.Height);
            for (var x = 0; x < w; x++)
                Array.Copy(small.Pixels, (sy * small.Width + Mirror(x - offsetX, small.Width)) * 3, pixels, (y * w + x) * 3, 3);
        }
        return new RgbImage(w, h, pixels);
    }

    /// <summary>Index <paramref name="i"/> reflected into 0..n-1, as mirror tiling repeats an image (any integer i).</summary>
    internal static int Mirror(int i, int n)
    {
        var period = 2 * n;
        i = ((i % period) + period) % period;
        return i < n ? i : period - 1 - i;
    }
}
