namespace Hematology.ML.Imaging;

/// <summary>
/// Separable Lanczos-3 resampling with an anti-aliasing support that widens with the reduction
/// factor, the filter the <c>pbc-128</c> working set was made with. Doing it ourselves (rather than
/// through Skia's cubic samplers) is what lets a 360x363 original reduce to the same 128x128 pixels
/// as the training images, so originals score like the test split.
/// </summary>
public static class LanczosResampler
{
    private const double Lobes = 3.0;

    /// <summary>Resizes an image to <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static RgbImage Resize(RgbImage source, int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "Target size must be positive.");
        if (source.Width == width && source.Height == height) return source;
        var horizontal = BuildWeights(source.Width, width);
        var vertical = BuildWeights(source.Height, height);

        // Horizontal pass into a float buffer (source height x target width), then vertical.
        var temp = new float[source.Height * width * 3];
        for (var y = 0; y < source.Height; y++)
        {
            var row = y * source.Width * 3;
            for (var x = 0; x < width; x++)
            {
                var (start, weights) = horizontal[x];
                double r = 0, g = 0, b = 0;
                for (var k = 0; k < weights.Length; k++)
                {
                    var p = row + (start + k) * 3;
                    r += weights[k] * source.Pixels[p];
                    g += weights[k] * source.Pixels[p + 1];
                    b += weights[k] * source.Pixels[p + 2];
                }
                var t = (y * width + x) * 3;
                // Rounded to 8 bits between the passes, as Pillow (which made pbc-128) does.
                temp[t] = ToByte(r); temp[t + 1] = ToByte(g); temp[t + 2] = ToByte(b);
            }
        }

        var result = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var (start, weights) = vertical[y];
            for (var x = 0; x < width; x++)
            {
                double r = 0, g = 0, b = 0;
                for (var k = 0; k < weights.Length; k++)
                {
                    var t = ((start + k) * width + x) * 3;
                    r += weights[k] * temp[t];
                    g += weights[k] * temp[t + 1];
                    b += weights[k] * temp[t + 2];
                }
                var o = (y * width + x) * 3;
                result[o] = ToByte(r); result[o + 1] = ToByte(g); result[o + 2] = ToByte(b);
            }
        }
        return new RgbImage(width, height, result);
    }

    private static byte ToByte(double v) => (byte)Math.Clamp((int)Math.Round(v), 0, 255);

    private static double Kernel(double x)
    {
        x = Math.Abs(x);
        if (x < 1e-12) return 1.0;
        if (x >= Lobes) return 0.0;
        var px = Math.PI * x;
        return Lobes * Math.Sin(px) * Math.Sin(px / Lobes) / (px * px);
    }

    // For each output index: the first input index and the normalised weights. When reducing, the
    // kernel is stretched by the scale so every input pixel contributes (anti-aliasing).
    private static (int Start, double[] Weights)[] BuildWeights(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = Lobes * filterScale;
        var table = new (int, double[])[outSize];
        for (var i = 0; i < outSize; i++)
        {
            var centre = (i + 0.5) * scale;
            var start = Math.Max(0, (int)Math.Floor(centre - support + 0.5));
            var end = Math.Min(inSize, (int)Math.Floor(centre + support + 0.5));
            var weights = new double[Math.Max(1, end - start)];
            double sum = 0;
            for (var j = 0; j < end - start; j++)
            {
                weights[j] = Kernel((start + j - centre + 0.5) / filterScale);
                sum += weights[j];
            }
            if (sum != 0)
                for (var j = 0; j < weights.Length; j++) weights[j] /= sum;
            table[i] = (start, weights);
        }
        return table;
    }
}
