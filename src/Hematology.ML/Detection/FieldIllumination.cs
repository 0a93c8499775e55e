using Hematology.ML.Imaging;

namespace Hematology.ML.Detection;

/// <summary>
/// Optical density against a white that follows the field's illumination: a microscope camera's field is brighter in
/// the middle than at the corners (vignetting, an off-centre lamp), and against one white for the whole field the
/// plasma of a dark corner would read as stain. The white of each block (<see cref="BlockSide"/>) is its brightest
/// pixels' (plasma where there is any), kept within <see cref="Darkest"/> to 1 of the field's white (a block that cells
/// cover has no plasma to show), smoothed over the neighbouring blocks and interpolated between block centres.
/// </summary>
internal static class FieldIllumination
{
    /// <summary>Side of the blocks: a sixth of the field's shorter side (at least 64 px), larger than a white cell in
    /// every framing a camera field has, so that most blocks show plasma.</summary>
    public static int BlockSide(int width, int height) => Math.Max(64, Math.Min(width, height) / 6);

    /// <summary>Darkest a block's white may be, as a fraction of the field's (a corner at 70 % of the centre is strong vignetting).</summary>
    public const double Darkest = 0.7;

    /// <summary>Per channel and pixel, the optical density ln(white / value), 0 or more.</summary>
    public static float[][] Absorbance(RgbImage image, double[] fieldWhite)
    {
        int w = image.Width, h = image.Height, n = w * h;
        var block = BlockSide(w, h);
        int bw = Math.Max(1, (w + block / 2) / block), bh = Math.Max(1, (h + block / 2) / block);
        var logWhite = new double[3][];
        for (var c = 0; c < 3; c++) logWhite[c] = new double[bw * bh];
        var px = image.Pixels;
        var histogram = new int[766];
        for (var by = 0; by < bh; by++)
            for (var bx = 0; bx < bw; bx++)
            {
                int x0 = bx * w / bw, x1 = (bx + 1) * w / bw, y0 = by * h / bh, y1 = (by + 1) * h / bh;
                Array.Clear(histogram);
                for (var y = y0; y < y1; y++)
                    for (var x = x0; x < x1; x++) { var i = (y * w + x) * 3; histogram[px[i] + px[i + 1] + px[i + 2]]++; }
                // The brightest tenth of the block, channel by channel (their mean).
                var wanted = Math.Max(1, (x1 - x0) * (y1 - y0) / 10);
                var cut = FieldStain.BrightestCut(histogram, wanted);
                double r = 0, g = 0, b = 0;
                var count = 0;
                for (var y = y0; y < y1; y++)
                    for (var x = x0; x < x1; x++)
                    {
                        var i = (y * w + x) * 3;
                        if (px[i] + px[i + 1] + px[i + 2] < cut) continue;
                        r += px[i]; g += px[i + 1]; b += px[i + 2]; count++;
                    }
                double[] mean = [r / count, g / count, b / count];
                for (var c = 0; c < 3; c++)
                    logWhite[c][by * bw + bx] = Math.Log(Math.Clamp(mean[c], Darkest * fieldWhite[c], fieldWhite[c]));
            }
        for (var c = 0; c < 3; c++) logWhite[c] = Smooth(logWhite[c], bw, bh);

        var log = new float[256];
        for (var v = 0; v < 256; v++) log[v] = (float)Math.Log(Math.Max(1, v));
        var od = new float[3][];
        for (var c = 0; c < 3; c++) od[c] = new float[n];
        for (var y = 0; y < h; y++)
        {
            // Bilinear between block centres (clamped at the edges).
            var fy = Math.Clamp((y + 0.5) * bh / h - 0.5, 0, bh - 1);
            int y0 = (int)fy, y1 = Math.Min(bh - 1, y0 + 1);
            var ty = fy - y0;
            for (var x = 0; x < w; x++)
            {
                var fx = Math.Clamp((x + 0.5) * bw / w - 0.5, 0, bw - 1);
                int x0 = (int)fx, x1 = Math.Min(bw - 1, x0 + 1);
                var tx = fx - x0;
                var i = y * w + x;
                for (var c = 0; c < 3; c++)
                {
                    var lw = logWhite[c];
                    var white = (1 - ty) * ((1 - tx) * lw[y0 * bw + x0] + tx * lw[y0 * bw + x1]) + ty * ((1 - tx) * lw[y1 * bw + x0] + tx * lw[y1 * bw + x1]);
                    od[c][i] = (float)Math.Max(0, white - log[px[i * 3 + c]]);
                }
            }
        }
        return od;
    }

    // The mean over each block and its eight neighbours: one block of cells without plasma does not make a dip.
    private static double[] Smooth(double[] blocks, int bw, int bh)
    {
        var result = new double[blocks.Length];
        for (var y = 0; y < bh; y++)
            for (var x = 0; x < bw; x++)
            {
                double sum = 0;
                var count = 0;
                for (var dy = -1; dy <= 1; dy++)
                    for (var dx = -1; dx <= 1; dx++)
                        if (x + dx is var nx && y + dy is var ny && nx >= 0 && ny >= 0 && nx < bw && ny < bh) { sum += blocks[ny * bw + nx]; count++; }
                result[y * bw + x] = sum / count;
            }
        return result;
    }
}
