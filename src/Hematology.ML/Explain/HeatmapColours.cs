using Hematology.ML.Imaging;

namespace Hematology.ML.Explain;

/// <summary>
/// Drawing relevance maps over cells: a blue-cyan-green-yellow-red scale (the "jet" scale of the thesis's
/// Grad-CAM figures, so the pictures compare with them), an overlay whose opacity follows the relevance so
/// the cell stays visible where the network did not look, and a colour bar beside it.
/// </summary>
internal static class HeatmapColours
{
    private static readonly (float At, byte R, byte G, byte B)[] Stops =
        [(0f, 0, 0, 143), (0.125f, 0, 0, 255), (0.375f, 0, 255, 255), (0.625f, 255, 255, 0), (0.875f, 255, 0, 0), (1f, 128, 0, 0)];

    /// <summary>Opacity of the colour where the relevance is 1.</summary>
    public const float MaximumOpacity = 0.6f;

    /// <summary>The scale's colour for a value in [0, 1].</summary>
    public static (byte R, byte G, byte B) Colour(float value)
    {
        var v = Math.Clamp(float.IsFinite(value) ? value : 0, 0, 1);
        var i = 1;
        while (i < Stops.Length - 1 && v > Stops[i].At) i++;
        var (a, b) = (Stops[i - 1], Stops[i]);
        var t = (v - a.At) / (b.At - a.At);
        return ((byte)(a.R + t * (b.R - a.R)), (byte)(a.G + t * (b.G - a.G)), (byte)(a.B + t * (b.B - a.B)));
    }

    /// <summary>A map of values in [0, 1] (row-major, <paramref name="side"/> square) in colour, resized to <paramref name="size"/>.</summary>
    public static RgbImage Render(float[] values, int side, int size)
    {
        var resized = ResizeBilinear(values, side, size);
        var pixels = new byte[size * size * 3];
        for (var i = 0; i < resized.Length; i++) (pixels[i * 3], pixels[i * 3 + 1], pixels[i * 3 + 2]) = Colour(resized[i]);
        return new RgbImage(size, size, pixels);
    }

    /// <summary>
    /// The centre square of <paramref name="cell"/> at <paramref name="size"/> pixels with <paramref name="map"/>
    /// laid over it and a colour bar (1 at the top, 0 at the bottom) on the right.
    /// </summary>
    public static RgbImage Overlay(RgbImage cell, CellHeatmap map, int size = 256)
    {
        var background = CellImagePreprocessor.CropAndResize(cell, size);
        var relevance = ResizeBilinear(map.Values, map.Side, size);
        const int gap = 4, bar = 12;
        var width = size + gap + bar;
        var pixels = new byte[width * size * 3];
        Array.Fill(pixels, (byte)255);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var v = relevance[y * size + x];
                var (r, g, b) = Colour(v);
                var alpha = MaximumOpacity * Math.Clamp(v, 0, 1);
                var src = (y * size + x) * 3;
                var dst = (y * width + x) * 3;
                pixels[dst] = Blend(background.Pixels[src], r, alpha);
                pixels[dst + 1] = Blend(background.Pixels[src + 1], g, alpha);
                pixels[dst + 2] = Blend(background.Pixels[src + 2], b, alpha);
            }
            var (br, bg, bb) = Colour(1f - y / (float)(size - 1));
            for (var x = size + gap; x < width; x++) (pixels[(y * width + x) * 3], pixels[(y * width + x) * 3 + 1], pixels[(y * width + x) * 3 + 2]) = (br, bg, bb);
        }
        return new RgbImage(width, size, pixels);
    }

    /// <summary>Bilinear resize of a square map (pixel centres aligned, as torch's align_corners=false).</summary>
    public static float[] ResizeBilinear(float[] values, int side, int size)
    {
        if (values.Length != side * side) throw new ArgumentException($"{values.Length} values are not a {side}x{side} map.", nameof(values));
        if (side == size) return (float[])values.Clone();
        var result = new float[size * size];
        var scale = side / (float)size;
        for (var y = 0; y < size; y++)
        {
            var sy = Math.Clamp((y + 0.5f) * scale - 0.5f, 0, side - 1);
            int y0 = (int)sy, y1 = Math.Min(y0 + 1, side - 1);
            var fy = sy - y0;
            for (var x = 0; x < size; x++)
            {
                var sx = Math.Clamp((x + 0.5f) * scale - 0.5f, 0, side - 1);
                int x0 = (int)sx, x1 = Math.Min(x0 + 1, side - 1);
                var fx = sx - x0;
                var top = values[y0 * side + x0] * (1 - fx) + values[y0 * side + x1] * fx;
                var bottom = values[y1 * side + x0] * (1 - fx) + values[y1 * side + x1] * fx;
                result[y * size + x] = top * (1 - fy) + bottom * fy;
            }
        }
        return result;
    }

    private static byte Blend(byte under, byte over, float alpha) => (byte)Math.Round(under * (1 - alpha) + over * alpha);
}
